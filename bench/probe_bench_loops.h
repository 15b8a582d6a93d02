// The loops the probe benchmark measures (bench/probe_bench.cpp): one
// range-for, over each container kind and over contiguous copies, with three
// body costs. probe_bench_loops.cpp is compiled twice, into namespace
// `plain` as written and into namespace `instrumented` through the plugin
// (or `maplens instrument` when the compiler is not the matching clang), so
// both variants run exactly the same loop code.
#ifndef MAPLENS_BENCH_PROBE_BENCH_LOOPS_H
#define MAPLENS_BENCH_PROBE_BENCH_LOOPS_H

#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace maplens_bench {

using u64 = std::uint64_t;
using OrderedMap = std::map<u64, u64>;
using HashMap = std::unordered_map<u64, u64>;
using OrderedSet = std::set<u64>;
/// Contiguous copies: what `iteration_share` compares against.
using PairVector = std::vector<std::pair<u64, u64>>;
using KeyVector = std::vector<u64>;

/// Per-element work. Trivial: one add (vectorizable over a vector). Moderate
/// and heavy: a chain of dependent multiply-xorshift steps, serial across
/// elements (each step needs the accumulator), calibrated on the reference
/// machine to about 20 ns and 200 ns; the benchmark prints what they cost.
enum class Body { Trivial, Moderate, Heavy };

// Declared for each variant; defined in probe_bench_loops.cpp.
#define MAPLENS_BENCH_DECLARE_WALKS(Variant)                                   \
  namespace Variant {                                                          \
  u64 walk(const OrderedMap &Range, Body Kind);                                \
  u64 walk(const HashMap &Range, Body Kind);                                   \
  u64 walk(const OrderedSet &Range, Body Kind);                                \
  u64 walk(const PairVector &Range, Body Kind);                                \
  u64 walk(const KeyVector &Range, Body Kind);                                 \
  }
MAPLENS_BENCH_DECLARE_WALKS(plain)
MAPLENS_BENCH_DECLARE_WALKS(instrumented)
#undef MAPLENS_BENCH_DECLARE_WALKS

} // namespace maplens_bench

#endif // MAPLENS_BENCH_PROBE_BENCH_LOOPS_H
