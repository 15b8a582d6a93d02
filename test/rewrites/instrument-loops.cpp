// Every loop form the detector finds is instrumented, compiles, runs with
// the same output, and reports its exact iteration count: through the
// plugin (in the build) and through `maplens instrument` (source edits).
//
// Plugin: same output as the plain build, exact counts.
// RUN: rm -rf %t && mkdir -p %t/plugin-prof %t/src %t/edit-prof
// RUN: %clangxx -std=c++20 -O1 -Wall -Wextra %s -o %t/plain
// RUN: %clangxx -std=c++20 -O1 -Wall -Wextra -fno-caret-diagnostics -fplugin=%maplens_plugin -fplugin-arg-maplens-mode=instrument %s -o %t/plugin 2> %t/plugin.err
// RUN: FileCheck %s --check-prefix=REMARKS --input-file=%t/plugin.err --implicit-check-not='{{warning|error|remark}}:'
// RUN: %t/plain > %t/plain.out
// RUN: env MAPLENS_DIR=%t/plugin-prof %t/plugin > %t/plugin.out
// RUN: cmp %t/plain.out %t/plugin.out
// RUN: %python %S/../Inputs/profile_counts.py %t/plugin-prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
//
// Source edits: every original line kept at its number, idempotent, and
// the instrumented copy behaves the same.
// RUN: cp %s %t/src/loops.cpp
// RUN: %maplens instrument --quiet --root=%t/src --in-place %t/src/loops.cpp -- -std=c++20 | FileCheck %s --check-prefix=REMARKS --implicit-check-not=remark:
// RUN: %python %S/../Inputs/same_lines.py %s %t/src/loops.cpp
// RUN: cp %t/src/loops.cpp %t/once.cpp
// RUN: %maplens instrument --root=%t/src --in-place %t/src/loops.cpp -- -std=c++20 2>&1 | FileCheck %s --check-prefix=AGAIN
// RUN: cmp %t/once.cpp %t/src/loops.cpp
// RUN: FileCheck %s --check-prefix=EDITS --input-file=%t/src/loops.cpp
// RUN: %clangxx -std=c++20 -O1 -Wall -Wextra -Werror %t/src/loops.cpp -o %t/edited
// RUN: env MAPLENS_DIR=%t/edit-prof %t/edited > %t/edited.out
// RUN: cmp %t/plain.out %t/edited.out
// RUN: %python %S/../Inputs/profile_counts.py %t/edit-prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
//
// AGAIN: 0 loop(s) in 0 file(s) instrumented (0 with snapshot walks); 21 already instrumented; 2 not instrumentable
// EDITS: {{^}}#include "{{.*}}/maplens/probe.h"{{$}}
// EDITS: {{^}} { static ::maplens::probe::site maplens_site_{{[0-9a-f]+}}{"{{[0-9a-f]+}}", "loops.cpp", [[@LINE+13]], 3, "std::map<int, int>", "first", "\146or (const auto &kv : m)"};

#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <ranges>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

static int first(const std::map<int, int> &m, int key) {
  for (const auto &kv : m) // COUNTS: [[@LINE]] executions=1 iterations=3
    if (kv.first >= key)
      return kv.second;
  return -1;
}

template <class R> long total(const R &r) {
  long s = 0;
  for (const auto &x : r) // COUNTS: [[@LINE]] executions=2 iterations=6
    s += x.second;
  return s;
}

int main() {
  std::map<int, int> m;
  for (int i = 0; i < 10; ++i)
    m[i] = i * i;
  std::unordered_map<int, int> u(m.begin(), m.end());
  std::set<int> s{1, 2, 3};
  long t = 0;
  for (auto &[k, v] : m) t += k + v; // COUNTS: [[@LINE]] executions=1 iterations=10
  // EDITS: for (auto &[k, v] : maplens_loop_{{[0-9a-f]+}}.range(m)) { ::maplens::probe::body
  for (auto copy = m; auto &kv : copy) // COUNTS: [[@LINE]] executions=1 iterations=10
    t += kv.first;
  for (auto &kv : m) { // COUNTS: [[@LINE]] executions=1 iterations=4
    if (kv.first == 3)
      break;
  }
  for (const auto &kv : m) { // COUNTS: [[@LINE]] executions=1 iterations=10
    if (kv.first % 2)
      continue;
    ++t;
  }
  for (int v : m | std::views::values) // COUNTS: [[@LINE]] executions=1 iterations=10
    t += v;
  for (auto it = u.begin(); it != u.end(); ++it) // COUNTS: [[@LINE]] executions=1 iterations=10
    t += it->second;
  for (auto it = m.begin(); it != m.end();) { // COUNTS: [[@LINE]] executions=1 iterations=10
    if (it->first % 2)
      it = m.erase(it);
    else
      ++it;
  }
  auto w = s.begin();
  while (w != s.end()) { // COUNTS: [[@LINE]] executions=1 iterations=3
    t += *w;
    ++w;
  }
  auto d = s.begin();
  do { // COUNTS: [[@LINE]] executions=1 iterations=3
    ++d;
  } while (d != s.end());
  for (auto &a : m) // COUNTS: [[@LINE]] executions=1 iterations=5
    for (int b : s) // COUNTS: [[@LINE]] executions=5 iterations=15
      t += a.first * b;
  // The body may erase from m: no snapshot walks, so no range wrap.
  // EDITS: for (auto &kv : m) { ::maplens::probe::body {{[^;]*}}; // erases{{:}} not wrapped
  for (auto &kv : m) { // erases: not wrapped; COUNTS: [[@LINE]] executions=1 iterations=5
    if (kv.first > 100)
      m.erase(kv.first);
  }
  try {
    for (auto &kv : m) { // COUNTS: [[@LINE]] executions=1 iterations=2
      if (kv.first == 2)
        throw kv.second;
    }
  } catch (int) {
  }
  for (auto &kv : m) { // COUNTS: [[@LINE]] executions=1 iterations=3
    if (kv.first == 4)
      goto done;
  }
done:
  auto each = [&](const auto &c) {
    for (const auto &kv : c) // COUNTS: [[@LINE]] executions=1 iterations=5
      t += kv.second;
  };
  each(m);
  t += first(m, 3) + total(m) + total(std::vector<std::pair<int, int>>{{1, 2}});
  // Algorithms: the function object they call per element is wrapped.
  t += std::count_if(m.begin(), m.end(), [](auto &kv) { return kv.first > 2; }); // COUNTS: [[@LINE]] executions=1 iterations=5
  t += std::accumulate(s.begin(), s.end(), 0L, // COUNTS: [[@LINE]] executions=1 iterations=3
                       [](long a, int x) { return a + x; });
  std::ranges::for_each(m, [&](const auto &kv) { t += kv.first; }); // COUNTS: [[@LINE]] executions=1 iterations=5
  t += *std::find_if(s.begin(), s.end(), [](int x) { return x == 2; }); // COUNTS: [[@LINE]] executions=1 iterations=2
  // EDITS: t += *std::find_if(s.begin(), s.end(), ::maplens::probe::algorithm_loop({{.*}}).each([](int x) { return x == 2{{;}} }));
  // Nothing per element to wrap, or a result whose type the wrap changes.
  t += std::count(s.begin(), s.end(), 2); // REMARKS: :[[@LINE]]:8: remark: loop not instrumented: algorithm-without-element-function
  auto f = std::for_each(s.begin(), s.end(), [](int) {}); // REMARKS: :[[@LINE]]:12: remark: loop not instrumented: algorithm-result-used
  (void)f;
  std::printf("%ld\n", t);
  return 0;
}
