// Code that sees only a container's iterators: generic functions handed an
// iterator pair, std::ranges::subrange, classes whose begin() returns a
// map's iterators. The walk is found by the iterators' type, so the printed
// type is the iterator's (library-specific: matched loosely below).
// RUN: %list_sites -std=c++20 %s 2>&1 | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %list_sites -std=c++20 %libcxx %s 2>&1 | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not='{{remark|warning|error}}:' %}
// RUN: %maplens scan --quiet %s -- -std=c++20 2>&1 | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %maplens scan --quiet %s -- -std=c++20 %libcxx 2>&1 | FileCheck %s --check-prefixes=CHECK,DEFAULT --implicit-check-not='{{remark|warning|error}}:' %}
// A user's container, catalogued by option: its nested iterator class is its.
// RUN: %list_sites -std=c++20 -fplugin-arg-maplens-containers=acme::Tree=ordered-tree %s 2>&1 | FileCheck %s --check-prefixes=CHECK,CUSTOM --implicit-check-not='{{remark|warning|error}}:'
// RUN: %maplens scan --quiet --containers=acme::Tree=ordered-tree %s -- -std=c++20 2>&1 | FileCheck %s --check-prefixes=CHECK,CUSTOM --implicit-check-not='{{remark|warning|error}}:'
// With every unordered container removed, their iterators are nobody's.
// RUN: %list_sites -std=c++20 -fplugin-arg-maplens-containers=-std::unordered_map,-std::unordered_multimap,-std::unordered_set,-std::unordered_multiset %s 2>&1 | FileCheck %s --check-prefixes=CHECK --implicit-check-not='{{remark|warning|error}}:'

#include <algorithm>
#include <list>
#include <map>
#include <ranges>
#include <set>
#include <unordered_set>
#include <utility>
#include <vector>

int sink(int);

namespace acme {
template <class K, class V> class Tree {
public:
  struct Node { K first; V second; Node *next; };
  struct iterator {
    Node *n;
    Node &operator*() const { return *n; }
    Node *operator->() const { return n; }
    iterator &operator++() { n = n->next; return *this; }
    bool operator!=(const iterator &o) const { return n != o.n; }
    bool operator==(const iterator &o) const { return n == o.n; }
  };
  iterator begin();
  iterator end();
};
} // namespace acme

template <class It> long sumKeys(It b, It e) {
  long s = 0;
  for (; b != e; ++b) s += b->first;
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks '{{.*}}; family: ordered-tree [maplens-range-over-map]
  return s;
}

template <class It> int countAll(It first, It last) {
  int n = 0;
  while (first != last) {
  // DEFAULT: :[[@LINE-1]]:3: remark: iterator loop walks '{{.*}}; family: node-hash [maplens-range-over-map]
  // CUSTOM: :[[@LINE-2]]:3: remark: iterator loop walks '{{.*}}; family: node-hash [maplens-range-over-map]
    ++n;
    ++first;
  }
  return n;
}

template <class It, class F> void each(It b, It e, F f) {
  std::for_each(b, e, f);
  // CHECK: :[[@LINE-1]]:3: remark: algorithm call walks '{{.*}}; family: ordered-tree [maplens-range-over-map]
}

template <class It> long onlyEverVectors(It b, It e) {
  long s = 0;
  for (; b != e; ++b) s += b->first;
  return s;
}

void positivePairs(std::map<int, int> &m, std::unordered_set<int> &u,
                   std::vector<std::pair<int, int>> &v) {
  // One site however many instantiations; the vector's adds none.
  sink(sumKeys(m.begin(), m.end()) + sumKeys(m.cbegin(), m.cend()) +
       sumKeys(v.begin(), v.end()));
  sink(countAll(u.begin(), u.end()));
  each(m.begin(), m.end(), [](auto &kv) { sink(kv.second); });
  sink(onlyEverVectors(v.begin(), v.end()));
}

void positiveDeclaredIterators(std::map<int, int>::const_iterator b,
                               std::map<int, int>::const_iterator e,
                               std::multiset<int>::reverse_iterator rb,
                               std::multiset<int>::reverse_iterator re) {
  for (auto it = b; it != e; ++it) sink(it->second);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>::const_iterator'{{.*}}; family: ordered-tree [maplens-range-over-map]
  while (rb != re) sink(*rb++);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::multiset<int>::reverse_iterator'{{.*}}; family: ordered-tree [maplens-range-over-map]
}

struct Registry {
  std::map<int, int> byId;
  auto begin() { return byId.begin(); }
  auto end() { return byId.end(); }
};

void positiveRanges(std::map<int, int> &m, std::set<int> &s, Registry &r) {
  for (auto &[k, v] : std::ranges::subrange(m.begin(), m.end())) sink(k + v);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks '{{.*}}; family: ordered-tree [maplens-range-over-map]
  for (int x : std::ranges::subrange(s.lower_bound(3), s.end())) sink(x);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks '{{.*}}; family: ordered-tree [maplens-range-over-map]
  for (auto &kv : r) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks '{{.*}}; family: ordered-tree [maplens-range-over-map]
}

void positiveUserContainer(acme::Tree<int, int> &t) {
  for (auto it = t.begin(); it != t.end(); ++it) sink(it->second);
  // CUSTOM: :[[@LINE-1]]:3: remark: iterator loop walks 'acme::Tree<int, int>'; family: ordered-tree [maplens-range-over-map]
  sink(sumKeys(t.begin(), t.end()));
}

void negativeOtherIterators(std::vector<int> &v, std::list<int> &l,
                            std::list<int>::iterator b, std::list<int>::iterator e,
                            std::vector<std::map<int, int>::iterator> &its) {
  for (auto it = b; it != e; ++it) sink(*it);
  for (int x : std::ranges::subrange(v.begin(), v.end())) sink(x);
  for (int x : std::ranges::subrange(l.begin(), l.end())) sink(x);
  // A vector of map iterators is a vector.
  for (auto it : its) sink(it->first);
  sink(countAll(v.begin(), v.end()));
}

void negativeNoWalk(std::map<int, int> &m, std::map<int, int>::iterator e) {
  // Compared, never advanced: a lookup.
  auto it = m.find(3);
  while (it != e && it->second > 0) it->second--;
}
