// Shared minimal iteration support for the third-party mock containers.
#pragma once
namespace mock {
template <class T> struct node_iter {
  T *p;
  T &operator*() const { return *p; }
  T *operator->() const { return p; }
  node_iter &operator++() { ++p; return *this; }
  bool operator!=(const node_iter &o) const { return p != o.p; }
  bool operator==(const node_iter &o) const { return p == o.p; }
};
template <class K, class V> struct kv { const K first; V second; };
template <class K, class V> struct map_base {
  node_iter<kv<K, V>> begin();
  node_iter<kv<K, V>> end();
  // A loop inside a library header is never reported.
  int size() { int n = 0; for (auto it = begin(); it != end(); ++it) ++n; return n; }
};
template <class K> struct set_base {
  node_iter<const K> begin();
  node_iter<const K> end();
};
} // namespace mock
