// The probes read a range's size() on every execution to class it by
// length before its first body (loop::expect_size_of), but only where
// size() is O(1): a container that declares `constant_time_size = false`,
// as Boost.Intrusive lists and sets with constant_time_size<false> do, is
// classed by its iterations instead, and its size() is never called.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Werror -I%S/../../lib/runtime/include %s -o %t/bin
// RUN: env MAPLENS_DIR=%t %t/bin | FileCheck %s
// RUN: %python %S/../Inputs/profile_counts.py %t | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// CHECK: linear size() calls 0
// CHECK-NEXT: constant size() read on every execution: yes
// CHECK-NEXT: sums 499500000 499500000
// COUNTS: 1 executions=1000 iterations=1000000
// COUNTS: 2 executions=1000 iterations=1000000
#include <maplens/probe.h>

#include <cstdio>
#include <vector>

static int SizeCalls[2];

/// A range whose size() is counted; Linear says whether it declares it
/// O(n), as boost::intrusive::list<T, constant_time_size<false>> does.
template <bool Linear> struct counted_range {
  static const bool constant_time_size = !Linear;
  std::vector<long> v;
  std::vector<long>::const_iterator begin() const { return v.begin(); }
  std::vector<long>::const_iterator end() const { return v.end(); }
  std::size_t size() const {
    ++SizeCalls[Linear ? 0 : 1];
    return v.size();
  }
};

#define SITE(Var, Line)                                                        \
  static ::maplens::probe::site Var {                                          \
    "00000000000000f" #Line, "probe-size-hint.cpp", Line, 3, "range", "f",     \
        "for"                                                                  \
  }

template <bool Linear> static long sum(const counted_range<Linear> &r) {
  SITE(s, 1);
  SITE(t, 2);
  long total = 0;
  ::maplens::probe::loop l(Linear ? s : t);
  l.run([&](auto &pass) {
    for (long x : pass.values(r)) {
      ::maplens::probe::body b(pass, x);
      total += x;
    }
  });
  return total;
}

int main() {
  counted_range<true> linear;
  counted_range<false> constant;
  for (long i = 0; i < 1000; ++i) {
    linear.v.push_back(i);
    constant.v.push_back(i);
  }
  long a = 0, b = 0;
  for (int round = 0; round < 1000; ++round) {
    a += sum(linear);
    b += sum(constant);
  }
  std::printf("linear size() calls %d\n", SizeCalls[0]);
  // Every container pass reads it; a contiguous pass reads it to size
  // its array.
  std::printf("constant size() read on every execution: %s\n",
              SizeCalls[1] >= 1000 ? "yes" : "no");
  std::printf("sums %ld %ld\n", a, b);
  return 0;
}
