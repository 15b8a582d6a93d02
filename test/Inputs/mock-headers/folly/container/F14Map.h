#pragma once
#include "mock_iter.h"
namespace folly {
template <class K, class V> class F14ValueMap : public mock::map_base<K, V> {};
template <class K, class V> class F14NodeMap : public mock::map_base<K, V> {};
template <class K, class V> class F14VectorMap : public mock::map_base<K, V> {};
// As in folly, F14FastMap is a class derived from one of the others.
template <class K, class V> class F14FastMap : public F14ValueMap<K, V> {};
template <class K> class F14FastSet : public mock::set_base<K> {};
} // namespace folly
