#pragma once
#include "mock_iter.h"
namespace llvm {
template <class Derived, class K, class V> class DenseMapBase : public mock::map_base<K, V> {};
template <class K, class V> class DenseMap : public DenseMapBase<DenseMap<K, V>, K, V> {};
namespace detail {
template <class K> class DenseSetImpl : public mock::set_base<K> {};
} // namespace detail
template <class K> class DenseSet : public detail::DenseSetImpl<K> {};
template <class V> class StringMap : public mock::map_base<const char *, V> {};
template <class P> class SmallPtrSetImpl : public mock::set_base<P> {};
template <class P, unsigned N> class SmallPtrSet : public SmallPtrSetImpl<P> {};
// Vector-backed: iterating it is a contiguous scan, not listed.
template <class K, class V> class MapVector : public mock::map_base<K, V> {};
} // namespace llvm
