// loop::run(): the two-pass form the rewrite emits, written by hand in
// C++14 and built with clang++ and g++. The container pass walks the range
// as it is; the contiguous pass (on some timed executions) walks an array
// gathered from it: copies for pass.values() over plain-memory elements,
// pointers for pass.range() or other elements, the range's own iterators
// where elements are computed (std::vector<bool>). Outputs match a walk
// of the container, counts stay exact when the contiguous pass is left by
// break or by an exception, and both passes are recorded. Given the range
// beforehand (`probe::run(site, shorts, m, ...)`, as the rewrite emits it,
// or `loop.run(m, ...)`, as it did before), a loop whose length class
// alternates walks snapshots in each class. Short executions of
// probe::run take its fast path (they count in the thread's short_counts)
// and stay exact when left by break or an exception, and on other
// threads. probe::run_no_break (loops without break) counts a walk whose
// lambda returns by the range's size, one left by an exception by its
// bodies, on the fast path of both classes that have one.
// RUN: rm -rf %t && mkdir -p %t/clang %t/gcc
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -pthread -I%S/../../lib/runtime/include %s -o %t/clang.bin
// RUN: env MAPLENS_DIR=%t/clang %t/clang.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/clang | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/Inputs/snapshot_samples.py --by-line %t/clang | FileCheck %s --check-prefix=SAMPLES
// RUN: %gxx -std=c++14 -O2 -Wall -Wextra -Wshadow -Werror -pthread -I%S/../../lib/runtime/include %s -o %t/gcc.bin
// RUN: env MAPLENS_DIR=%t/gcc %t/gcc.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/gcc | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/Inputs/snapshot_samples.py --by-line %t/gcc | FileCheck %s --check-prefix=SAMPLES
// RUN: %python %S/Inputs/snapshot_samples.py --by-class --by-line %t/clang | FileCheck %s --check-prefix=CLASSES
// RUN: %python %S/Inputs/snapshot_samples.py --by-class --by-line %t/gcc | FileCheck %s --check-prefix=CLASSES
// RUN: %python %S/Inputs/snapshot_samples.py --gaps-below=20 --by-line %t/clang | FileCheck %s --check-prefix=GAPS
// RUN: %python %S/Inputs/snapshot_samples.py --gaps-below=20 --by-line %t/gcc | FileCheck %s --check-prefix=GAPS
// Under ThreadSanitizer (its report would fail the run): the fast path's
// thread-local counts, read by the writer as threads end.
// RUN: mkdir -p %t/tsan
// RUN: %clangxx -std=c++14 -O1 -g -fsanitize=thread -pthread -I%S/../../lib/runtime/include %s -o %t/tsan.bin
// RUN: env MAPLENS_DIR=%t/tsan TSAN_OPTIONS=halt_on_error=1 %t/tsan.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/tsan | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
//
// Round r sums keys 0..99 and values 10 * key, plus r for each of the 49
// values bump() has raised r times; bump counts 49 elements + 1; thrown()
// sums 0..28 = 406; names have 1, 9 x 4 and 90 x 5 characters.
// OUT: sum 78925500
// OUT-NEXT: bump 50000
// OUT-NEXT: thrown -93380000
// OUT-NEXT: chars 487000
// OUT-NEXT: bits 500000
// OUT-NEXT: alternating 12497528000 12497528000 12497528000
// Site 9: walks of 8 elements (values 1..8) that throw at the 3rd every
// seventh round (4286 rounds: 1 each), else break at the 6th every third
// (8571: 15 each), else complete (17143: 36 each); most took the fast path
// (the timing schedule sends the others to the slow one). Site 10: four
// threads, thread t adds 10000 x 28 x (t + 1).
// OUT-NEXT: short 749999 fast>90% 1
// OUT-NEXT: threads 2800000
// OUT-NEXT: ending 2884
// Site 12: 3000 rounds walk 8, 1000 and 5000 elements (28 + 499500 +
// 12497500), but every 11th (273) throws at the third element of each.
// OUT-NEXT: whole 35442895356 fast>90% 1
// Site 13: a map that is empty but in every 499th of 30000 rounds (61
// with its 8 elements). An empty execution has nothing to time, so when
// timing was due the empty ones all took the slow path, up to the next
// non-empty one: half took the fast path (94% now). An empty execution that
// finds timing due now lets the next 16 take the fast path.
// OUT-NEXT: mostly-empty 2196 fast>90% 1
// SAMPLES-DAG: {{^}}1 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}2 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}3 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}4 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}5 timed>0 snapshot>0
// COUNTS: 1 executions=1000 iterations=100000
// COUNTS: 2 executions=1000 iterations=50000
// COUNTS: 3 executions=1000 iterations=30000
// COUNTS: 4 executions=1000 iterations=100000
// COUNTS: 5 executions=1000 iterations=1000000
// COUNTS: 6 executions=2000 iterations=5008000
// COUNTS: 7 executions=2000 iterations=5008000
// COUNTS: 8 executions=2000 iterations=5008000
// Site 9: 4286 x 3 + 8571 x 6 + 17143 x 8 iterations.
// COUNTS: 9 executions=30000 iterations=201428
// Site 10: four threads, 10000 walks of 8 elements each; their counts
// reach the profile when the threads end.
// COUNTS: 10 executions=40000 iterations=320000
// Site 11: a thread runs it 100 times, then 3 times more from the
// destructor of a thread_local constructed before its first loop, after
// the thread's counts were retired; then another thread starts.
// COUNTS: 11 executions=103 iterations=824
// Site 12: 2727 x 6008 + 273 x 3 x 3 iterations.
// COUNTS: 12 executions=9000 iterations=16386273
// COUNTS: 13 executions=30000 iterations=488
// Sites 6 and 7 alternate 8-element (class 0) and 5000-element (class 2)
// walks. Known length: snapshots in both classes. By the previous
// execution's class, the other one: none in class 2.
// CLASSES-DAG: {{^}}6 class 0 timed>0 snapshot>0
// CLASSES-DAG: {{^}}6 class 2 timed>0 snapshot>0
// CLASSES-DAG: {{^}}7 class 2 timed>0 snapshot=0
// CLASSES-DAG: {{^}}8 class 0 timed>0 snapshot>0
// CLASSES-DAG: {{^}}8 class 2 timed>0 snapshot>0
// CLASSES-DAG: {{^}}9 class 0 timed>0 snapshot>0
// CLASSES-DAG: {{^}}10 class 0 timed>0 snapshot>0
// CLASSES-DAG: {{^}}12 class 0 timed>0 snapshot>0
// CLASSES-DAG: {{^}}12 class 1 timed>0 snapshot>0
// CLASSES-DAG: {{^}}12 class 2 timed>0 snapshot>0
// Once a thread has a snapshot and a container timing in one class, it
// samples no more gaps of the site: a handful before that, where every
// timed execution sampled them before (76 at site 5, 2479 at site 6).
// GAPS-DAG: {{^}}5 gaps<20
// GAPS-DAG: {{^}}6 gaps<20
#include <maplens/probe.h>

#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#define SITE(Var, Line)                                                        \
  static ::maplens::probe::site Var {                                          \
    "00000000000000e" #Line, "probe-two-pass.cpp", Line, 3, "std::map", "f",   \
        "for"                                                                  \
  }

// Copies: the body only reads.
static long sum(const std::map<int, long> &m) {
  SITE(s1, 1);
  long s = 0;
  ::maplens::probe::loop l(s1);
  l.run([&](auto &pass) {
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      s += kv.first + kv.second;
    }
  });
  return s;
}

// Pointers: the body writes elements, and leaves by break.
static long bump(std::map<int, long> &m) {
  SITE(s2, 2);
  long s = 0;
  ::maplens::probe::loop l(s2);
  l.run([&](auto &pass) {
    for (auto &kv : pass.range(m)) {
      ::maplens::probe::body b(pass, kv);
      if (kv.first == 49)
        break;
      ++kv.second;
      ++s;
    }
  });
  return s + 1;
}

// Left by an exception.
static long thrown(const std::set<int> &st) {
  SITE(s3, 3);
  long s = 0;
  try {
    ::maplens::probe::loop l(s3);
    l.run([&](auto &pass) {
      for (int x : pass.values(st)) {
        ::maplens::probe::body b(pass, x);
        if (x == 29)
          throw std::runtime_error("stop");
        s += x;
      }
    });
  } catch (const std::exception &) {
    return -s * 230;
  }
  return s;
}

// Elements that are not plain memory: reached through pointers.
static size_t chars(const std::map<std::string, int> &m) {
  SITE(s4, 4);
  size_t n = 0;
  ::maplens::probe::loop l(s4);
  l.run([&](auto &pass) {
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      n += kv.first.size() - static_cast<size_t>(kv.second) +
           static_cast<size_t>(kv.second);
    }
  });
  return n;
}

// Computed elements: the range's own iterators.
static long bits(const std::vector<bool> &v) {
  SITE(s5, 5);
  long n = 0;
  ::maplens::probe::loop l(s5);
  l.run([&](auto &pass) {
    for (bool x : pass.range(v)) {
      ::maplens::probe::body b(pass, x);
      n += x;
    }
  });
  return n;
}

// One walk of s: as the rewrite emits it (the range handed to
// probe::run), through loop::run with the range beforehand, or without.
// Sites 6 to 8, 10 and 11 walk sets through it.
enum class form { probe_run, loop_known, loop_guessed };
static long alternating(const std::set<int> &s, ::maplens::probe::site &at,
                        ::maplens::probe::short_counts &shorts, form f) {
  long n = 0;
  auto walk = [&](auto &pass) {
    for (int x : pass.values(s)) {
      ::maplens::probe::body b(pass, x);
      n += x;
    }
  };
  if (f == form::probe_run) {
    ::maplens::probe::run(at, shorts, s, walk);
    return n;
  }
  ::maplens::probe::loop l(at);
  if (f == form::loop_known)
    l.run(s, walk);
  else
    l.run(walk);
  return n;
}
static ::maplens::probe::short_counts unused;
static long knownLength(const std::set<int> &s) {
  SITE(s6, 6);
  static thread_local ::maplens::probe::short_counts shorts6;
  return alternating(s, s6, shorts6, form::probe_run);
}
static long guessedLength(const std::set<int> &s) {
  SITE(s7, 7);
  return alternating(s, s7, unused, form::loop_guessed);
}
static long knownToLoop(const std::set<int> &s) {
  SITE(s8, 8);
  return alternating(s, s8, unused, form::loop_known);
}

// Short walks on the fast path, left early. Declared outside the function
// (the rewrite declares it inside) so that main can tell how many
// executions took the fast path.
static thread_local ::maplens::probe::short_counts shorts9;
static long leftEarly(const std::map<int, long> &m, int round) {
  SITE(s9, 9);
  long s = 0;
  ::maplens::probe::run(s9, shorts9, m, [&](auto &pass) {
    int seen = 0;
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      if (++seen == 6 && round % 3 == 0)
        break;
      if (seen == 3 && round % 7 == 0)
        throw std::runtime_error("stop");
      s += kv.second;
    }
  });
  return s;
}

static long onThreads(const std::set<int> &s) {
  SITE(s10, 10);
  static thread_local ::maplens::probe::short_counts shorts10;
  return alternating(s, s10, shorts10, form::probe_run);
}

static long endingSum = 0;
static long lateLoop(const std::set<int> &s) {
  SITE(s11, 11);
  static thread_local ::maplens::probe::short_counts shorts11;
  return alternating(s, s11, shorts11, form::probe_run);
}
struct runs_at_thread_end {
  const std::set<int> *s = nullptr;
  ~runs_at_thread_end() {
    for (int r = 0; r < 3; ++r)
      endingSum += lateLoop(*s);
  }
};

// probe::run_no_break, as the rewrite emits it for a loop without break.
static thread_local ::maplens::probe::short_counts shorts12;
static long wholeWalks(const std::set<int> &s, bool stop) {
  SITE(s12, 12);
  long n = 0;
  ::maplens::probe::run_no_break(s12, shorts12, s, [&](auto &pass) {
    for (int x : pass.values(s)) {
      ::maplens::probe::body b(pass, x);
      if (x == 2 && stop)
        throw std::runtime_error("stop");
      n += x;
    }
  });
  return n;
}

static thread_local ::maplens::probe::short_counts shorts13;
static long mostlyEmpty(const std::map<int, long> &m) {
  SITE(s13, 13);
  long n = 0;
  ::maplens::probe::run_no_break(s13, shorts13, m, [&](auto &pass) {
    for (const auto &kv : pass.values(m)) {
      ::maplens::probe::body b(pass, kv);
      n += kv.second;
    }
  });
  return n;
}

int main() {
  std::map<int, long> m;
  std::set<int> st;
  std::map<std::string, int> names;
  std::vector<bool> v;
  for (int i = 0; i < 100; ++i) {
    m[i] = i * 10;
    st.insert(i);
    names[std::to_string(i * 1000)] = i;
  }
  for (int i = 0; i < 1000; ++i)
    v.push_back(i % 2 == 0);
  long total = 0, bumped = 0, thr = 0, bitsum = 0;
  size_t n = 0;
  for (int r = 0; r < 1000; ++r) {
    total += sum(m);
    bumped += bump(m);
    thr += thrown(st);
    n += chars(names);
    bitsum += bits(v);
  }
  std::printf("sum %ld\nbump %ld\nthrown %ld\nchars %zu\nbits %ld\n", total,
              bumped, thr, n, bitsum);
  std::set<int> few, many;
  for (int i = 0; i < 5000; ++i) {
    many.insert(i);
    if (i < 8)
      few.insert(i);
  }
  long known = 0, guessed = 0, toLoop = 0;
  for (int r = 0; r < 1000; ++r) {
    known += knownLength(few) + knownLength(many);
    guessed += guessedLength(few) + guessedLength(many);
    toLoop += knownToLoop(few) + knownToLoop(many);
  }
  std::printf("alternating %ld %ld %ld\n", known, guessed, toLoop);

  std::map<int, long> eight;
  for (int i = 0; i < 8; ++i)
    eight[i] = i + 1;
  long early = 0;
  for (int r = 0; r < 30000; ++r) {
    try {
      early += leftEarly(eight, r);
    } catch (const std::exception &) {
      early += 1;
    }
  }
  std::printf("short %ld fast>90%% %d\n", early,
              shorts9.executions[0].get() > 27000);

  long sums[4] = {0, 0, 0, 0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&few, &sums, t] {
      for (int r = 0; r < 10000; ++r)
        sums[t] += onThreads(few) * (t + 1);
    });
  for (std::thread &t : threads)
    t.join();
  std::printf("threads %ld\n", sums[0] + sums[1] + sums[2] + sums[3]);

  std::thread ending([&few] {
    static thread_local runs_at_thread_end atEnd;
    atEnd.s = &few;
    for (int r = 0; r < 100; ++r)
      endingSum += lateLoop(few);
  });
  ending.join();
  // The C library gives the next thread the ended one's stack, and its
  // thread-local storage with it (zeroed): counts left there would read 0.
  std::thread next([] {});
  next.join();
  std::printf("ending %ld\n", endingSum);

  std::set<int> mid;
  for (int i = 0; i < 1000; ++i)
    mid.insert(i);
  long whole = 0;
  for (int r = 0; r < 3000; ++r)
    for (const std::set<int> *w : {&few, &mid, &many}) {
      try {
        whole += wholeWalks(*w, r % 11 == 0);
      } catch (const std::exception &) {
      }
    }
  // Executions of 8 and 1000 elements: 6000.
  std::printf("whole %ld fast>90%% %d\n", whole,
              shorts12.executions[0].get() + shorts12.executions[1].get() >
                  5400);

  std::map<int, long> none;
  long filled = 0;
  for (int r = 0; r < 30000; ++r)
    filled += mostlyEmpty(r % 499 == 0 ? eight : none);
  std::printf("mostly-empty %ld fast>90%% %d\n", filled,
              shorts13.executions[0].get() > 27000);
}
