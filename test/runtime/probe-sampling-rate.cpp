// How often the probes time a short, fast loop, and how timings over the
// container and over a snapshot alternate. An 8-element walk takes less
// than the clock's tick, so its time net of the clock reads is often 0;
// the timing rate follows its cost with the clock reads (about 1 in 100
// executions), not the net time (which once made it 1 in 65536). And a
// snapshot execution needs a timed execution over the container since the
// previous one: snapshots spaced in iterations ran out between two timed
// executions and took all of them, so the container's timing was never
// renewed (1 timed execution against 800 snapshots).
// RUN: rm -rf %t && mkdir -p %t/clang %t/gcc
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/clang.bin
// RUN: env MAPLENS_DIR=%t/clang %t/clang.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sampling_balance.py %t/clang 3000 | FileCheck %s
// RUN: %gxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/gcc.bin
// RUN: env MAPLENS_DIR=%t/gcc %t/gcc.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sampling_balance.py %t/gcc 3000 | FileCheck %s
// OUT: sum 11200000
// CHECK: {{^}}1 timed-at-least-1-in-3000: yes snapshots-at-most-timed: yes (executions=200000
// CHECK: {{^}}2 timed-at-least-1-in-3000: yes snapshots-at-most-timed: yes (executions=200000
#include <maplens/probe.h>

#include <cstdio>
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

int main() {
  std::set<int> s;
  for (int i = 0; i < 8; ++i)
    s.insert(i);
  long sum = 0;
  for (int round = 0; round < 200000; ++round)
    sum += sumTwoPass(s) + sumInLoop(s);
  std::printf("sum %ld\n", sum);
  return 0;
}
