// What the timing probes cost, and how well their iteration/body split
// matches the truth. For std::map, std::unordered_map and std::set of 8,
// 1e3, 1e5 and 1e6 elements, with a trivial, a ~20 ns and a ~200 ns body,
// three benchmarks each (real time, one full walk per benchmark iteration):
//
//   <container>/<size>/<body>/plain         the loop as written
//   <container>/<size>/<body>/instrumented  the same loop with probes; its
//       `reported_share` counter is the iteration_share the probes report
//       (the runtime's own estimator) over all runs of this benchmark so
//       far, as a profile covers a whole program run: a 1e6-element walk
//       runs only once or twice in one 0.1 s run, too few executions for
//       the sampling to see both kinds of timed execution
//   <container>/<size>/<body>/contiguous    the same loop and body over a
//       std::vector copy of the container, in the same order
//
// From their medians, scripts/bench-probes.sh computes
//   overhead     = instrumented / plain
//   ground truth = (plain - contiguous) / (plain - plain over 0 elements)
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

template <class Range>
void timeWalks(benchmark::State &State, const Range &Elements, Body Kind,
               u64 (*Walk)(const Range &, Body)) {
  for (auto _ : State)
    benchmark::DoNotOptimize(Walk(Elements, Kind));
  State.SetItemsProcessed(static_cast<std::int64_t>(State.iterations()) *
                          static_cast<std::int64_t>(Elements.size()));
}

template <class Container, class Copy>
void registerCell(const char *ContainerName, std::size_t N,
                  const BodyInfo &B) {
  std::string Prefix = std::string(ContainerName) + "/" + std::to_string(N) +
                       "/" + B.Name + "/";
  Body Kind = B.Kind;
  benchmark::RegisterBenchmark(
      (Prefix + "plain").c_str(), [N, Kind](benchmark::State &State) {
        timeWalks<Container>(State, fixture<Container, Copy>(N).Nodes, Kind,
                             &plain::walk);
      });
  benchmark::RegisterBenchmark(
      (Prefix + "instrumented").c_str(),
      [N, Kind, Prefix](benchmark::State &State) {
        const Container &Nodes = fixture<Container, Copy>(N).Nodes;
        maplens::probe::detail::totals Before = probeTotals();
        timeWalks<Container>(State, Nodes, Kind, &instrumented::walk);
        maplens::probe::detail::totals Delta = probeTotals().minus(Before);
        if (Delta.iterations !=
            static_cast<u64>(State.iterations()) * Nodes.size()) {
          State.SkipWithError("the probes miscounted the iterations");
          return;
        }
        namespace detail = maplens::probe::detail;
        const detail::registry &R = detail::reg();
        static std::map<std::string, detail::totals> SoFar;
        detail::totals &Cumulative = SoFar[Prefix];
        Cumulative.add(Delta);
        u64 LoopNs = 0, IterationNs = 0;
        detail::estimate(Cumulative, R.timer_ns, LoopNs, IterationNs);
        State.counters["reported_share"] =
            LoopNs ? static_cast<double>(IterationNs) /
                         static_cast<double>(LoopNs)
                   : 0.0;
        // Per element, for the write-up of the method: the loop, and the
        // gap between bodies, as the probes saw them.
        double Units = static_cast<double>(Cumulative.iterations);
        State.counters["loop_ns_per_element"] = LoopNs / Units;
        if (Cumulative.gap_samples)
          State.counters["gap_ns_sampled"] =
              static_cast<double>(Cumulative.gap_ns) / Cumulative.gap_samples;
        State.counters["gap_samples"] =
            static_cast<double>(Cumulative.gap_samples);
        State.counters["snapshot_executions"] =
            static_cast<double>(Cumulative.snapshot_executions);
        // What the split is computed from: ns per element of the timed
        // executions over the container and over a contiguous pass, in
        // this cell's length class.
        unsigned Class = detail::length_class(Nodes.size());
        if (Cumulative.timed_units[Class])
          State.counters["timed_ns_per_element"] =
              static_cast<double>(Cumulative.timed_loop_ns[Class]) /
              Cumulative.timed_units[Class];
        if (Cumulative.snapshot_units[Class])
          State.counters["snapshot_ns_per_element"] =
              static_cast<double>(Cumulative.snapshot_loop_ns[Class]) /
              Cumulative.snapshot_units[Class];
      });
  benchmark::RegisterBenchmark(
      (Prefix + "contiguous").c_str(), [N, Kind](benchmark::State &State) {
        timeWalks<Copy>(State, fixture<Container, Copy>(N).Contiguous, Kind,
                        &plain::walk);
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
