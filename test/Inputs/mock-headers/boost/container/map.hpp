#pragma once
#include "mock_iter.h"
namespace boost {
namespace container {
template <class K, class V> class map : public mock::map_base<K, V> {};
template <class K> class set : public mock::set_base<K> {};
template <class K, class V> class flat_map : public mock::map_base<K, V> {};
template <class K> class flat_set : public mock::set_base<K> {};
} // namespace container
} // namespace boost
