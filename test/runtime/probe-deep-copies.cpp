// The contiguous pass of pass.values(m) walks copies of elements that are
// plain memory, and of standard library values built of them (strings,
// vectors, pairs), whose copies run no user code: a vector's elements then
// lie in one buffer per element, as in the contiguous copy the split stands
// for. Other elements are walked through pointers, never copied (the
// rewrite's analysis only says the body reads; the runtime decides). The
// copies are destroyed after each snapshot execution: the program's live
// allocations are the same after 3000 executions as after the first. Built
// with clang++ and g++, in C++14.
// RUN: rm -rf %t && mkdir -p %t/clang %t/gcc
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/clang.bin
// RUN: env MAPLENS_DIR=%t/clang %t/clang.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/clang | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/Inputs/snapshot_samples.py --by-line %t/clang | FileCheck %s --check-prefix=SAMPLES
// RUN: %gxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -I%S/../../lib/runtime/include %s -o %t/gcc.bin
// RUN: env MAPLENS_DIR=%t/gcc %t/gcc.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/gcc | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/Inputs/snapshot_samples.py --by-line %t/gcc | FileCheck %s --check-prefix=SAMPLES
//
// 3000 rounds over 100 keys: out-edges 0..k%5 of key k (sum of their
// lengths 300 per round), names "n<k>" (290 characters per round).
// OUT: edges 900000 names 870000 users 300000
// OUT-NEXT: copies-walked edges>0 names>0 users=0
// OUT-NEXT: user-copies 0
// OUT-NEXT: live-allocations-kept 0
// SAMPLES: {{^}}1 timed>0 snapshot>0
// SAMPLES: {{^}}2 timed>0 snapshot>0
// SAMPLES: {{^}}3 timed>0 snapshot>0
// COUNTS: 1 executions=3000 iterations=300000
// COUNTS: 2 executions=3000 iterations=300000
// COUNTS: 3 executions=3000 iterations=300000
#include <maplens/probe.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <new>
#include <string>
#include <utility>
#include <vector>

using maplens::probe::detail::gathered;

// What the runtime copies, and what it walks through pointers.
struct Counted {
  long v;
  Counted(long x) : v(x) {}
  Counted(const Counted &o);
};
static_assert(gathered<std::map<int, double>>::copyable, "plain memory");
static_assert(gathered<std::map<int, std::vector<int>>>::copyable,
              "vectors of plain memory");
static_assert(gathered<std::map<std::string, std::vector<std::string>>>::copyable,
              "strings, vectors of strings");
static_assert(gathered<std::map<int, std::pair<std::string, int>>>::copyable,
              "pairs of those");
static_assert(!gathered<std::map<int, Counted>>::copyable,
              "a copy constructor of the user's");
static_assert(!gathered<std::map<int, std::vector<Counted>>>::copyable,
              "a vector of what is not copied");
static_assert(!gathered<std::map<int, std::map<int, int>>>::copyable,
              "other containers");
static_assert(gathered<std::map<int, std::vector<int> *>>::copyable,
              "pointers are plain memory");

static long UserCopies = 0;
Counted::Counted(const Counted &o) : v(o.v) { ++UserCopies; }

// Live allocations through operator new: the copies' vectors and strings.
static long Live = 0;
void *operator new(std::size_t n) {
  ++Live;
  if (void *p = std::malloc(n ? n : 1))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept {
  if (p) {
    --Live;
    std::free(p);
  }
}
void operator delete(void *p, std::size_t) noexcept { operator delete(p); }

#define SITE(Var, Line)                                                        \
  static ::maplens::probe::site Var {                                          \
    "00000000000000f" #Line, "probe-deep-copies.cpp", Line, 3, "std::map",     \
        "f", "for"                                                             \
  }

// Whether a body was handed a copy: not the map's own element.
template <class M, class E> static bool isCopy(const M &m, const E &kv) {
  return &*m.find(kv.first) != &kv;
}

static long CopiesWalked[3];

static long edges(const std::map<int, std::vector<int>> &g) {
  SITE(s1, 1);
  long n = 0;
  ::maplens::probe::loop l(s1);
  l.run([&](auto &pass) {
    for (const auto &kv : pass.values(g)) {
      ::maplens::probe::body b(pass, kv);
      for (int t : kv.second)
        n += t;
      n += static_cast<long>(kv.second.size());
      CopiesWalked[0] += isCopy(g, kv);
    }
  });
  return n;
}

static long names(const std::map<int, std::string> &m) {
  SITE(s2, 2);
  long n = 0;
  ::maplens::probe::loop l(s2);
  l.run([&](auto &pass) {
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      n += static_cast<long>(kv.second.size());
      CopiesWalked[1] += isCopy(m, kv);
    }
  });
  return n;
}

static long users(const std::map<int, Counted> &m) {
  SITE(s3, 3);
  long n = 0;
  ::maplens::probe::loop l(s3);
  l.run([&](auto &pass) {
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      n += kv.second.v;
      CopiesWalked[2] += isCopy(m, kv);
    }
  });
  return n;
}

int main() {
  std::map<int, std::vector<int>> g;
  std::map<int, std::string> m;
  std::map<int, Counted> u;
  for (int k = 0; k < 100; ++k) {
    for (int t = 0; t <= k % 5; ++t)
      g[k].push_back(0);
    m[k] = "n" + std::to_string(k);
    u.emplace(k, Counted(1));
  }
  UserCopies = 0;
  long e = edges(g), s = names(m), c = users(u);
  const long LiveAfterFirst = Live;
  for (int r = 1; r < 3000; ++r) {
    e += edges(g);
    s += names(m);
    c += users(u);
  }
  const long Kept = Live - LiveAfterFirst;
  std::printf("edges %ld names %ld users %ld\n", e, s, c);
  std::printf("copies-walked edges%s names%s users%s\n",
              CopiesWalked[0] ? ">0" : "=0", CopiesWalked[1] ? ">0" : "=0",
              CopiesWalked[2] ? ">0" : "=0");
  std::printf("user-copies %ld\n", UserCopies);
  std::printf("live-allocations-kept %ld\n", Kept);
  return 0;
}
