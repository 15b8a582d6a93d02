#pragma once
#include "mock_iter.h"
namespace tsl {
template <class K, class V> class robin_map : public mock::map_base<K, V> {};
template <class K> class robin_set : public mock::set_base<K> {};
template <class K, class V> class hopscotch_map : public mock::map_base<K, V> {};
} // namespace tsl
