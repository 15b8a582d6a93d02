// Snapshot guards: a body that changes another object of the range's type
// (`out[k] = v`) may be changing the range itself, if that object is the
// range under another name. The rewrite hands such objects to the probe
// (`probe::run(..., lambda, out)` in the two-pass form, `loop.range(m,
// out)` in the in-loop form), which walks snapshots only in executions
// where none of them is the range. Objects that provably differ from the
// range (two variables that are not references, two members of one
// object) need no guard.
//
// Here grow() and growPicked() run 3000 times with `out` another map, then
// 200 times with `out` the range: the body then inserts into the map it
// walks, and the walk visits the inserted elements (2000 per execution,
// not 1000). A snapshot walk would visit 1000: the output and the counts
// would differ from the plain build's.
//
// RUN: rm -rf %t && mkdir -p %t/src %t/edit-prof %t/gcc-prof %t/plugin-prof
// RUN: %clangxx -std=c++17 -O2 %s -o %t/plain && %t/plain > %t/plain.out
// RUN: cp %s %t/src/guards.cpp
// RUN: %maplens instrument --root=%t/src --in-place %t/src/guards.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=SUMMARY
// SUMMARY: 5 loop(s) in 1 file(s) instrumented (4 with snapshot walks)
// RUN: %python %S/../Inputs/same_lines.py %s %t/src/guards.cpp
// RUN: FileCheck %s --check-prefix=EDITS --input-file=%t/src/guards.cpp
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Wshadow -Werror %t/src/guards.cpp -o %t/edited
// RUN: env MAPLENS_DIR=%t/edit-prof %t/edited > %t/edited.out
// RUN: cmp %t/plain.out %t/edited.out
// RUN: %python %S/../Inputs/profile_counts.py %t/edit-prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/../runtime/Inputs/snapshot_samples.py --by-line %t/edit-prof | FileCheck %s --check-prefix=SAMPLES
// RUN: %gxx -std=c++17 -O2 -Wall -Wextra -Werror %t/src/guards.cpp -o %t/edited-gcc
// RUN: env MAPLENS_DIR=%t/gcc-prof %t/edited-gcc > %t/gcc.out
// RUN: cmp %t/plain.out %t/gcc.out
// RUN: %python %S/../Inputs/profile_counts.py %t/gcc-prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %clangxx -std=c++17 -O2 -Wall -Wextra -Wshadow -Werror -fplugin=%maplens_plugin -fplugin-arg-maplens-mode=instrument %s -o %t/plugin
// RUN: env MAPLENS_DIR=%t/plugin-prof %t/plugin > %t/plugin.out
// RUN: cmp %t/plain.out %t/plugin.out
// RUN: %python %S/../Inputs/profile_counts.py %t/plugin-prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/../runtime/Inputs/snapshot_samples.py --by-line %t/plugin-prof | FileCheck %s --check-prefix=SAMPLES

#include <cstdio>
#include <map>

// The two-pass form: the range is a variable, so probe::run sees it first
// and checks the guard before it chooses a pass. No run_no_break: where
// `out` is the range, the body grows it.
static long grow(const std::map<int, long> &next, std::map<int, long> &out) {
  long s = 0;
  for (const auto &kv : next) { // COUNTS: [[@LINE]] executions=3200 iterations=3400000
    s += kv.second;
    if (kv.first < 1000)
      out[kv.first + 1000] = kv.second;
  }
  // EDITS: [[@LINE-5]]{{.*}}::maplens::probe::run(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, next, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.values(next)) {
  // EDITS: {{^}}  } }, out); }{{$}}
  return s;
}

static std::map<int, long> &pick(std::map<int, long> &a) { return a; }

// The in-loop form: the range is a call, unknown before the loop, so the
// guard goes to the range wrapper.
static long growPicked(std::map<int, long> &next, std::map<int, long> &out) {
  long s = 0;
  for (const auto &kv : pick(next)) { // COUNTS: [[@LINE]] executions=3200 iterations=3400000
    s += kv.second;
    if (kv.first < 1000)
      out[kv.first + 1000] = kv.second;
  }
  // EDITS: [[@LINE-5]]{{.*}}; for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.range(pick(next), out)) {
  return s;
}

// Two members of one object, and two variables: never the same map, so no
// guard.
struct Ranks {
  std::map<int, long> rank, next;
  long update() {
    long s = 0;
    for (const auto &kv : next) // COUNTS: [[@LINE]] executions=3000 iterations=3000000
      s += rank[kv.first] = kv.second / 2;
    // EDITS: [[@LINE-2]]{{.*}}::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, next, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.values(next))
    // EDITS-NEXT: {{^}}      { ::maplens::probe::body {{[^;]*}}; s += rank[kv.first] = kv.second / 2; } }); }{{$}}
    return s;
  }
};

int main() {
  std::map<int, long> base, other;
  for (int i = 0; i < 1000; ++i)
    base[i] = i * 3 % 1000;
  long total = 0;
  for (int rep = 0; rep < 3000; ++rep)
    total += grow(base, other) + growPicked(base, other);
  for (int rep = 0; rep < 200; ++rep) {
    std::map<int, long> a = base, b = base;
    total += grow(a, a) + growPicked(b, b);
  }
  Ranks r;
  r.next = base;
  for (int rep = 0; rep < 3000; ++rep)
    total += r.update();
  // The same map as its own guard: no snapshot walks at all.
  std::map<int, long> twice = base;
  for (auto &kv : twice) // COUNTS: [[@LINE]] executions=1 iterations=1000
    twice[kv.first] = kv.second * 2;
  // EDITS: [[@LINE-2]]{{.*}}; ::maplens::probe::loop maplens_loop_{{[0-9a-f]+}}(maplens_site_{{[0-9a-f]+}}); for (auto &kv : twice)
  for (const auto &kv : twice) // COUNTS: [[@LINE]] executions=1 iterations=1000
    total += kv.second;
  std::printf("total %ld other %zu\n", total, other.size());
  return 0;
}
// The guarded loops walk snapshots in the executions where `out` is
// another map (grow, growPicked), the unguarded one in all (update), and
// the loop whose body changes its own range in none.
// SAMPLES-DAG: {{^}}46 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}62 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}77 timed>0 snapshot>0
// SAMPLES-DAG: {{^}}102 timed>0 snapshot=0
