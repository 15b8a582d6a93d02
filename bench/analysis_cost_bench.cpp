// What the plugin adds to `clang++ -fsyntax-only`: the same compile of a
// large generated translation unit, with and without -fplugin=MapLens.so
// (mode=list, remarks discarded), as child processes.
//
//   analysis-cost-bench CLANGXX PLUGIN TU.cpp [benchmark flags]
//
// One benchmark iteration is one *pair* of compiles, back to back, in an
// order that alternates between iterations. The machine is shared: its
// speed drifts by more than the few percent measured here over a minute,
// but hardly within the six seconds of one pair, so the ratio within each
// pair is what to take the median of. Each pair reports, as counters:
//   plain_ms, plugin_ms        wall time of each compile
//   ratio                      plugin_ms / plain_ms
//   cpu_ratio                  the same for the child's user+system time,
//                              which a neighbour's load disturbs less
// Run with --benchmark_repetitions=N (and the default one iteration per
// repetition): the aggregates' medians are medians over N pairs.
//
// scripts/bench-analysis-cost.sh builds, runs, and records the figures.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

static std::string Clang, Plugin, Source;

struct CompileTime {
  double WallMs = 0;
  double CpuMs = 0;
  bool Ok = false;
};

static double toMs(const timeval &T) {
  return T.tv_sec * 1e3 + T.tv_usec / 1e3;
}

/// Runs Args as a child with stderr sent to /dev/null; its wall time and
/// the user+system time it (and its own children) used.
static CompileTime compileOnce(const std::vector<std::string> &Args) {
  std::vector<char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(const_cast<char *>(A.c_str()));
  Argv.push_back(nullptr);
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, 2, "/dev/null", O_WRONLY, 0);
  CompileTime T;
  auto Start = std::chrono::steady_clock::now();
  pid_t Pid;
  if (posix_spawn(&Pid, Argv[0], &Actions, nullptr, Argv.data(), environ) != 0) {
    posix_spawn_file_actions_destroy(&Actions);
    return T;
  }
  int Status = 0;
  rusage Usage{};
  wait4(Pid, &Status, 0, &Usage);
  T.WallMs = std::chrono::duration<double, std::milli>(
                 std::chrono::steady_clock::now() - Start)
                 .count();
  T.CpuMs = toMs(Usage.ru_utime) + toMs(Usage.ru_stime);
  T.Ok = WIFEXITED(Status) && WEXITSTATUS(Status) == 0;
  posix_spawn_file_actions_destroy(&Actions);
  return T;
}

static void BM_PluginAddedCost(benchmark::State &State) {
  const std::vector<std::string> Plain = {Clang, "-std=c++20", "-fsyntax-only",
                                          Source};
  const std::vector<std::string> WithPlugin = {
      Clang, "-std=c++20", "-fsyntax-only", "-fplugin=" + Plugin,
      "-fplugin-arg-maplens-mode=list", Source};
  static unsigned Pair = 0;
  CompileTime A, B;
  for (auto _ : State) {
    // Alternate which compile goes first, so that any cost of going first
    // or second (caches, a neighbour's rhythm) falls on both equally.
    if (Pair++ % 2 == 0) {
      A = compileOnce(Plain);
      B = compileOnce(WithPlugin);
    } else {
      B = compileOnce(WithPlugin);
      A = compileOnce(Plain);
    }
    if (!A.Ok || !B.Ok) {
      State.SkipWithError("a compile failed (run it by hand to see why)");
      return;
    }
  }
  State.counters["plain_ms"] = A.WallMs;
  State.counters["plugin_ms"] = B.WallMs;
  State.counters["ratio"] = B.WallMs / A.WallMs;
  State.counters["cpu_ratio"] = B.CpuMs / A.CpuMs;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s CLANGXX PLUGIN TU.cpp [benchmark flags]\n", argv[0]);
    return 2;
  }
  Clang = argv[1];
  Plugin = argv[2];
  Source = argv[3];
  argv[3] = argv[0];
  argc -= 3;
  argv += 3;
  benchmark::RegisterBenchmark("plugin-added-cost", BM_PluginAddedCost)
      ->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
