// Range-for over std::ranges views of containers, and the standard
// algorithms that walk a container inside the library.
// RUN: %list_sites -std=c++20 %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %list_sites -std=c++20 %libcxx %s 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:' %}
// RUN: %maplens scan --quiet %s -- -std=c++20 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:'
// RUN: %if libcxx %{ %maplens scan --quiet %s -- -std=c++20 %libcxx 2>&1 | FileCheck %s --implicit-check-not='{{remark|warning|error}}:' %}

#include <algorithm>
#include <iterator>
#include <map>
#include <numeric>
#include <ranges>
#include <set>
#include <unordered_map>
#include <vector>

int sink(int);
using Prices = std::map<int, double>;

void positiveViews(Prices &p, const std::unordered_map<int, int> &u) {
  for (int k : std::views::keys(p)) sink(k);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree [maplens-range-over-map]
  for (double v : std::views::values(p)) sink(int(v));
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
  for (int k : std::views::elements<0>(u)) sink(k);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks 'std::unordered_map<int, int>'; family: node-hash
  for (double v : p | std::views::values) sink(int(v));
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
  for (auto &kv : p | std::views::filter([](auto &kv) { return kv.second > 0; }) | std::views::take(3)) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
  for (auto &kv : std::views::reverse(p)) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
  for (auto &kv : std::views::all(p)) sink(kv.first);
  // CHECK: :[[@LINE-1]]:3: remark: range-for loop over a view walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
}

void positiveAlgorithms(Prices &p, std::set<int> &s, std::vector<int> &out) {
  std::for_each(p.begin(), p.end(), [](const auto &kv) { sink(kv.first); });
  // CHECK: :[[@LINE-1]]:3: remark: algorithm call walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
  double total = std::accumulate(p.cbegin(), p.cend(), 0.0,
  // CHECK: :[[@LINE-1]]:18: remark: algorithm call walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
                                 [](double a, const auto &kv) { return a + kv.second; });
  sink(int(total));
  std::ranges::for_each(p, [](auto &kv) { sink(kv.first); });
  // CHECK: :[[@LINE-1]]:3: remark: algorithm call walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
  std::ranges::for_each(p | std::views::keys, [](int k) { sink(k); });
  // CHECK: :[[@LINE-1]]:3: remark: algorithm call walks 'Prices' (aka 'std::map<int, double>'); family: ordered-tree
  sink(int(std::count_if(s.begin(), s.end(), [](int x) { return x > 3; })));
  // CHECK: :[[@LINE-1]]:12: remark: algorithm call walks 'std::set<int>'; family: ordered-tree
  std::copy(s.begin(), s.end(), std::back_inserter(out));
  // CHECK: :[[@LINE-1]]:3: remark: algorithm call walks 'std::set<int>'; family: ordered-tree
  sink(int(std::ranges::count(s, 4)));
  // CHECK: :[[@LINE-1]]:12: remark: algorithm call walks 'std::set<int>'; family: ordered-tree
  if (std::find(s.begin(), s.end(), 9) != s.end()) sink(9);
  // CHECK: :[[@LINE-1]]:7: remark: algorithm call walks 'std::set<int>'; family: ordered-tree
}

void negativeAlgorithms(std::vector<int> &v, std::map<int, int> &m, std::set<int> &s) {
  std::for_each(v.begin(), v.end(), [](int x) { sink(x); });
  std::ranges::for_each(v, [](int x) { sink(x); });
  sink(std::accumulate(v.begin(), v.end(), 0));
  // The map is written to, not walked.
  std::transform(v.begin(), v.end(), std::inserter(m, m.end()),
                 [](int x) { return std::make_pair(x, x); });
  std::copy(v.begin(), v.end(), std::inserter(s, s.begin()));
  // Member lookups are not walks.
  sink(int(m.count(1)) + int(s.count(2)));
  for (int x : v | std::views::take(2)) sink(x);
}
