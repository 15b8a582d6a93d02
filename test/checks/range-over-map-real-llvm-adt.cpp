// LLVM's ADT containers from the real headers of the LLVM maplens is built
// against (not mocks): loops that name the container, and generic code that
// sees only their iterators (llvm::DenseMapIterator, StringMap's iterators,
// SmallPtrSetIterator, DenseSet's nested iterator).
// RUN: %list_sites -std=c++17 %llvm_headers %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %maplens scan --quiet %s -- -std=c++17 %llvm_headers 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/iterator_range.h"

int sink(int);

template <class It> int countAll(It b, It e) {
  int n = 0;
  for (; b != e; ++b) ++n;
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks '{{.*}}; family: flat-hash [maplens-range-over-map]
  return n;
}

template <class It> int countNodes(It b, It e) {
  int n = 0;
  while (b != e) { ++n; ++b; }
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks '{{.*}}; family: node-hash [maplens-range-over-map]
  return n;
}

void positiveNamed(llvm::DenseMap<int, int> &dm, llvm::StringMap<int> &sm,
                   llvm::SmallPtrSet<int *, 8> &ps, llvm::DenseSet<int> &ds) {
  for (auto &kv : dm) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'llvm::DenseMap<int, int>'; family: flat-hash [maplens-range-over-map]
  for (auto &e : sm) sink(e.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'llvm::StringMap<int>'; family: node-hash [maplens-range-over-map]
  for (int *p : ps) sink(*p);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'llvm::SmallPtrSet<int *, 8>'; family: flat-hash [maplens-range-over-map]
  for (int x : ds) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'llvm::DenseSet<int>'; family: flat-hash [maplens-range-over-map]
}

void positiveIteratorsOnly(llvm::DenseMap<int, int> &dm, llvm::StringMap<int> &sm,
                           llvm::SmallPtrSet<int *, 8> &ps, llvm::DenseSet<int> &ds) {
  sink(countAll(dm.begin(), dm.end()) + countAll(ps.begin(), ps.end()) +
       countAll(ds.begin(), ds.end()) + countNodes(sm.begin(), sm.end()));
  for (auto &kv : llvm::make_range(dm.begin(), dm.end())) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks '{{.*}}; family: flat-hash [maplens-range-over-map]
}

void negative(llvm::SmallVector<int, 4> &v, llvm::MapVector<int, int> &mv) {
  // Vector-backed: contiguous already.
  for (int x : v) sink(x);
  for (auto &kv : mv) sink(kv.second);
  sink(countAll(v.begin(), v.end()));
  for (int x : llvm::make_range(v.begin(), v.end())) sink(x);
}
