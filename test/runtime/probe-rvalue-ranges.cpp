// The range wrappers take lvalues only: a temporary would die before the
// loop ends (the rewrite never wraps one). Wrapping one is a compile error,
// in the loop's in-loop form and in both passes of the two-pass form, with
// clang++ and g++; wrapping an lvalue compiles.
// RUN: %clangxx -std=c++14 -fsyntax-only -Wall -Wextra -Werror -I%S/../../lib/runtime/include %s
// RUN: %gxx -std=c++14 -fsyntax-only -Wall -Wextra -Werror -I%S/../../lib/runtime/include %s
// RUN: not %clangxx -std=c++14 -fsyntax-only -I%S/../../lib/runtime/include -DWRAP=pass.values %s 2>&1 | FileCheck %s --check-prefix=CLANG
// RUN: not %clangxx -std=c++14 -fsyntax-only -I%S/../../lib/runtime/include -DWRAP=pass.range %s 2>&1 | FileCheck %s --check-prefix=CLANG
// RUN: not %clangxx -std=c++14 -fsyntax-only -I%S/../../lib/runtime/include -DWRAP=l.range %s 2>&1 | FileCheck %s --check-prefix=CLANG
// RUN: not %gxx -std=c++14 -fsyntax-only -I%S/../../lib/runtime/include -DWRAP=pass.values %s 2>&1 | FileCheck %s --check-prefix=GCC
// RUN: not %gxx -std=c++14 -fsyntax-only -I%S/../../lib/runtime/include -DWRAP=l.range %s 2>&1 | FileCheck %s --check-prefix=GCC
// CLANG: error: call to deleted member function '{{range|values}}'
// GCC: error: use of deleted function {{.*}}lvalue_ranges_only::{{range|values}}
#include <maplens/probe.h>

#include <map>

std::map<int, int> make();

int walk(const std::map<int, int> &m) {
  static ::maplens::probe::site s{"0000000000000d01", "probe-rvalue-ranges.cpp",
                                  1, 1, "std::map<int, int>", "walk", "for"};
  int n = 0;
  ::maplens::probe::loop l(s);
  l.run(m, [&](auto &pass) {
    for (const auto &kv : pass.values(m))
      n += kv.second;
#ifdef WRAP
    for (const auto &kv : WRAP(make()))
      n += kv.second;
#endif
  });
  return n;
}
