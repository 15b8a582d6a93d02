// Which loops in templates may walk snapshots. Source edits are compiled
// wherever the edited files are: a header's template may be instantiated in
// a translation unit `maplens instrument` never analysed, so only the main
// file's templates (and all non-template loops) get their range wrapped
// (here `.values(...)`: the bodies only read elements). The
// plugin edits one translation unit in memory and sees every instantiation.
// RUN: rm -rf %t && mkdir -p %t/src && cp %s %t/src/main.cpp && cp %S/Inputs/walk_template.h %t/src/
// RUN: %maplens instrument --root=%t/src --in-place %t/src/main.cpp -- -std=c++17 2>&1 | FileCheck %s --check-prefix=SUMMARY
// SUMMARY: 3 loop(s) in 2 file(s) instrumented (2 with snapshot walks)
// RUN: FileCheck %s --check-prefix=MAIN --input-file=%t/src/main.cpp
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t/src/walk_template.h
// HEADER: for (auto &kv : m) {{.*}}n += f(kv);
// RUN: %clangxx -std=c++17 %t/src/main.cpp -o %t/edited && env MAPLENS_DIR=%t %t/edited | FileCheck %s --check-prefix=OUT
// RUN: %clangxx -std=c++17 -I %S/Inputs -fplugin=%maplens_plugin -fplugin-arg-maplens-mode=instrument %s -o %t/plugin && env MAPLENS_DIR=%t %t/plugin | FileCheck %s --check-prefix=OUT
// OUT: 18 6

#include <cstdio>
#include <map>

#include "walk_template.h"

template <class M> long sumValues(const M &m) {
  long s = 0;
  for (const auto &kv : m) s += kv.second;
  // MAIN: ::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, m, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.values(m))
  return s;
}

int main() {
  std::map<int, int> m{{1, 1}, {2, 2}, {3, 3}};
  long plain = 0;
  for (const auto &kv : m) plain += kv.second;
  // MAIN: ::maplens::probe::run_no_break(maplens_site_{{[0-9a-f]+}}, maplens_shorts_{{[0-9a-f]+}}, m, [&](auto &maplens_loop_{{[0-9a-f]+}}) { for (const auto &kv : maplens_loop_{{[0-9a-f]+}}.values(m))
  std::printf("%ld %ld\n", sumValues(m) + plain + walkAll(m, [](auto &kv) { return kv.first; }), walkAll(m, [](auto &) { return 1; }) + 3);
}
