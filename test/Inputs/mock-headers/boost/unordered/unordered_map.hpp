#pragma once
#include "mock_iter.h"
namespace boost {
namespace unordered {
template <class K, class V> class unordered_map : public mock::map_base<K, V> {};
template <class K> class unordered_set : public mock::set_base<K> {};
template <class K, class V> class unordered_flat_map : public mock::map_base<K, V> {};
template <class K> class unordered_flat_set : public mock::set_base<K> {};
} // namespace unordered
using unordered::unordered_map;
using unordered::unordered_set;
using unordered::unordered_flat_map;
using unordered::unordered_flat_set;
} // namespace boost
