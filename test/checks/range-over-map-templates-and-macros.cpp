// Templates are one site however often instantiated, and only if some
// instantiation walks a container; loops in lambdas; macro expansions are
// reported but not rewritable; element bindings.
// RUN: %list_sites -std=c++20 %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %list_sites -std=c++20 %libcxx %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:' %}
// RUN: %maplens scan --quiet %s -- -std=c++20 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %maplens scan --quiet %s -- -std=c++20 %libcxx 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:' %}
// RUN: %maplens scan --format=json %s -- -std=c++20 | FileCheck %s --check-prefix=JSON

#include <map>
#include <set>
#include <unordered_map>
#include <vector>

int sink(int);

template <class Range> int total(const Range &r) {
  int n = 0;
  for (const auto &x : r) n += sink(sizeof(x));
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
  return n;
}

template <class Range> int neverWithAMap(const Range &r) {
  int n = 0;
  for (const auto &x : r) n += x;
  return n;
}

template <class Range> int neverInstantiated(const Range &r) {
  int n = 0;
  for (const auto &x : r) n += x;
  return n;
}

template <class K> struct Cache {
  std::unordered_map<K, int> entries;
  int sum() const {
    int s = 0;
    for (auto &[k, v] : entries) s += v;
    // CHECK: :[[@LINE-1]]:5: remark: range-for loop walks 'std::unordered_map<int, int>'; family: node-hash
    return s;
  }
};

int useTemplates(std::map<int, int> &m, std::map<long, int> &m2, std::vector<int> &v,
                 Cache<int> &c, Cache<int> &c2) {
  return total(m) + total(m2) + total(v) + neverWithAMap(v) + c.sum() + c2.sum();
}

void lambdas(std::set<int> &s) {
  auto each = [&](auto &&fn) {
    for (int x : s) fn(x);
    // CHECK: :[[@LINE-1]]:5: remark: range-for loop walks 'std::set<int>'; family: ordered-tree
  };
  each([](int x) { sink(x); });
  auto generic = [](const auto &c) { for (auto &kv : c) sink(kv.first); };
  // CHECK: :[[@LINE-1]]:38: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree
  std::map<int, int> local;
  generic(local);
}

#define FOR_EACH_ENTRY(m, body) for (auto &entry : m) { body; }
#define THE_MAP global

std::map<int, int> global;

void macros() {
  FOR_EACH_ENTRY(global, sink(entry.first));
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree; not rewritable: macro-expansion
  for (auto &kv : THE_MAP) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree; not rewritable: macro-expansion [maplens-range-over-map]
  for (auto kv : global) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop walks 'std::map<int, int>'; family: ordered-tree [maplens-range-over-map]
}

// JSON:      "version": 1,
// JSON:      "line": 19,
// JSON:      "kind": "range-for",
// JSON:      "binding": "const-reference",
// JSON-NEXT: "in_macro": false,
// JSON-NEXT: "in_template": true,
// JSON-NEXT: "rewritable": true,
// JSON-NEXT: "skip_reason": null,
// JSON-NEXT: "function": "total",
// JSON-NEXT: "text": "for (const auto &x : r)"
// JSON:      "line": 40,
// JSON:      "binding": "structured-binding",
// JSON-NEXT: "in_macro": false,
// JSON-NEXT: "in_template": true,
// JSON:      "function": "Cache::sum",
// JSON:      "line": 53,
// JSON:      "binding": "value",
// JSON-NEXT: "in_macro": false,
// JSON-NEXT: "in_template": true,
// JSON:      "function": "lambdas",
// JSON:      "line": 57,
// JSON:      "binding": "const-reference",
// JSON-NEXT: "in_macro": false,
// JSON-NEXT: "in_template": true,
// JSON:      "line": 69,
// JSON:      "in_macro": true,
// JSON-NEXT: "in_template": false,
// JSON-NEXT: "rewritable": false,
// JSON-NEXT: "skip_reason": "macro-expansion",
// JSON:      "line": 71,
// JSON:      "in_macro": false,
// JSON-NEXT: "in_template": false,
// JSON-NEXT: "rewritable": false,
// JSON-NEXT: "skip_reason": "macro-expansion",
// JSON:      "line": 73,
// JSON:      "binding": "value",
// JSON-NEXT: "in_macro": false,
// JSON-NEXT: "in_template": false,
// JSON-NEXT: "rewritable": true,
