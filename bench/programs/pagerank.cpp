// PageRank over a map-based graph: an end-to-end check of the timing
// probes' split on a program of the kind users have (scripts/bench-program.sh
// pagerank runs it; docs/probe-runtime.md has its figures). Its four loops
// walk std::map: spread (body: map lookups per out-edge), damp (writes
// another map of the range's type: a guarded snapshot), delta (walks a
// second map in step with an iterator) and total (a sum, run 30 times per
// round).
//
// The ground truth (PAIRED=1/2) is measured as ground_truth.h describes.
// The graph's copy is made once, at the start of every run (normal runs
// too), so that its vectors take the same place in the heap in every run.
#include "ground_truth.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <utility>
#include <vector>

using Graph = std::map<int, std::vector<int>>;
using Ranks = std::map<int, double>;

namespace {
ground_truth::Loop SpreadLoop("spread"), DampLoop("damp"), DeltaLoop("delta"),
    TotalLoop("total");
std::vector<std::pair<int, std::vector<int>>> GraphCopy;
using RanksCopy = ground_truth::Copy<std::pair<int, double>>;
} // namespace

static void spread(const Graph &g, Ranks &rank, Ranks &next) {
  SpreadLoop.run(
      g.size(),
      [&] {
        for (const auto &[node, outs] : g) { // truth: spread
          double share = rank[node] / static_cast<double>(outs.size());
          for (int t : outs)
            next[t] += share;
        }
      },
      [] {},
      [&] {
        for (const auto &[node, outs] : GraphCopy) {
          double share = rank[node] / static_cast<double>(outs.size());
          for (int t : outs)
            next[t] += share;
        }
      });
}

static void damp(const Ranks &next, Ranks &rank, double n) {
  RanksCopy copy;
  DampLoop.run(
      next.size(),
      [&] {
        for (const auto &[k, v] : next) // truth: damp
          rank[k] = 0.15 / n + 0.85 * v;
      },
      [&] { copy.assign(next.begin(), next.end()); },
      [&] {
        for (const auto &[k, v] : copy)
          rank[k] = 0.15 / n + 0.85 * v;
      });
}

static double delta(const Ranks &a, const Ranks &b) {
  double d = 0;
  RanksCopy copy;
  DeltaLoop.run(
      a.size(),
      [&] {
        auto it = b.begin();
        for (const auto &[k, v] : a) { // truth: delta
          d += std::fabs(v - it->second);
          ++it;
        }
      },
      [&] { copy.assign(a.begin(), a.end()); },
      [&] {
        auto it = b.begin();
        for (const auto &[k, v] : copy) {
          d += std::fabs(v - it->second);
          ++it;
        }
      });
  return d;
}

static double total(const Ranks &r) {
  double s = 0;
  RanksCopy copy;
  // Sums into a local: through the captured reference, GCC kept the sum
  // of the walk over the copy in memory (a double that may alias the
  // copy's elements), and that walk ran 4 times slower than clang's.
  TotalLoop.run(
      r.size(),
      [&] {
        double t = 0;
        for (const auto &kv : r) // truth: total
          t += kv.second;
        s += t;
      },
      [&] { copy.assign(r.begin(), r.end()); },
      [&] {
        double t = 0;
        for (const auto &kv : copy)
          t += kv.second;
        s += t;
      });
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
  GraphCopy.assign(g.begin(), g.end());
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
  ground_truth::report();
  return 0;
}
