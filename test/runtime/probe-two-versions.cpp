// Two versions of the probe header in one program: a library instrumented
// by one maplens linked into a program instrumented by another. The
// header's inline namespace (probe_v7) gives each version its own symbols,
// so each keeps its own counts and writes its own profile; before it, one
// name for two layouts of short_counts gave counts like executions=1
// iterations=800000. Here the second version is simulated by renaming the
// namespace of one translation unit.
// RUN: rm -rf %t && mkdir -p %t/prof
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Werror -I%S/../../lib/runtime/include -DPART=1 -c %s -o %t/a.o
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Werror -I%S/../../lib/runtime/include -DPART=2 -Dprobe_v7=probe_v7_other -c %s -o %t/b.o
// RUN: %clangxx -std=c++14 -O2 -DPART=3 %s %t/a.o %t/b.o -o %t/mixed
// RUN: env MAPLENS_DIR=%t/prof %t/mixed | FileCheck %s --check-prefix=OUT
// RUN: ls %t/prof | FileCheck %s --check-prefix=FILES
// RUN: %python %S/../Inputs/profile_counts.py %t/prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// OUT: 5600000
// FILES: maplens-{{[0-9]+}}-0.json
// FILES-NEXT: maplens-{{[0-9]+}}-1.json
// COUNTS: 1 executions=100000 iterations=800000
// COUNTS: 2 executions=100000 iterations=800000
#include <set>

#if PART == 1 || PART == 2
#include <maplens/probe.h>

#if PART == 1
#define WALK walkOne
#define LINE 1
#define ID "00000000000000f1"
#else
#define WALK walkTwo
#define LINE 2
#define ID "00000000000000f2"
#endif

long WALK(const std::set<int> &s) {
  static ::maplens::probe::site site{ID, "probe-two-versions.cpp", LINE, 3, "std::set<int>", "walk", "for"};
  static thread_local ::maplens::probe::short_counts shorts;
  long n = 0;
  ::maplens::probe::run(site, shorts, s, [&](auto &pass) {
    for (int x : pass.values(s)) {
      ::maplens::probe::body b(pass, x);
      n += x;
    }
  });
  return n;
}
#else
#include <cstdio>

long walkOne(const std::set<int> &s);
long walkTwo(const std::set<int> &s);

int main() {
  std::set<int> s;
  for (int i = 0; i < 8; ++i)
    s.insert(i);
  long t = 0;
  for (int r = 0; r < 100000; ++r)
    t += walkOne(s) + walkTwo(s);
  std::printf("%ld\n", t);
}
#endif
