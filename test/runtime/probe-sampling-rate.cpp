// How often the probes time a short, fast loop, and how timings over the
// container and over a snapshot alternate. An 8-element walk takes less
// than the clock's tick, so its time net of the clock reads is often 0;
// the timing rate follows its cost with the clock reads (about 1 in 100
// executions), not the net time (which once made it 1 in 65536). And a
// snapshot execution needs a timed execution over the container since the
// previous one: snapshots spaced in iterations ran out between two timed
// executions and took all of them, so the container's timing was never
// renewed (1 timed execution against 800 snapshots). And which executions
// are timed: a search loop over 300 elements that stops at the first or
// second in 7 executions of 8 and walks them all in the 8th (39 iterations
// per execution on average) had its timed executions follow its long ones
// (3 iterations each on average) when timing was due by a count of
// iterations, so the split came from the short walks alone; due by a
// count of executions, with jitter, the timed ones are a fair sample.
// The searches run 160000 times: with 40000 (about 90 timed executions,
// 11 of them long on average) a fair sample still fell under half the
// mean length in about 1 run in 30 per compiler.
// RUN: rm -rf %t && mkdir -p %t/clang %t/gcc
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/clang.bin
// RUN: env MAPLENS_DIR=%t/clang %t/clang.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sampling_balance.py %t/clang 3000 | FileCheck %s
// RUN: %gxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/gcc.bin
// RUN: env MAPLENS_DIR=%t/gcc %t/gcc.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sampling_balance.py %t/gcc 3000 | FileCheck %s
// OUT: sum 11200000
// OUT-NEXT: found 140000 searches 140000
// CHECK: {{^}}1 timed-at-least-1-in-3000: yes snapshots-at-most-timed: yes representative: yes (executions=200000
// CHECK: {{^}}2 timed-at-least-1-in-3000: yes snapshots-at-most-timed: yes representative: yes (executions=200000
// CHECK: {{^}}3 timed-at-least-1-in-3000: yes snapshots-at-most-timed: yes representative: yes (executions=160000
// CHECK: {{^}}4 timed-at-least-1-in-3000: yes snapshots-at-most-timed: yes representative: yes (executions=160000
#include <maplens/probe.h>

#include <cstdio>
#include <map>
#include <set>

#define SITE(Var, Line)                                                        \
  static ::maplens::probe::site Var {                                          \
    "00000000000000d" #Line, "probe-sampling-rate.cpp", Line, 3, "std::set",   \
        "f", "for"                                                             \
  }

/// The two-pass form with copies, as the rewrite emits for a loop that only
/// reads elements.
static long sumTwoPass(const std::set<int> &s) {
  SITE(site, 1);
  long total = 0;
  ::maplens::probe::loop l(site);
  l.run([&](auto &pass) {
    for (int x : pass.values(s)) {
      ::maplens::probe::body b(pass, x);
      total += x;
    }
  });
  return total;
}

/// The in-loop form, whose snapshot walks the set's iterators.
static long sumInLoop(const std::set<int> &s) {
  SITE(site, 2);
  long total = 0;
  ::maplens::probe::loop l(site);
  for (int x : l.range(s)) {
    ::maplens::probe::body b(l, x);
    total += x;
  }
  return total;
}

/// The search: the first element over the limit, in the two-pass form with
/// the range handed over (as the rewrite emits a loop with break), and in
/// the in-loop form.
static int searchTwoPass(const std::map<int, int> &m, int limit) {
  SITE(site, 3);
  int found = -1;
  static thread_local ::maplens::probe::short_counts shorts;
  ::maplens::probe::run(site, shorts, m, [&](auto &pass) {
    for (const auto &kv : pass.range(m)) {
      ::maplens::probe::body b(pass, kv);
      if (kv.second > limit) {
        found = kv.first;
        break;
      }
    }
  });
  return found;
}
static int searchInLoop(const std::map<int, int> &m, int limit) {
  SITE(site, 4);
  ::maplens::probe::loop l(site);
  for (const auto &kv : l.range(m)) {
    ::maplens::probe::body b(l, kv);
    if (kv.second > limit)
      return kv.first;
  }
  return -1;
}

int main() {
  // Values 1, 7, then 1..7 again: a limit of 0 stops at the first element,
  // 1 to 6 at the second, 7 never.
  std::map<int, int> levels;
  for (int i = 0; i < 300; ++i)
    levels[i] = (i * 13) % 7 + 1;
  long found = 0, searches = 0;
  for (int round = 0; round < 160000; ++round) {
    found += searchTwoPass(levels, round % 8) >= 0;
    searches += searchInLoop(levels, round % 8) >= 0;
  }
  std::set<int> s;
  for (int i = 0; i < 8; ++i)
    s.insert(i);
  long sum = 0;
  for (int round = 0; round < 200000; ++round)
    sum += sumTwoPass(s) + sumInLoop(s);
  std::printf("sum %ld\n", sum);
  std::printf("found %ld searches %ld\n", found, searches);
  return 0;
}
