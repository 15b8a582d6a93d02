// Loop time when a loop's cost changes during the run: timed executions
// are weighted by the executions each stands for. The timing period
// follows the cost of the latest timed execution, so a slow phase (here
// the first 64 executions, 64 us each: as a cold start, or a body that
// does more work early on) is timed at every execution and a cheap phase
// after it (200000 executions of about 0.2 us) once in about a hundred.
// Pooled unweighted, the 64 slow timings stood for much of the run: loop
// time 2 to 9 times what the program measured. Each site is
// checked against the time the program measures around its calls.
// RUN: rm -rf %t && mkdir -p %t/clang %t/gcc
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Werror -I%S/../../lib/runtime/include %s -o %t/clang.bin
// RUN: env MAPLENS_DIR=%t/clang %t/clang.bin > %t/clang.out
// RUN: FileCheck %s --check-prefix=OUT < %t/clang.out
// RUN: %python %S/Inputs/loop_time_check.py %t/clang %t/clang.out | FileCheck %s
// RUN: %gxx -std=c++14 -O2 -Wall -Wextra -Werror -I%S/../../lib/runtime/include %s -o %t/gcc.bin
// RUN: env MAPLENS_DIR=%t/gcc %t/gcc.bin > %t/gcc.out
// RUN: FileCheck %s --check-prefix=OUT < %t/gcc.out
// RUN: %python %S/Inputs/loop_time_check.py %t/gcc %t/gcc.out | FileCheck %s
// OUT: sum 392832000{{$}}
// CHECK: {{^}}1 estimate-within-2x-of-measured: yes
// CHECK: {{^}}2 estimate-within-2x-of-measured: yes
// CHECK: {{^}}3 estimate-within-2x-of-measured: yes
#include <maplens/probe.h>

#include <cstdio>
#include <map>
#include <time.h>

#define SITE(Var, Line)                                                        \
  static ::maplens::probe::site Var {                                          \
    "00000000000000e" #Line, "probe-weighted-timings.cpp", Line, 3,            \
        "std::map<int, int>", "f", "for"                                       \
  }

static long long nowNs() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/// The slow phase's body: about 2 us per element.
__attribute__((noinline)) static int spin(int v, bool slow) {
  if (slow) {
    long long until = nowNs() + 2000;
    while (nowNs() < until) {
    }
  }
  return v;
}

/// The fast path of probe::run (the two-pass form, no break).
static long sumFast(const std::map<int, int> &m, bool slow) {
  SITE(site, 1);
  static thread_local ::maplens::probe::short_counts shorts;
  long total = 0;
  ::maplens::probe::run_no_break(site, shorts, m, [&](auto &pass) {
    for (const auto &kv : pass.range(m)) {
      ::maplens::probe::body b(pass, kv);
      total += spin(kv.second, slow);
    }
  });
  return total;
}

/// The two-pass form through the loop object.
static long sumTwoPass(const std::map<int, int> &m, bool slow) {
  SITE(site, 2);
  long total = 0;
  ::maplens::probe::loop l(site);
  l.run([&](auto &pass) {
    for (const auto &kv : pass.range(m)) {
      ::maplens::probe::body b(pass, kv);
      total += spin(kv.second, slow);
    }
  });
  return total;
}

/// The in-loop form.
static long sumInLoop(const std::map<int, int> &m, bool slow) {
  SITE(site, 3);
  long total = 0;
  ::maplens::probe::loop l(site);
  for (const auto &kv : l.range(m)) {
    ::maplens::probe::body b(l, kv);
    total += spin(kv.second, slow);
  }
  return total;
}

int main() {
  std::map<int, int> m;
  for (int i = 0; i < 32; ++i)
    m[i * 7919 % 1000] = i * 1000;
  long (*const walks[3])(const std::map<int, int> &, bool) = {
      sumFast, sumTwoPass, sumInLoop};
  long sum = 0;
  long long measured[3] = {0, 0, 0};
  for (int w = 0; w < 3; ++w) {
    long long start = nowNs();
    for (int round = 0; round < 64; ++round)
      sum += walks[w](m, true);
    for (int round = 0; round < 200000; ++round)
      sum += walks[w](m, false) / 1000;
    measured[w] = nowNs() - start;
  }
  std::printf("sum %ld\n", sum);
  for (int w = 0; w < 3; ++w)
    std::printf("measured %d %lld\n", w + 1, measured[w]);
  return 0;
}
