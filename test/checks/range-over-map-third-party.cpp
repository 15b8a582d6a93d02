// Containers of absl, boost, folly, tsl, LLVM and Qt (mock headers with the
// real namespaces and class relationships, included as system headers as
// an installed library would be), and the `containers` option.
// RUN: %list_sites -std=c++17 -isystem %mocks %s 2>&1 | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not='{{remark|warning|error}}:'
// RUN: %maplens scan --quiet %s -- -std=c++17 -isystem %mocks 2>&1 | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not='{{remark|warning|error}}:'
//
// User-added names and removals, in both front ends.
// RUN: %list_sites -std=c++17 -isystem %mocks -fplugin-arg-maplens-containers=acme::Table=node-hash,-QSet %s 2>&1 | FileCheck %s --check-prefixes=CHECK,CUSTOM --implicit-check-not='{{remark|warning|error}}:' --implicit-check-not="'QSet<int>'"
// RUN: %maplens scan --quiet --containers=acme::Table=node-hash,-QSet %s -- -std=c++17 -isystem %mocks 2>&1 | FileCheck %s --check-prefixes=CHECK,CUSTOM --implicit-check-not='{{remark|warning|error}}:' --implicit-check-not="'QSet<int>'"

#include <absl/container/flat_hash_map.h>
#include <boost/container/map.hpp>
#include <boost/unordered/unordered_map.hpp>
#include <folly/container/F14Map.h>
#include <llvm/ADT/DenseMap.h>
#include <QtCore/QMap>
#include <tsl/robin_map.h>

int sink(int);

void positiveAbsl(absl::flat_hash_map<int, int> &a, absl::node_hash_set<int> &b,
                  absl::btree_map<int, int> &c, absl::btree_multiset<int> &d) {
  for (auto &kv : a) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'absl::flat_hash_map<int, int>'; family: flat-hash [maplens-range-over-map]
  for (int x : b) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'absl::node_hash_set<int>'; family: node-hash
  for (auto it = c.begin(); it != c.end(); ++it) sink(it->second);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'absl::btree_map<int, int>'; family: ordered-tree
  for (int x : d) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'absl::btree_multiset<int>'; family: ordered-tree
}

void positiveBoost(boost::unordered_map<int, int> &a, boost::unordered_flat_set<int> &b,
                   boost::container::map<int, int> &c, boost::container::flat_map<int, int> &d) {
  for (auto &kv : a) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'boost::unordered_map<int, int>' (aka 'boost::unordered::unordered_map<int, int>'); family: node-hash
  for (int x : b) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'boost::unordered_flat_set<int>' (aka 'boost::unordered::unordered_flat_set<int>'); family: flat-hash
  for (auto &kv : c) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'boost::container::map<int, int>'; family: ordered-tree
  for (auto &kv : d) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'boost::container::flat_map<int, int>'; family: other
}

void positiveFollyTsl(folly::F14FastMap<int, int> &a, folly::F14NodeMap<int, int> &b,
                      folly::F14VectorMap<int, int> &c, tsl::robin_map<int, int> &d,
                      tsl::hopscotch_map<int, int> &e) {
  for (auto &kv : a) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'folly::F14FastMap<int, int>'; family: flat-hash
  for (auto &kv : b) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'folly::F14NodeMap<int, int>'; family: node-hash
  for (auto &kv : c) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'folly::F14VectorMap<int, int>'; family: other
  for (auto &kv : d) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'tsl::robin_map<int, int>'; family: flat-hash
  for (auto &kv : e) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'tsl::hopscotch_map<int, int>'; family: flat-hash
}

void positiveLlvmQt(llvm::DenseMap<int, int> &a, llvm::DenseSet<int> &b,
                    llvm::StringMap<int> &c, llvm::SmallPtrSet<int *, 4> &d,
                    QMap<int, int> &e, QHash<int, int> &f, QSet<int> &g) {
  for (auto &kv : a) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'llvm::DenseMap<int, int>'; family: flat-hash
  for (int x : b) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'llvm::DenseSet<int>'; family: flat-hash
  for (auto &kv : c) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'llvm::StringMap<int>'; family: node-hash
  for (int *p : d) sink(*p);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'llvm::SmallPtrSet<int *, 4>'; family: flat-hash
  for (auto &kv : e) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'QMap<int, int>'; family: ordered-tree
  for (auto &kv : f) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'QHash<int, int>'; family: flat-hash
  for (int x : g) sink(x);
  // DEFAULT: :[[@LINE-1]]:3: remark: range-for loop walks 'QSet<int>'; family: flat-hash
}

namespace acme {
template <class K, class V> struct Table : mock::map_base<K, V> {};
} // namespace acme

void customContainers(acme::Table<int, int> &t) {
  for (auto &kv : t) sink(kv.second);
  // CUSTOM: :[[@LINE-1]]:3: remark: range-for loop walks 'acme::Table<int, int>'; family: node-hash
}

void negativeThirdParty(llvm::MapVector<int, int> &mv, QList<int> &list) {
  for (auto &kv : mv) sink(kv.second);
  for (int x : list) sink(x);
}
