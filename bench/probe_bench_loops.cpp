// The measured loop (see probe_bench_loops.h). Compiled twice, with
// -DMAPLENS_BENCH_VARIANT=plain and, instrumented, with
// -DMAPLENS_BENCH_VARIANT=instrumented. Keep the blank line below the
// includes: the instrumented copy puts its #include there, so that every
// line keeps its number.
#include "probe_bench_loops.h"

namespace maplens_bench {
namespace MAPLENS_BENCH_VARIANT {
namespace {

u64 keyOf(u64 Key) { return Key; }
u64 valueOf(u64 Key) { return Key; }
template <class Pair> u64 keyOf(const Pair &Element) { return Element.first; }
template <class Pair> u64 valueOf(const Pair &Element) {
  return Element.second;
}

struct AddBody {
  u64 operator()(u64 Acc, u64 Key, u64 Value) const {
    return Acc + Key + Value;
  }
};

/// Steps dependent multiply-xorshift rounds seeded by the accumulator, so
/// one element's body cannot start before the previous one's ends.
template <unsigned Steps> struct MixBody {
  u64 operator()(u64 Acc, u64 Key, u64 Value) const {
    u64 X = Acc ^ Key;
    for (unsigned I = 0; I < Steps; ++I) {
      X = X * 0x9e3779b97f4a7c15ull + Value;
      X ^= X >> 29;
    }
    return X;
  }
};

// Calibrated on the reference machine (docs/performance.md): ~20 ns, ~200 ns.
using ModerateBody = MixBody<14>;
using HeavyBody = MixBody<125>;

/// The loop under measurement. One site, in a template, as in real code.
template <class Range, class BodyFn>
u64 walkWith(const Range &Elements, BodyFn Fn) {
  u64 Acc = 0;
  for (const auto &Element : Elements)
    Acc = Fn(Acc, keyOf(Element), valueOf(Element));
  return Acc;
}

template <class Range> u64 walkAny(const Range &Elements, Body Kind) {
  switch (Kind) {
  case Body::Trivial:
    return walkWith(Elements, AddBody());
  case Body::Moderate:
    return walkWith(Elements, ModerateBody());
  case Body::Heavy:
    return walkWith(Elements, HeavyBody());
  }
  return 0;
}

} // namespace

u64 walk(const OrderedMap &Range, Body Kind) { return walkAny(Range, Kind); }
u64 walk(const HashMap &Range, Body Kind) { return walkAny(Range, Kind); }
u64 walk(const OrderedSet &Range, Body Kind) { return walkAny(Range, Kind); }
u64 walk(const PairVector &Range, Body Kind) { return walkAny(Range, Kind); }
u64 walk(const KeyVector &Range, Body Kind) { return walkAny(Range, Kind); }

} // namespace MAPLENS_BENCH_VARIANT
} // namespace maplens_bench
