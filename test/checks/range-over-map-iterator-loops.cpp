// Iterator loops over associative containers: for/while/do advancing an
// iterator, including the erase-while-iterating form and sub-range walks.
// RUN: %list_sites -std=c++20 %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %list_sites -std=c++20 %libcxx %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:' %}
// RUN: %maplens scan --quiet %s -- -std=c++20 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %maplens scan --quiet %s -- -std=c++20 %libcxx 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:' %}
// C++17 too: `!=` is not rewritten to `==` there, a different AST.
// RUN: %list_sites -std=c++17 %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'

#include <iterator>
#include <list>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

int sink(int);
using Table = std::unordered_map<int, int>;

void positiveForLoops(std::map<int, int> &m, const std::set<int> &s, Table *t) {
  for (auto it = m.begin(); it != m.end(); ++it) sink(it->second);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree [maplens-range-over-map]
  for (std::map<int, int>::const_iterator it = m.cbegin(); it != m.cend(); it++) sink(it->first);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree
  for (auto it = s.rbegin(); it != s.rend(); ++it) sink(*it);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::set<int>'; family: ordered-tree
  for (auto it = t->begin(), e = t->end(); it != e; ++it) sink(it->first);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'Table' (aka 'std::unordered_map<int, int>'); family: node-hash
  for (auto it = std::begin(m); it != std::end(m); it = std::next(it)) sink(it->first);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree
  // Sub-range walk: from one bound to another.
  for (auto it = m.lower_bound(10), last = m.upper_bound(20); it != last; ++it) sink(it->second);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree
  auto range = m.equal_range(5);
  for (auto it = range.first; it != range.second; ++it) sink(it->second);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree
  // Reverse walk towards begin().
  for (auto it = m.end(); it != m.begin();) { --it; sink(it->first); }
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree
}

void positiveEraseWhileIterating(std::map<int, int> &m, Table &t) {
  for (auto it = m.begin(); it != m.end();) {
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree
    if (it->second == 0)
      it = m.erase(it);
    else
      ++it;
  }
  for (auto it = t.begin(); it != t.end();)
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'Table' (aka 'std::unordered_map<int, int>'); family: node-hash
    if (it->second < 0) t.erase(it++); else ++it;
}

void positiveWhileAndDo(std::map<int, int> &m, std::set<int> &s) {
  auto it = m.begin();
  while (it != m.end()) {
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree
    sink(it->first);
    ++it;
  }
  auto cur = s.begin();
  while (cur != s.end() && *cur < 100) std::advance(cur, 1);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::set<int>'; family: ordered-tree
  if (!m.empty()) {
    auto d = m.begin();
    do {
    // CHECK: :[[@LINE-1]]:5: remark: iterator loop walks 'std::map<int, int>'; family: ordered-tree
      sink(d->second);
    } while (++d != m.end());
  }
}

void negativeIteratorLoops(std::vector<int> &v, std::list<int> &l, std::map<int, int> &m) {
  for (auto it = v.begin(); it != v.end(); ++it) sink(*it);
  for (auto it = l.begin(); it != l.end(); ++it) sink(*it);
  // Index loops, and loops that only look things up.
  for (int i = 0; i < 10; ++i) sink(m[i]);
  auto found = m.find(1);
  while (found != m.end()) found = m.find(found->second);
  // Compares against end() but never advances the iterator.
  for (auto it = m.find(3); it != m.end();) { sink(it->second); break; }
  if (m.find(7) != m.end()) sink(7);
}

void positiveStructuredBounds(std::multimap<int, int> &mm) {
  auto [first, last] = mm.equal_range(4);
  for (auto it = first; it != last; ++it) sink(it->second);
  // CHECK: :[[@LINE-1]]:3: remark: iterator loop walks 'std::multimap<int, int>'; family: ordered-tree
}
