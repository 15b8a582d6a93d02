// loop::range(): a wrapped range walks the same elements, in the same
// order, as references to the same objects, whether an execution walks the
// container or a snapshot of its iterators; break leaves it early; nested
// wrapped loops keep their own snapshots. Ranges that cannot be
// snapshotted (input iterators, different begin and end types) still
// compile and are walked as they are. Both kinds of timed executions are
// recorded, and the counts stay exact.
// RUN: rm -rf %t && mkdir -p %t/prof
// RUN: %clangxx -std=c++14 -O2 -Wall -Wextra -I%S/../../lib/runtime/include %s -o %t/walks
// RUN: env MAPLENS_DIR=%t/prof %t/walks | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/Inputs/snapshot_samples.py %t/prof | FileCheck %s --check-prefix=SAMPLES
//
// OUT: mismatches 0
// OUT-NEXT: values 499500
// OUT-NEXT: stream 6
// SAMPLES-DAG: 00000000000000b1 timed>0 snapshot>0
// SAMPLES-DAG: 00000000000000b2 timed>0 snapshot>0
// SAMPLES-DAG: 00000000000000b3 timed>0 snapshot=0
#include <maplens/probe.h>

#include <cstdio>
#include <iterator>
#include <map>
#include <sstream>
#include <vector>

#define SITE(Var, Id)                                                          \
  static ::maplens::probe::site Var {                                          \
    Id, "probe-snapshot-walks.cpp", __LINE__, 3, "std::map<int, long>",         \
        "main", "for"                                                          \
  }

// A range of input iterators: walking it consumes it, so no snapshot.
struct Numbers {
  std::istream *in;
  std::istream_iterator<int> begin() const {
    return std::istream_iterator<int>(*in);
  }
  std::istream_iterator<int> end() const {
    return std::istream_iterator<int>();
  }
};

int main() {
  std::map<int, long> m;
  for (int i = 0; i < 1000; ++i)
    m[i * 7 % 1000] = i;
  std::vector<int> expected;
  for (const auto &kv : m)
    expected.push_back(kv.first);

  long mismatches = 0;
  for (int rep = 0; rep < 3000; ++rep) {
    SITE(outer, "00000000000000b1"); // COUNTS: [[@LINE]] executions=3000 iterations=3000000
    ::maplens::probe::loop l(outer);
    size_t i = 0;
    for (auto &kv : l.range(m)) {
      ::maplens::probe::body b(l, kv);
      if (kv.first == 999)
        break; // the last element: not counted below
      if (i >= expected.size() || kv.first != expected[i] ||
          &kv != &*m.find(kv.first))
        ++mismatches;
      ++i;
      kv.second += 1; // through the reference, into the map
      if (kv.first == 3) {
        // Nested, same iterator type: its own snapshot.
        SITE(inner, "00000000000000b2"); // COUNTS: [[@LINE]] executions=3000 iterations=3000000
        ::maplens::probe::loop l2(inner);
        size_t j = 0;
        for (const auto &kv2 : l2.range(m)) {
          ::maplens::probe::body b2(l2, kv2);
          if (kv2.first != expected[j++])
            ++mismatches;
        }
      }
    }
  }
  long values = 0;
  for (const auto &kv : m)
    values += kv.second - (kv.first == 999 ? 0 : 3000);
  std::printf("mismatches %ld\n", mismatches);
  // Every value but 999's went up by exactly 3000: what is left is the sum
  // of the original values, 0 + 1 + ... + 999.
  std::printf("values %ld\n", values);

  std::istringstream in("1 2 3");
  Numbers numbers{&in};
  long stream = 0;
  {
    SITE(input, "00000000000000b3"); // COUNTS: [[@LINE]] executions=1 iterations=3
    ::maplens::probe::loop l(input);
    for (int x : l.range(numbers)) {
      ::maplens::probe::body b(l, x);
      stream += x;
    }
  }
  std::printf("stream %ld\n", stream);
}
