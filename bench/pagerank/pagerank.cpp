// PageRank over a map-based graph: an end-to-end check of the timing
// probes' split on a program of the kind users have (scripts/bench-pagerank.sh
// runs it; docs/probe-runtime.md has its figures). Its four loops walk
// std::map: spread (body: map lookups per out-edge), damp (writes another
// map of the range's type: a guarded snapshot), delta (walks a second map
// in step with an iterator) and total (a sum, run 30 times per round).
//
// Ground truth, with PAIRED=1 (never in the instrumented runs): each call
// also runs the same loop over a contiguous copy of its range, timed on
// its own, in the same process and round, over the same heap. Only the
// walk that comes first in a call is compared (the second finds the other
// one's data in cache), and which walk comes first follows the pattern
// map, copy, copy, map, so that each comes first in odd and even rounds
// alike (odd and even rounds differ: with plain alternation, each walk
// came first in rounds of one parity only, and delta read -11%).
// Comparing separate runs instead, one over the maps and one
// over copies, compared two heaps: the delta loop's cost per element
// rose from 11 to 50 ns over the rounds of a run over copies while it
// stayed near 30 over the maps, which read 9% iteration where the paired
// walks read 21 to 25%.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

using Graph = std::map<int, std::vector<int>>;
using Ranks = std::map<int, double>;

static double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
// Seconds per loop: over the maps; with PAIRED=1, walks that came first
// in their call, over the maps [0] and over copies [1].
static double T[4], First[2][4];
static unsigned Calls[4];
volatile double Sink;
static bool Paired = std::getenv("PAIRED") != nullptr;
static std::vector<std::pair<int, std::vector<int>>> GraphCopy;
static std::vector<std::pair<int, double>> Buf, Saved;
static void fill(const Ranks &m, std::vector<std::pair<int, double>> &out) {
  out.clear();
  for (const auto &kv : m)
    out.push_back(kv);
}
static void restore(Ranks &m) {
  auto it = Saved.begin();
  for (auto &kv : m)
    kv.second = (it++)->second;
}

// Runs MapWalk, and with PAIRED=1 also CopyWalk, the first of the two
// alternating as described above.
template <class F, class G> static void timed(int k, F MapWalk, G CopyWalk) {
  if (!Paired) {
    double t0 = now();
    MapWalk();
    T[k] += now() - t0;
    return;
  }
  unsigned c = Calls[k]++;
  bool copyFirst = ((c >> 1) ^ c) & 1; // map, copy, copy, map, ...
  for (int pass = 0; pass < 2; ++pass) {
    bool copy = (pass == 0) == copyFirst;
    double t0 = now();
    if (copy)
      CopyWalk();
    else
      MapWalk();
    if (pass == 0)
      First[copy][k] += now() - t0;
  }
}

static void spread(const Graph &g, Ranks &rank, Ranks &next) {
  if (Paired)
    fill(next, Saved);
  bool first = true;
  timed(
      0,
      [&] {
        // The second walk of a call starts from the same ranks (and is
        // timed with the restore, but only first walks are compared).
        if (Paired && !first)
          restore(next);
        first = false;
        for (const auto &[node, outs] : g) {
          double share = rank[node] / static_cast<double>(outs.size());
          for (int t : outs)
            next[t] += share;
        }
      },
      [&] {
        if (!first)
          restore(next);
        first = false;
        for (const auto &[node, outs] : GraphCopy) {
          double share = rank[node] / static_cast<double>(outs.size());
          for (int t : outs)
            next[t] += share;
        }
      });
}

static void damp(const Ranks &next, Ranks &rank, double n) {
  if (Paired)
    fill(next, Buf);
  timed(
      1,
      [&] {
        for (const auto &[k, v] : next)
          rank[k] = 0.15 / n + 0.85 * v;
      },
      [&] {
        for (const auto &[k, v] : Buf)
          rank[k] = 0.15 / n + 0.85 * v;
      });
}

static double delta(const Ranks &a, const Ranks &b) {
  double d = 0, dc = 0;
  if (Paired)
    fill(a, Buf);
  timed(
      2,
      [&] {
        auto it = b.begin();
        for (const auto &[k, v] : a) {
          d += std::fabs(v - it->second);
          ++it;
        }
      },
      [&] {
        auto it = b.begin();
        for (const auto &[k, v] : Buf) {
          dc += std::fabs(v - it->second);
          ++it;
        }
      });
  Sink = dc;
  return d;
}

static double total(const Ranks &r) {
  double s = 0, sc = 0;
  if (Paired)
    fill(r, Buf);
  // Sums into a local: through the captured reference, GCC kept the sum
  // of the walk over Buf in memory (a double that may alias Buf's
  // elements), and that walk ran 4 times slower than clang's.
  timed(
      3,
      [&] {
        double t = 0;
        for (const auto &kv : r)
          t += kv.second;
        s += t;
      },
      [&] {
        double t = 0;
        for (const auto &kv : Buf)
          t += kv.second;
        sc += t;
      });
  Sink = sc;
  return s;
}

int main() {
  const int N = 50000;
  Graph g;
  unsigned x = 12345;
  for (int i = 0; i < N; ++i) {
    std::vector<int> outs;
    int deg = 1 + static_cast<int>((x = x * 1103515245u + 12345u) >> 16) % 8;
    for (int j = 0; j < deg; ++j)
      outs.push_back(static_cast<int>((x = x * 1103515245u + 12345u) >> 8) % N);
    g[(i * 7919) % N] = outs;
  }
  if (Paired) {
    GraphCopy.assign(g.begin(), g.end());
    Buf.reserve(N);
    Saved.reserve(N);
  }
  Ranks rank, next;
  for (int i = 0; i < N; ++i)
    rank[i] = 1.0 / N;
  double s = 0, d = 0;
  for (int it = 0; it < 20; ++it) {
    next.clear();
    for (int i = 0; i < N; ++i)
      next[i] = 0;
    spread(g, rank, next);
    Ranks old = rank;
    damp(next, rank, N);
    d = delta(rank, old);
    for (int k = 0; k < 30; ++k)
      s += total(rank);
  }
  std::printf("sum %.6f delta %.9f\n", s, d);
  // stderr, so that stdout is the same in every mode and build.
  if (!Paired)
    std::fprintf(stderr, "loops %.4f %.4f %.4f %.4f\n", T[0], T[1], T[2], T[3]);
  else
    for (int copy = 0; copy < 2; ++copy)
      std::fprintf(stderr, "first %s %.4f %.4f %.4f %.4f\n",
                   copy ? "copy" : "map", First[copy][0], First[copy][1],
                   First[copy][2], First[copy][3]);
  return 0;
}
