// What the plugin adds to `clang++ -fsyntax-only`: the same compile of a
// large generated translation unit, with and without -fplugin=MapLens.so
// (mode=list, remarks discarded). Wall time of the child process.
//
//   analysis-cost-bench CLANGXX PLUGIN TU.cpp [benchmark flags]
//
// scripts/bench-analysis-cost.sh builds, runs, and records the figures.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

static std::string Clang, Plugin, Source;

static void compileOnce(benchmark::State &State, const std::vector<std::string> &Args) {
  std::vector<char *> Argv;
  for (const std::string &A : Args)
    Argv.push_back(const_cast<char *>(A.c_str()));
  Argv.push_back(nullptr);
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t Pid;
  if (posix_spawn(&Pid, Argv[0], &Actions, nullptr, Argv.data(), environ) != 0) {
    State.SkipWithError("cannot start the compiler");
    return;
  }
  int Status = 0;
  waitpid(Pid, &Status, 0);
  posix_spawn_file_actions_destroy(&Actions);
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0)
    State.SkipWithError("the compile failed");
}

static void BM_SyntaxOnly(benchmark::State &State) {
  std::vector<std::string> Args = {Clang, "-std=c++20", "-fsyntax-only", Source};
  for (auto _ : State)
    compileOnce(State, Args);
}

static void BM_SyntaxOnlyWithPlugin(benchmark::State &State) {
  std::vector<std::string> Args = {Clang, "-std=c++20", "-fsyntax-only",
                                   "-fplugin=" + Plugin,
                                   "-fplugin-arg-maplens-mode=list", Source};
  for (auto _ : State)
    compileOnce(State, Args);
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
  // Interleaved repetitions would be fairer on a noisy machine, but Google
  // Benchmark runs one benchmark's repetitions together; the script reports
  // medians, which tolerate the occasional disturbed run.
  benchmark::RegisterBenchmark("syntax-only", BM_SyntaxOnly)
      ->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(1);
  benchmark::RegisterBenchmark("syntax-only+plugin", BM_SyntaxOnlyWithPlugin)
      ->UseRealTime()->Unit(benchmark::kMillisecond)->Iterations(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
