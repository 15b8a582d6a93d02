// What the timing probes cost, and how well their iteration/body split
// matches the truth. For std::map, std::unordered_map and std::set of 8,
// 1e3, 1e5 and 1e6 elements, with a trivial, a ~20 ns and a ~200 ns body,
// one benchmark per cell, `<container>/<size>/<body>`, that times three
// variants of the same walk side by side:
//
//   plain         the loop as written
//   instrumented  the same loop with probes
//   contiguous    the same loop and body over a std::vector copy of the
//                 container, in the same order
//
// Why side by side: this machine is shared, and a walk over 1e5 nodes,
// which lives in the shared L3 cache, took anywhere from 36 to 64 ns per
// element from one 0.1 s repetition to the next while the code stayed the
// same. Timed as separate benchmarks, the variants saw different
// neighbours. Here one benchmark iteration is a *round*: one batch of
// walks of each variant, in a random order, each batch timed on the
// thread's CPU clock and sized to take at least ~0.2 ms. The variants so
// share every period of the machine's drift, and the counters of one
// repetition are taken over all its rounds:
//
//   plain_ns, instrumented_ns, contiguous_ns   CPU time of one walk (mean)
//   overhead     instrumented / plain
//   gap_ns       plain - contiguous
//   reported_share  the iteration_share the probes report (the runtime's
//       own estimator) over all rounds of this cell so far, as a profile
//       covers a whole program run: a 1e6-element walk runs only once or
//       twice per repetition, too few executions for the sampling to see
//       both kinds of timed execution
//
// From their medians over repetitions, scripts/probe_bench_table.py
// computes the overhead and the ground truth
//   (gap - gap over 0 elements) / (plain - plain over 0 elements)
// and writes the table into docs/performance.md.
#include "probe_bench_loops.h"

#include <maplens/probe.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <time.h>

using namespace maplens_bench;

namespace {

// 0: the cost of the call around the loop, which scripts/bench-probes.sh
// takes off the other sizes' ground truth (the probes time the loop only).
const std::size_t Sizes[] = {0, 8, 1000, 100000, 1000000};

struct BodyInfo {
  Body Kind;
  const char *Name;
};
const BodyInfo Bodies[] = {{Body::Trivial, "trivial"},
                           {Body::Moderate, "moderate"},
                           {Body::Heavy, "heavy"}};

/// N distinct random keys, in random order: inserting them allocates the
/// nodes in an order unrelated to the container's iteration order, as in a
/// long-running program.
std::vector<u64> randomKeys(std::size_t N) {
  std::mt19937_64 Rng(0x6d61706c656e73ull ^ N);
  std::set<u64> Seen;
  std::vector<u64> Keys;
  Keys.reserve(N);
  while (Keys.size() < N) {
    u64 K = Rng() >> 16;
    if (Seen.insert(K).second)
      Keys.push_back(K);
  }
  return Keys;
}

void insertKey(OrderedSet &Set, u64 Key) { Set.insert(Key); }
template <class Map> void insertKey(Map &M, u64 Key) {
  M.emplace(Key, Key * 7 + 1);
}

/// A container and its contiguous copy, built on first use and kept.
template <class Container, class Copy> struct Fixture {
  Container Nodes;
  Copy Contiguous;
};

template <class Container, class Copy>
const Fixture<Container, Copy> &fixture(std::size_t N) {
  static std::map<std::size_t, std::unique_ptr<Fixture<Container, Copy>>>
      Cache;
  std::unique_ptr<Fixture<Container, Copy>> &F = Cache[N];
  if (!F) {
    F.reset(new Fixture<Container, Copy>());
    for (u64 K : randomKeys(N))
      insertKey(F->Nodes, K);
    F->Contiguous.assign(F->Nodes.begin(), F->Nodes.end());
  }
  return *F;
}

/// The probe runtime's counts for every instrumented site, summed. Only one
/// instrumented instantiation runs per benchmark, so the difference across
/// a benchmark run is that loop's.
maplens::probe::detail::totals probeTotals() {
  namespace detail = maplens::probe::detail;
  detail::registry &R = detail::reg();
  std::lock_guard<std::mutex> Lock(R.mu);
  detail::totals T;
  for (unsigned I = 0; I < R.sites.size(); ++I)
    T.add(detail::sum_site_locked(R, I));
  return T;
}

/// CPU time of this thread, in ns: what a batch of walks costs, without
/// the time other processes held the core.
double threadCpuNs() {
  timespec T;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T);
  return static_cast<double>(T.tv_sec) * 1e9 + static_cast<double>(T.tv_nsec);
}

/// CPU time of one walk, averaged over a batch of Count walks.
template <class Range>
double timeBatch(const Range &Elements, Body Kind,
                 u64 (*Walk)(const Range &, Body), std::size_t Count) {
  double Start = threadCpuNs();
  for (std::size_t I = 0; I < Count; ++I)
    benchmark::DoNotOptimize(Walk(Elements, Kind));
  return (threadCpuNs() - Start) / static_cast<double>(Count);
}

/// Walks per batch: enough plain walks for ~0.2 ms, so the clock's cost
/// and resolution do not matter. Fixed per cell on its first run, so every
/// repetition times the same batches.
template <class Container>
std::size_t batchSize(const std::string &Cell, const Container &Nodes,
                      Body Kind) {
  static std::map<std::string, std::size_t> Sizes;
  std::size_t &Count = Sizes[Cell];
  if (!Count) {
    Count = 1;
    while (Count < (std::size_t(1) << 20) &&
           timeBatch(Nodes, Kind, &plain::walk, Count) *
                   static_cast<double>(Count) <
               2e5)
      Count *= 2;
  }
  return Count;
}

/// The probes' own view of the instrumented walks of one cell, cumulated
/// over all of its runs (see the comment at the top), as counters.
void reportProbes(benchmark::State &State, const std::string &Cell,
                  const maplens::probe::detail::totals &Delta,
                  std::size_t Elements) {
  namespace detail = maplens::probe::detail;
  const detail::registry &R = detail::reg();
  static std::map<std::string, detail::totals> SoFar;
  detail::totals &Cumulative = SoFar[Cell];
  Cumulative.add(Delta);
  u64 LoopNs = 0, IterationNs = 0;
  detail::estimate(Cumulative, R.timer_ns, LoopNs, IterationNs);
  State.counters["reported_share"] =
      LoopNs ? static_cast<double>(IterationNs) / static_cast<double>(LoopNs)
             : 0.0;
  // Per element, for the write-up of the method: the loop, and the gap
  // between bodies, as the probes saw them.
  double Units = static_cast<double>(Cumulative.iterations);
  if (Units)
    State.counters["loop_ns_per_element"] = LoopNs / Units;
  if (Cumulative.gap_samples)
    State.counters["gap_ns_sampled"] =
        static_cast<double>(Cumulative.gap_ns) / Cumulative.gap_samples;
  State.counters["gap_samples"] = static_cast<double>(Cumulative.gap_samples);
  State.counters["snapshot_executions"] =
      static_cast<double>(Cumulative.snapshot_executions);
  // What the split is computed from: ns per element of the timed
  // executions over the container and over a contiguous pass, in this
  // cell's length class.
  unsigned Class = detail::length_class(Elements);
  if (Cumulative.timed_units[Class])
    State.counters["timed_ns_per_element"] =
        static_cast<double>(Cumulative.timed_loop_ns[Class]) /
        Cumulative.timed_units[Class];
  if (Cumulative.snapshot_units[Class])
    State.counters["snapshot_ns_per_element"] =
        static_cast<double>(Cumulative.snapshot_loop_ns[Class]) /
        Cumulative.snapshot_units[Class];
}

template <class Container, class Copy>
void measureCell(benchmark::State &State, const std::string &Cell,
                 std::size_t N, Body Kind) {
  const Fixture<Container, Copy> &F = fixture<Container, Copy>(N);
  std::size_t Count = batchSize(Cell, F.Nodes, Kind);
  // The order of the variants within a round: random, so that none of them
  // always runs after the same other one (and finds its caches as that one
  // left them).
  static std::mt19937 Rng(0x70726f6265u);
  enum { Plain, Instrumented, Contiguous, NumVariants };
  int Order[NumVariants] = {Plain, Instrumented, Contiguous};
  double Sum[NumVariants] = {0, 0, 0};
  maplens::probe::detail::totals Before = probeTotals();
  u64 InstrumentedWalks = 0;
  for (auto _ : State) {
    std::shuffle(Order, Order + NumVariants, Rng);
    double Round[NumVariants];
    for (int V : Order) {
      if (V == Plain)
        Round[V] = timeBatch(F.Nodes, Kind, &plain::walk, Count);
      else if (V == Instrumented)
        Round[V] = timeBatch(F.Nodes, Kind, &instrumented::walk, Count);
      else
        Round[V] = timeBatch(F.Contiguous, Kind, &plain::walk, Count);
    }
    InstrumentedWalks += Count;
    for (int V = 0; V < NumVariants; ++V)
      Sum[V] += Round[V];
  }
  maplens::probe::detail::totals Delta = probeTotals().minus(Before);
  if (Delta.iterations != InstrumentedWalks * N) {
    State.SkipWithError("the probes miscounted the iterations");
    return;
  }
  State.SetItemsProcessed(static_cast<std::int64_t>(State.iterations()) *
                          static_cast<std::int64_t>(Count * N));
  State.counters["walks_per_batch"] = static_cast<double>(Count);
  // Means over the rounds, not medians: the rare walks the probes time or
  // take a snapshot in cost more, and they are part of what the probes
  // cost. (At 1e5 elements and up a batch is a single walk.)
  double Rounds = static_cast<double>(State.iterations());
  State.counters["plain_ns"] = Sum[Plain] / Rounds;
  State.counters["instrumented_ns"] = Sum[Instrumented] / Rounds;
  State.counters["contiguous_ns"] = Sum[Contiguous] / Rounds;
  State.counters["overhead"] = Sum[Instrumented] / Sum[Plain];
  State.counters["gap_ns"] = (Sum[Plain] - Sum[Contiguous]) / Rounds;
  reportProbes(State, Cell, Delta, N);
}

template <class Container, class Copy>
void registerCell(const char *ContainerName, std::size_t N,
                  const BodyInfo &B) {
  std::string Cell = std::string(ContainerName) + "/" + std::to_string(N) +
                     "/" + B.Name;
  Body Kind = B.Kind;
  benchmark::RegisterBenchmark(Cell.c_str(),
                               [Cell, N, Kind](benchmark::State &State) {
                                 measureCell<Container, Copy>(State, Cell, N,
                                                              Kind);
                               });
}

} // namespace

int main(int Argc, char **Argv) {
  for (std::size_t N : Sizes)
    for (const BodyInfo &B : Bodies) {
      registerCell<OrderedMap, PairVector>("map", N, B);
      registerCell<HashMap, PairVector>("unordered_map", N, B);
      registerCell<OrderedSet, KeyVector>("set", N, B);
    }
  // How the instrumented copy was made: the plugin, or maplens instrument.
  benchmark::AddCustomContext("maplens_instrumented_by",
                              MAPLENS_PROBE_BENCH_ROUTE);
  benchmark::Initialize(&Argc, Argv);
  if (benchmark::ReportUnrecognizedArguments(Argc, Argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
