#pragma once
#include "mock_iter.h"
namespace absl {
inline namespace lts_20240722 {
template <class K, class V, class H = void> class flat_hash_map : public mock::map_base<K, V> {};
template <class K, class H = void> class flat_hash_set : public mock::set_base<K> {};
template <class K, class V, class H = void> class node_hash_map : public mock::map_base<K, V> {};
template <class K, class H = void> class node_hash_set : public mock::set_base<K> {};
template <class K, class V> class btree_map : public mock::map_base<K, V> {};
template <class K> class btree_set : public mock::set_base<K> {};
template <class K, class V> class btree_multimap : public mock::map_base<K, V> {};
template <class K> class btree_multiset : public mock::set_base<K> {};
} // namespace lts_20240722
} // namespace absl
