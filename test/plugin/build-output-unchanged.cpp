// Loading the plugin changes nothing the build produces: the object file
// and the dependency file are byte-identical to a build without it, with
// -c -o -g -O2 -MD; and code with errors fails exactly as without it.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -std=c++17 -c -g -O2 -MD -MF %t/plain.d -o %t/plain.o %s
// RUN: %clangxx -std=c++17 -c -g -O2 -MD -MF %t/plugin.d -o %t/plugin.o %s -fplugin=%maplens_plugin 2> %t/plugin.err
// RUN: cmp %t/plain.o %t/plugin.o
// RUN: sed -e 's/plugin\.o/X.o/' %t/plugin.d > %t/plugin.norm.d
// RUN: sed -e 's/plain\.o/X.o/' %t/plain.d > %t/plain.norm.d
// RUN: cmp %t/plain.norm.d %t/plugin.norm.d
// The remarks are the only addition.
// RUN: FileCheck %s --input-file=%t/plugin.err --implicit-check-not='{{warning|error}}:'
// CHECK: remark: range-for loop walks 'std::map<int, int>'
//
// Broken code: the compiler's errors, once, no remark, non-zero exit.
// RUN: not %clangxx -std=c++17 -fsyntax-only -fplugin=%maplens_plugin -DBROKEN %s 2>&1 | FileCheck %s --check-prefix=BROKEN --implicit-check-not=remark:
// BROKEN: error: use of undeclared identifier 'undeclared'
// BROKEN: 1 error generated.

#include <map>
int total(const std::map<int, int> &m) {
  int s = 0;
  for (const auto &kv : m) s += kv.second;
#ifdef BROKEN
  s += undeclared;
#endif
  return s;
}
