// The first snapshots of a length class need not wait for the loop's own 1%
// budget: a loop run a few dozen times whose snapshot costs many of its
// executions (here each snapshot copies 1000 strings of 1000 characters)
// would get one, and its split would rest on it. They come one after every
// two timed walks over the container while the process has credit for
// them (1% of its wall time, at most 5 ms saved up): with 50 ms of other
// work (a sleep) per round, 20 rounds get several (a snapshot costs about
// 0.8 ms more than the loop here); the same loop run alone, where a
// snapshot costs far more than 1% of the process's time, gets no more than
// the loop's own budget allows. Built with clang++ and g++, in C++14.
// RUN: rm -rf %t && mkdir -p %t/clang-busy %t/clang-alone %t/gcc-busy %t/gcc-alone
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/clang.bin
// RUN: env MAPLENS_DIR=%t/clang-busy %t/clang.bin busy | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/clang-busy | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/Inputs/snapshot_samples.py --counts --by-line %t/clang-busy | FileCheck %s --check-prefix=BUSY
// RUN: env MAPLENS_DIR=%t/clang-alone %t/clang.bin alone | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/snapshot_samples.py --counts --by-line %t/clang-alone | FileCheck %s --check-prefix=ALONE
// RUN: %gxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/gcc.bin
// RUN: env MAPLENS_DIR=%t/gcc-busy %t/gcc.bin busy | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/gcc-busy | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/Inputs/snapshot_samples.py --counts --by-line %t/gcc-busy | FileCheck %s --check-prefix=BUSY
// RUN: env MAPLENS_DIR=%t/gcc-alone %t/gcc.bin alone | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/snapshot_samples.py --counts --by-line %t/gcc-alone | FileCheck %s --check-prefix=ALONE
//
// 20 rounds over 1000 strings of 1000 characters.
// OUT: characters 20000000
// COUNTS: 1 executions=20 iterations=20000
// At most 8 first snapshots, one in three executions (the first execution
// walks the container): 4 to 7 of 20.
// BUSY: {{^}}1 timed={{[0-9]+}} snapshot={{[4-7]$}}
// ALONE: {{^}}1 timed={{[0-9]+}} snapshot={{[12]$}}
#include <maplens/probe.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <time.h>

static long characters(const std::map<int, std::string> &m) {
  static ::maplens::probe::site s1{
      "00000000000000a1", "probe-first-snapshots.cpp", 1, 3, "std::map", "f",
      "for"};
  long n = 0;
  ::maplens::probe::loop l(s1);
  l.run([&](auto &pass) {
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      n += static_cast<long>(kv.second.size());
    }
  });
  return n;
}

int main(int argc, char **argv) {
  const bool busy = argc > 1 && std::strcmp(argv[1], "busy") == 0;
  std::map<int, std::string> m;
  for (int k = 0; k < 1000; ++k)
    m[k] = std::string(1000, static_cast<char>('a' + k % 26));
  long n = 0;
  for (int r = 0; r < 20; ++r) {
    if (busy) {
      // The rest of the program: the first snapshots' credit grows with
      // the process's wall time.
      struct timespec ms50 = {0, 50000000};
      nanosleep(&ms50, nullptr);
    }
    n += characters(m);
  }
  std::printf("characters %ld\n", n);
  return 0;
}
