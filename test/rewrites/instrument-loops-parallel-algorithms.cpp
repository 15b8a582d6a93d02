// An algorithm with an execution policy may call its function object on
// several threads at once; its call is not instrumented (one probe::loop
// must not be entered concurrently). The sequential call next to it is.
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/par.cpp
// RUN: %maplens instrument --quiet --root=%t %t/par.cpp -- -std=c++17 | FileCheck %s --implicit-check-not=remark:

#include <algorithm>
#include <execution>
#include <map>

long count(const std::map<int, int> &m) {
  long n = std::count_if(std::execution::par, m.begin(), m.end(), [](auto &kv) { return kv.first > 1; }); // CHECK: :[[@LINE]]:12: remark: loop not instrumented: parallel-algorithm
  n += std::count_if(m.begin(), m.end(), [](auto &kv) { return kv.first > 1; });
  return n;
}
