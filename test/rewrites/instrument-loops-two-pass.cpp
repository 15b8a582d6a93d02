// The two-pass form: a range-for whose body cannot change its range, and
// that can move into a lambda, is compiled twice (`loop.run([&](auto &pass)
// { for (x : pass.range(m)) ... })`): as written, with probes, and as a
// pass over an array gathered from the range, without them. Copies only
// where the body provably only reads element values (`pass.values(m)`).
// Both passes run (some timed executions take the second), the output is
// the plain build's, and the counts are exact, also when the second pass
// is left by break or by an exception.
//
// RUN: rm -rf %t && mkdir -p %t/src %t/edit-prof %t/plugin-prof
// RUN: %clangxx -std=c++17 -O2 %s -o %t/plain && %t/plain > %t/plain.out
// RUN: cp %s %t/src/two.cpp
// RUN: %maplens instrument --root=%t/src --in-place %t/src/two.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=SUMMARY
// SUMMARY: 15 loop(s) in 1 file(s) instrumented (15 with snapshot walks)
// RUN: %python %S/../Inputs/same_lines.py %s %t/src/two.cpp
// RUN: FileCheck %s --check-prefix=EDITS --input-file=%t/src/two.cpp
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Wshadow -Werror %t/src/two.cpp -o %t/edited
// RUN: env MAPLENS_DIR=%t/edit-prof %t/edited > %t/edited.out
// RUN: cmp %t/plain.out %t/edited.out
// RUN: %python %S/../Inputs/profile_counts.py %t/edit-prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/../runtime/Inputs/snapshot_samples.py --by-line %t/edit-prof | FileCheck %s --check-prefix=SAMPLES
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Wshadow -Werror -fplugin=%maplens_plugin -fplugin-arg-maplens-mode=instrument %s -o %t/plugin
// RUN: env MAPLENS_DIR=%t/plugin-prof %t/plugin > %t/plugin.out
// RUN: cmp %t/plain.out %t/plugin.out
// RUN: %python %S/../Inputs/profile_counts.py %t/plugin-prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/../runtime/Inputs/snapshot_samples.py --by-line %t/plugin-prof | FileCheck %s --check-prefix=SAMPLES

#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

template <class P> long keyOf(const P &p) { return p.first; }

static long sumPairs(const std::map<int, long> &m) {
  long s = 0;
  for (const auto &[k, v] : m) // COUNTS: [[@LINE]] executions=2000 iterations=2000000
    s += k * 3 + v;
  // EDITS: [[@LINE-2]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, m, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &[k, v] : maplens_loop_{{[0-9a-f]+}}.values(m)) // COUNTS
  // EDITS-NEXT: {{^}}    { ::maplens::probe::body {{[^;]*}}; s += k * 3 + v; } }); }{{$}}
  return s;
}

static long sumHashed(const std::unordered_map<long, long> &m) {
  long s = 0;
  for (const auto &kv : m) s += keyOf(kv) ^ kv.second; // COUNTS: [[@LINE]] executions=2000 iterations=2000000
  // EDITS: [[@LINE-1]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, m, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.values(m)) {
  return s;
}

// Writes elements: the second pass walks pointers to them, not copies.
// Left by break: probe::run counts the bodies it entered.
static long bump(std::map<int, long> &m, int stop) {
  long s = 0;
  for (auto &kv : m) { // COUNTS: [[@LINE]] executions=2000 iterations=1002000
    if (kv.first == stop)
      break;
    s += ++kv.second;
  }
  // EDITS: [[@LINE-5]]{{.*}}::maplens::probe::run(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, m, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (auto &kv : maplens_loop_{{[0-9a-f]+}}.range(m)) {
  return s;
}

// Keeps an element's address beyond its iteration: no copies.
static long largest(const std::map<int, long> &m) {
  const long *best = nullptr;
  for (const auto &kv : m) // COUNTS: [[@LINE]] executions=2000 iterations=2000000
    if (!best || kv.second > *best)
      best = &kv.second;
  // EDITS: [[@LINE-3]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, m, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.range(m))
  return best ? *best : -1;
}

// Left by an exception from the second pass too. No break: a walk whose
// lambda returns is complete (probe::run_no_break), and one left by the
// exception counts the bodies it entered.
static long throwAt(const std::set<int> &s, int stop) {
  long n = 0;
  try {
    for (int x : s) { // COUNTS: [[@LINE]] executions=2000 iterations=602000
      if (x == stop)
        throw std::runtime_error("stop");
      n += x;
    }
    // EDITS: [[@LINE-5]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, s, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (int x : maplens_loop_{{[0-9a-f]+}}.range(s)) {
  } catch (const std::exception &) {
    n = -n;
  }
  return n;
}

// Returns from the function: stays one loop (an in-loop snapshot walk).
static int firstOver(const std::map<int, long> &m, long limit) {
  for (const auto &kv : m) // COUNTS: [[@LINE]] executions=2000 iterations=1001306
    if (kv.second > limit)
      return kv.first;
  // EDITS: [[@LINE-3]]{{.*}}; ::maplens::probe::loop maplens_loop_{{[0-9a-f]+}}(maplens_site_{{[0-9a-f]+}}); for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.range(m))
  return -1;
}

// Const members of a string that return numbers only read it: copies
// (which the runtime makes of strings and vectors too, not of other
// classes; probe-deep-copies.cpp).
static size_t lengths(const std::map<std::string, int> &m) {
  size_t n = 0;
  for (const auto &kv : m) n += kv.first.size() + static_cast<size_t>(kv.second); // COUNTS: [[@LINE]] executions=2000 iterations=200000
  // EDITS: [[@LINE-1]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, m, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.values(m)) {
  return n;
}

// Nested two-pass loops; the outer body writes nothing, the inner one is
// its own site.
static long nested(const std::map<int, std::set<int>> &g) {
  long s = 0;
  for (const auto &[k, targets] : g) { // COUNTS: [[@LINE]] executions=2000 iterations=20000
    for (int t : targets) // COUNTS: [[@LINE]] executions=20000 iterations=182000
      s += k * t;
  }
  return s;
}

// A template instantiated with a map and with a vector.
template <class R> long total(const R &r) {
  long s = 0;
  for (const auto &e : r) s += e.second; // COUNTS: [[@LINE]] executions=4000 iterations=2010000
  return s;
}

// The range is evaluated once more, before the lambda, where that changes
// nothing (the runtime then chooses the pass by its size): here a member
// through a plain pointer; not a call.
struct Levels {
  std::map<int, long> rows;
};
static const std::map<int, long> &rowsOf(const Levels &l) { return l.rows; }
static long viaPointer(const Levels *l) {
  long s = 0;
  for (const auto &kv : l->rows) s += kv.second; // COUNTS: [[@LINE]] executions=2000 iterations=2000000
  // EDITS: [[@LINE-1]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, l->rows, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.values(l->rows)) {
  return s;
}
static long viaCall(const Levels &l) {
  long s = 0;
  for (const auto &kv : rowsOf(l)) s += kv.first; // COUNTS: [[@LINE]] executions=2000 iterations=2000000
  // EDITS: [[@LINE-1]]{{.*}}.run([&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.values(rowsOf(l))) {
  return s;
}

// A break in a switch or in an inner loop is theirs, one in a lambda the
// lambda's: the loop itself cannot break.
static long innerBreaks(const std::map<int, long> &m) {
  long s = 0;
  for (const auto &kv : m) { // COUNTS: [[@LINE]] executions=2000 iterations=2000000
    switch (kv.second % 3) {
    case 0:
      s += 1;
      break;
    default:
      s += 2;
    }
    for (long i = 0;; ++i)
      if (i >= kv.second % 4)
        break;
    auto add = [&s](long x) { while (true) { s += x; break; } };
    add(kv.first);
  }
  // EDITS: [[@LINE-14]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, m, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.{{range|values}}(m)) {
  return s;
}

// Elements holding vectors, read through a const member and a nested loop,
// with another map's slots written: copies, deep ones (each element's
// vector copied).
static long spread(const std::map<int, std::vector<int>> &adj,
                   std::map<int, long> &out) {
  long s = 0;
  for (const auto &[k, outs] : adj) { // COUNTS: [[@LINE]] executions=2000 iterations=20000
    s += static_cast<long>(outs.size());
    for (int t : outs)
      out[t] += k;
  }
  // EDITS: [[@LINE-5]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, adj, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &[k, outs] : maplens_loop_{{[0-9a-f]+}}.values(adj)) {
  return s;
}

// The body grows a vector that may be an element's (a reference of that
// type; here it is the last element's): pointers, never copies, which
// would not see the growth when the walk reaches that element.
static long growsOne(const std::map<int, std::vector<int>> &adj,
                     std::vector<int> &grown) {
  long s = 0;
  for (const auto &kv : adj) { // COUNTS: [[@LINE]] executions=2000 iterations=20000
    s += static_cast<long>(kv.second.size());
    grown.push_back(1);
  }
  // EDITS: [[@LINE-4]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, adj, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.range(adj)) {
  grown.resize(grown.size() % 7);
  return s;
}

int main() {
  std::map<int, long> m;
  std::unordered_map<long, long> h;
  std::set<int> st;
  std::map<std::string, int> names;
  std::map<int, std::set<int>> g;
  std::vector<std::pair<int, long>> v;
  for (int i = 0; i < 1000; ++i) {
    m[i] = i % 37;
    h[i * 7919L] = i;
    st.insert(i);
  }
  for (int i = 0; i < 100; ++i)
    names["name" + std::to_string(i)] = i;
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j)
      g[i].insert(i * j);
  for (int i = 0; i < 5; ++i)
    v.push_back({i, i * 10L});
  std::map<int, std::vector<int>> adj;
  std::map<int, long> spreadTo;
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j <= i % 4; ++j)
      adj[i].push_back((i + j) % 10);
  Levels lv;
  lv.rows = m;
  long t = 0;
  for (int r = 0; r < 2000; ++r) {
    t += sumPairs(m) + sumHashed(h) + bump(m, 500) + largest(m);
    t += throwAt(st, 300) + firstOver(m, r % 2 ? 35 : 1000000);
    t += static_cast<long>(lengths(names)) + nested(g) + total(m) + total(v);
    t += viaPointer(&lv) + viaCall(lv) + innerBreaks(m);
    t += spread(adj, spreadTo) + growsOne(adj, adj[9]);
  }
  std::printf("%ld %ld %ld\n", t, m[3], spreadTo[4]);
}
// SAMPLES-DAG: {{^}}41 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}50 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}59 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}71 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}84 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}98 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}110 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}119 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}120 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}129 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}157 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}181 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}196 timed>0 snapshot>0
