// -fplugin-arg-maplens-mode=instrument in an ordinary build: -c -o -g -O2
// -MD work, each warning appears once and on its original line, nothing on
// disk changes, and the program prints what the plain build prints.
// RUN: rm -rf %t && mkdir -p %t/prof && cp %s %t/main.cpp && cp %t/main.cpp %t/main.before
// RUN: %clangxx -std=c++17 -c -g -O2 -Wall -MD -MF %t/main.d -o %t/main.o %t/main.cpp -fno-caret-diagnostics -fplugin=%maplens_plugin -fplugin-arg-maplens-mode=instrument 2> %t/err.txt
// RUN: FileCheck %s --input-file=%t/err.txt --implicit-check-not='{{warning|error|remark}}:'
// CHECK: main.cpp:[[@LINE+23]]:9: warning: unused variable 'unused'
// RUN: cmp %t/main.cpp %t/main.before
// RUN: FileCheck %s --check-prefix=DEPS --input-file=%t/main.d
// DEPS: main.o: \
// DEPS-NEXT: main.cpp \
// RUN: %clangxx %t/main.o -o %t/instrumented
// RUN: %clangxx -std=c++17 -O2 %t/main.cpp -o %t/plain
// RUN: %t/plain > %t/plain.out
// RUN: env MAPLENS_DIR=%t/prof %t/instrumented > %t/instrumented.out
// RUN: cmp %t/plain.out %t/instrumented.out
// RUN: %python %S/../Inputs/profile_counts.py %t/prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
//
// A filter that matches nothing instruments nothing: the same object file.
// RUN: %clangxx -std=c++17 -c -O2 -o %t/plain.o %t/main.cpp
// RUN: %clangxx -std=c++17 -c -O2 -o %t/filtered.o %t/main.cpp -fplugin=%maplens_plugin -fplugin-arg-maplens-mode=instrument -fplugin-arg-maplens-filter=NOMATCH
// RUN: cmp %t/plain.o %t/filtered.o
#include <cstdio>
#include <map>

int main() {
  std::map<int, int> m{{1, 2}, {3, 4}};
  int sum = 0;
  for (auto &kv : m) { // COUNTS: [[@LINE]] executions=1 iterations=2
    int unused = 0;
    sum += kv.second;
  }
  std::printf("%d\n", sum);
}
