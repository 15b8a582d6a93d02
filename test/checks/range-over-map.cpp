// Range-based for over the standard associative containers, reached every
// way code reaches them; and the look-alikes that must not be reported.
//
// Every configuration must print exactly the CHECK lines: plugin and
// `maplens scan`, libstdc++ and libc++.
// RUN: %list_sites -std=c++20 %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %list_sites -std=c++20 %libcxx %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:' %}
// RUN: %maplens scan --quiet %s -- -std=c++20 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %maplens scan --quiet %s -- -std=c++20 %libcxx 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:' %}

#include <array>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

int sink(int);

void positiveStandardContainers(std::map<int, int> &m, std::multimap<int, int> &mm,
                                std::set<int> &s, std::multiset<int> &ms,
                                std::unordered_map<int, int> &um,
                                std::unordered_multimap<int, int> &umm,
                                std::unordered_set<int> &us,
                                std::unordered_multiset<int> &ums) {
  for (auto &kv : m) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree [maplens-range-over-map]
  for (auto &kv : mm) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::multimap<int, int>'; family: ordered-tree [maplens-range-over-map]
  for (int x : s) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::set<int>'; family: ordered-tree [maplens-range-over-map]
  for (int x : ms) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::multiset<int>'; family: ordered-tree [maplens-range-over-map]
  for (auto &kv : um) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::unordered_map<int, int>'; family: node-hash [maplens-range-over-map]
  for (auto &kv : umm) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::unordered_multimap<int, int>'; family: node-hash [maplens-range-over-map]
  for (int x : us) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::unordered_set<int>'; family: node-hash [maplens-range-over-map]
  for (int x : ums) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::unordered_multiset<int>'; family: node-hash [maplens-range-over-map]
}

// Sugar: typedefs, alias templates, using-declarations; cv and references.
typedef std::map<int, int> IntMap;
template <class V> using ByName = std::map<std::string, V>;
using Counts = std::unordered_map<int, long>;

void positiveSugar(const IntMap &cm, ByName<int> &names, Counts *counts,
                   std::map<int, int> &&moved) {
  for (const auto &kv : cm) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'IntMap' (aka 'std::map<int, int>'); family: ordered-tree
  for (auto &kv : names) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'ByName<int>' (aka 'std::map<{{.*}}, int>'); family: ordered-tree
  for (auto &kv : *counts) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'Counts' (aka 'std::unordered_map<int, long>'); family: node-hash
  for (auto &kv : moved) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
  auto &alias = cm;
  for (auto &kv : alias) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'IntMap' (aka 'std::map<int, int>'); family: ordered-tree
}

// Members, calls returning containers, std::as_const, init-statements,
// smart pointers, containers nested in other containers.
struct Registry {
  std::map<int, int> byId;
  std::set<int> live;
  const std::map<int, int> &view() const { return byId; }
  std::map<int, int> snapshot() const { return byId; }
  void positiveMembers() {
    for (auto &kv : byId) sink(kv.first);
    // CHECK: :[[@LINE-1]]:5: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
    for (int x : this->live) sink(x);
    // CHECK: :[[@LINE-1]]:5: remark: range-for loop walks 'std::set<int>'; family: ordered-tree
  }
};

std::unordered_set<int> makeSet();

void positiveExpressions(Registry &r, std::unique_ptr<std::map<int, int>> &owned,
                         std::vector<std::map<int, int>> &shards) {
  for (auto &kv : r.view()) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
  for (auto &kv : r.snapshot()) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
  for (int x : makeSet()) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::unordered_set<int>'; family: node-hash
  for (auto &kv : std::as_const(r.byId)) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
  for (auto &kv : *owned) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
  for (const auto &m = r.byId; auto &kv : m) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
  for (auto &shard : shards)
    for (auto &kv : shard) sink(kv.first);
  // CHECK: :[[@LINE-1]]:5: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
}

// Classes derived from a container, directly and indirectly.
struct Index : std::map<std::string, int> {};
struct TimedIndex : Index { long stamp = 0; };

void positiveDerived(Index &idx, TimedIndex &timed) {
  for (auto &kv : idx) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'Index'; family: ordered-tree
  for (auto &kv : timed) sink(kv.second);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'TimedIndex'; family: ordered-tree
}

// Look-alikes: sequence containers, arrays, strings, vectors of pairs, and
// classes named like containers outside namespace std.
namespace mylib {
template <class K, class V> struct map {
  std::pair<K, V> *begin();
  std::pair<K, V> *end();
};
namespace std {
template <class K> struct set {
  K *begin();
  K *end();
};
} // namespace std
} // namespace mylib

void negativeLookalikes(std::vector<int> &v, std::array<int, 3> &a, int (&raw)[4],
                        std::list<int> &l, std::deque<int> &d, std::string &str,
                        std::vector<std::pair<int, int>> &pairs,
                        mylib::map<int, int> &fake, mylib::std::set<int> &fakeSet,
                        std::map<int, std::vector<int>> &m) {
  for (int x : v) sink(x);
  for (int x : a) sink(x);
  for (int x : raw) sink(x);
  for (int x : l) sink(x);
  for (int x : d) sink(x);
  for (char c : str) sink(c);
  for (auto &p : pairs) sink(p.first);
  for (auto &p : fake) sink(p.first);
  for (int x : fakeSet) sink(x);
  // The vector inside a map's value is not the map.
  for (int x : m.at(1)) sink(x);
  for (int x : m[2]) sink(x);
  for (int x : {1, 2, 3}) sink(x);
}
