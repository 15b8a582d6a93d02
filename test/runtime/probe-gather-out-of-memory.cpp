// Out of memory in a snapshot's gather: the array cannot be allocated, or
// a copy's own memory (a vector's buffer) cannot. Where the range was
// handed to the runtime (probe::run, the rewrite's usual form), the
// contiguous pass then walks nothing and the execution goes over the
// container: the program's output and counts are the plain program's.
// Before, the pass called std::abort() (or a copy's std::bad_alloc ended
// the program in a noexcept function). The class tries again 64
// executions later, and gets its snapshots once memory is back.
//
// Phase 2 lowers RLIMIT_AS to what the process uses plus 512 KiB, which a
// pointer array of 200000 elements (1.6 MB, an mmap) does not fit in, and
// makes operator new fail for blocks of 1000 bytes or more (the deep
// copies' vectors; the program allocates nothing else meanwhile).
// RUN: rm -rf %t && mkdir -p %t/clang %t/gcc
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/clang.bin
// RUN: env MAPLENS_DIR=%t/clang %t/clang.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/clang | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %gxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/gcc.bin
// RUN: env MAPLENS_DIR=%t/gcc %t/gcc.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/gcc | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
//
// OUT: phase 1: sums agree
// OUT-NEXT: phase 2: sums agree, failed allocations: yes
// OUT-NEXT: phase 2: 1 snapshots 0, gave up yes
// OUT-NEXT: phase 2: 2 snapshots 0, gave up yes
// OUT-NEXT: phase 2: 3 snapshots 0, gave up yes
// OUT-NEXT: phase 3: sums agree
// OUT-NEXT: phase 3: 1 snapshots>0
// OUT-NEXT: phase 3: 2 snapshots>0
// OUT-NEXT: phase 3: 3 snapshots>0
// COUNTS: 1 executions=141 iterations=28200000
// COUNTS: 2 executions=141 iterations=28200000
// COUNTS: 3 executions=141 iterations=14100
#include <maplens/probe.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <new>
#include <vector>

// The replaced operator new takes its memory from malloc, so its delete
// frees it; GCC cannot see the pair once both are inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
static bool FailNew = false;
static long FailedNews = 0;
void *operator new(std::size_t n) {
  if (FailNew && n >= 1000) {
    ++FailedNews;
    throw std::bad_alloc();
  }
  if (void *p = std::malloc(n ? n : 1))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept {
  if (p)
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept { operator delete(p); }

#define SITE(Var, Line)                                                        \
  static ::maplens::probe::site Var {                                          \
    "0000000000000e0" #Line, "probe-gather-out-of-memory.cpp", Line, 3,         \
        "std::map", "f", "for"                                                 \
  }
SITE(site1, 1);
SITE(site2, 2);
SITE(site3, 3);

typedef std::map<int, long> Big;
typedef std::map<int, std::vector<int>> Deep;

// Copies (a pointer array, then an array of copies).
static long sumValues(const Big &m) {
  static thread_local ::maplens::probe::short_counts shorts;
  long sum = 0;
  ::maplens::probe::run_no_break(site1, shorts, m, [&](auto &pass) {
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      sum += kv.second;
    }
  });
  return sum;
}

// Pointers.
static long sumPointers(const Big &m) {
  static thread_local ::maplens::probe::short_counts shorts;
  long sum = 0;
  ::maplens::probe::run_no_break(site2, shorts, m, [&](auto &pass) {
    for (const auto &kv : pass.range(m)) {
      ::maplens::probe::body b(pass, kv);
      sum += kv.first;
    }
  });
  return sum;
}

// Deep copies: each element's vector is copied into a buffer of its own.
static long sumDeep(const Deep &m) {
  static thread_local ::maplens::probe::short_counts shorts;
  long sum = 0;
  ::maplens::probe::run_no_break(site3, shorts, m, [&](auto &pass) {
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      for (int x : kv.second)
        sum += x;
    }
  });
  return sum;
}

static long addressSpace() {
  FILE *f = std::fopen("/proc/self/statm", "r");
  long pages = 0;
  if (!f || std::fscanf(f, "%ld", &pages) != 1)
    std::abort();
  std::fclose(f);
  return pages * sysconf(_SC_PAGESIZE);
}

static void report(int phase, int line, ::maplens::probe::site &s) {
  const ::maplens::probe::detail::slot &sl =
      ::maplens::probe::detail::slot_for(s);
  const unsigned long snapshots = sl.snapshot_executions.get();
  if (phase == 2) // 8: loop::kFirstSnapshots, set by loop::gave_up_gather
    std::printf("phase 2: %d snapshots %lu, gave up %s\n", line, snapshots,
                sl.snapshots_taken[sl.last_length] == 8 ? "yes" : "no");
  else
    std::printf("phase 3: %d snapshots%s\n", line, snapshots ? ">0" : "=0");
}

int main() {
  Big big;
  for (int k = 0; k < 200000; ++k)
    big[k] = k % 7;
  Deep deep;
  for (int k = 0; k < 100; ++k)
    deep[k].assign(300, k % 3);
  const long values = sumValues(big), keys = sumPointers(big),
             elements = sumDeep(deep);
  std::printf("phase 1: sums agree\n");

  struct rlimit old;
  if (getrlimit(RLIMIT_AS, &old) != 0)
    std::abort();
  struct rlimit low = old;
  low.rlim_cur = static_cast<rlim_t>(addressSpace() + 512 * 1024);
  bool agree = true;
  if (setrlimit(RLIMIT_AS, &low) != 0)
    std::abort();
  FailNew = true;
  for (int i = 0; i < 40; ++i)
    agree = agree && sumValues(big) == values && sumPointers(big) == keys &&
            sumDeep(deep) == elements;
  FailNew = false;
  if (setrlimit(RLIMIT_AS, &old) != 0)
    std::abort();
  std::printf("phase 2: sums %s, failed allocations: %s\n",
              agree ? "agree" : "differ", FailedNews ? "yes" : "no");
  report(2, 1, site1);
  report(2, 2, site2);
  report(2, 3, site3);

  for (int i = 0; i < 100; ++i)
    agree = agree && sumValues(big) == values && sumPointers(big) == keys &&
            sumDeep(deep) == elements;
  std::printf("phase 3: sums %s\n", agree ? "agree" : "differ");
  report(3, 1, site1);
  report(3, 2, site2);
  report(3, 3, site3);
  return 0;
}
