//===--- maplens/probe.h - Timing probes for instrumented loops -----------===//
//
/// \file
/// The runtime behind `maplens instrument` and the plugin's instrument mode.
/// Header only: it needs no link flag, compiles as C++14 and later with GCC
/// and Clang, and is thread-safe without a lock on the hot path.
///
/// What an instrumented loop looks like (all on the loop's own line):
///
/// \code
///   { static ::maplens::probe::site maplens_site_1a2b{"1a2b...", "f.cpp",
///     12, 3, "std::map<int, int>", "sum", "for (auto &[k, v] : m)"};
///     ::maplens::probe::loop maplens_loop_1a2b(maplens_site_1a2b);
///     for (auto &[k, v] : maplens_loop_1a2b.range(m)) {
///       ::maplens::probe::body maplens_body_1a2b(maplens_loop_1a2b, k);
///       ... } }
/// \endcode
///
/// Algorithm calls get their function object wrapped instead:
/// `std::count_if(b, e, ::maplens::probe::algorithm_loop(SITE).each(f))`.
///
/// How time is split (docs/probe-runtime.md has the measurements):
///  - every execution and every iteration is counted exactly, in per-thread
///    counters (plain stores, no atomic read-modify-write); untimed
///    executions under 4096 elements of a two-pass loop in thread-local
///    counters declared beside the site (probe::run, probe::run_no_break,
///    short_counts);
///  - a sample of executions is timed as a whole (clock read at the loop's
///    start and end), at a rate chosen per thread, site and length class
///    (detail::length_class) so the timing costs about 1% of the loop
///    (loop::kTimedCostInClockReads); loop time is estimated from them
///    per iteration. A loop's time runs from its first body to its end,
///    so a range expression that builds the container is not charged to
///    it;
///  - range-based for loops whose range the rewrite wraps (only where the
///    body cannot change m's structure, or only through objects it hands
///    over as guards, which an execution checks are not m) sometimes walk
///    a *snapshot* on a timed execution: an array gathered from m before
///    the clock starts.
///    In the two-pass form (`loop.run([&](auto &pass) { for (x :
///    pass.range(m)) ... })`, see loop::run, or probe::run where the range
///    is handed over first) that execution is a separately
///    compiled loop over pointers to m's elements, or over copies of them
///    (`pass.values(m)`); in the in-loop form (`for (x : loop.range(m))`)
///    the same loop walks an array of m's iterators. Such an
///    execution costs what the loop would cost over contiguous memory, so
///    iteration time is (time per iteration over m - time per iteration
///    over the snapshot) x iterations. Snapshot executions are spaced so
///    that their extra walk costs about 1% of the loop;
///  - for the other loops (and, per thread, until a length class has both
///    kinds of timed execution; then no more), a sample of the *gaps
///    between bodies* is timed: from the end of one body to the start of
///    the next, which is exactly the increment, the end comparison and the
///    element binding. Before stopping the clock the sampled gap touches
///    the new element, so the cache miss of reaching it is charged to
///    iteration, as it would vanish with a contiguous copy.
///    Iteration time is the mean sampled gap times the number of
///    iterations (one gap follows each body).
///
/// At exit, and on maplens::flush(), the counts since the previous write go
/// to `$MAPLENS_DIR/maplens-<pid>-<n>.json` (schema: docs/profile-json.md).
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_PROBE_H
#define MAPLENS_PROBE_H

// Warnings from this header are maplens's business, not the user's build's.
#if defined(__GNUC__)
#pragma GCC system_header
#endif

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// What the compiler must inline. The contiguous pass of loop::run runs on
// rare timed executions, in a branch the compiler takes for cold, where
// clang inlines only what costs almost nothing; when it stopped inlining
// that pass into the loop's function, the lambda's captures escaped and
// the container pass kept its accumulators in memory (1.44x on a
// 1e3-element unordered_map walk with a trivial body), and when only the
// call was forced, the pass's own probes stayed calls, one per element,
// so the pass was no longer the loop a contiguous copy gets (1.9 ns per
// element against 0.2). So the passes are inlined at the call (Clang 16
// and later), and so is everything a contiguous pass does per element.
#define MAPLENS_PROBE_ALWAYS_INLINE __attribute__((always_inline))
#if defined(__clang__) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(clang::always_inline)
#define MAPLENS_PROBE_INLINE_CALL [[clang::always_inline]]
#endif
#endif
#ifndef MAPLENS_PROBE_INLINE_CALL
#define MAPLENS_PROBE_INLINE_CALL
#endif

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

namespace maplens {
/// Everything below is in a versioned inline namespace: code names it
/// maplens::probe::..., but objects built against two versions of this
/// header (a library instrumented by an older maplens, linked into a
/// program instrumented by a newer one) get distinct symbols, so each
/// version keeps its own counts and writes its own profile file (the
/// writer never replaces a file), where one shared name for two layouts
/// of short_counts or slot would break the program. Bump it when a
/// layout or a protocol between the inline functions changes.
inline namespace probe_v7 {
namespace probe {

/// The static descriptor of one instrumented loop. Constant-initialized (no
/// guard on the hot path) and never destroyed, so it is safe to read from
/// the at-exit writer.
struct site {
  const char *id;
  const char *file;
  unsigned line;
  unsigned column;
  const char *container;
  const char *function;
  const char *loop;
  /// 0 until the site registers on first use; then its index + 1.
  std::atomic<unsigned> index{0};
  /// The thread that registered the site finds its slot here (see
  /// detail::slot_for): its block's address | 1, 0 for none.
  std::atomic<std::uintptr_t> owner{0};
  std::atomic<void *> owner_slot{nullptr};
};

namespace detail {

typedef std::uint64_t u64;

inline u64 now_ns() noexcept {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<u64>(ts.tv_sec) * 1000000000u +
         static_cast<u64>(ts.tv_nsec);
}

/// The clock at either end of a timed execution. The fences keep the
/// processor from starting the loop's first instructions before the start
/// is read, and from reading the end before the loop's last instructions
/// are done: out of order, the walk of an 8-element std::map (26 ns)
/// overlapped the two clock reads so much that it measured 12 ns.
inline u64 span_clock_ns() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __asm__ __volatile__("lfence" ::: "memory");
  u64 t = now_ns();
  __asm__ __volatile__("lfence" ::: "memory");
#elif defined(__aarch64__)
  __asm__ __volatile__("isb" ::: "memory");
  u64 t = now_ns();
  __asm__ __volatile__("isb" ::: "memory");
#else
  u64 t = now_ns();
#endif
  return t;
}

/// A counter written by one thread and read by the writer thread: relaxed
/// load and store compile to plain moves, unlike fetch_add.
struct counter {
  std::atomic<u64> v{0};
  void add(u64 n) noexcept {
    v.store(v.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  u64 get() const noexcept { return v.load(std::memory_order_relaxed); }
};
} // namespace detail

/// A thread's counts of one site's executions that took the fast path of
/// probe::run (untimed, shorter than 4096 elements): declared by the
/// rewrite next to the site, as a `static thread_local`, so that reaching
/// it costs one instruction in an executable (%fs-relative) where
/// reaching the thread's slot costs a lookup. Constant-initialized and
/// trivially destructible, so no guard or wrapper either. The thread's
/// slot for the site points here (the writer adds these to it).
/// Counts are kept per length class (detail::length_class, 0 and 1), and
/// so is where the fast path stops: `until[c]`, the count of
/// executions[c] from which the next execution of class c is due to be
/// timed (slot::timed_at), 0 until the slow path has run once in c.
struct short_counts {
  detail::counter executions[2];
  detail::counter iterations[2];
  detail::u64 until[2] = {0, 0};
};

namespace detail {

/// Executions are told apart by length: up to 63 elements, 4095, 262143,
/// and more. A loop's cost per iteration depends on its length (cache), so
/// the split compares timings of executions of one class. The length is
/// the range's size() where the probe sees the range and it has one (then
/// it is known before the first body, and a loop left early by break is
/// classed with the complete walks of the same container); otherwise the
/// execution's iterations.
const unsigned kLengths = 4;
inline unsigned length_class(std::uint64_t n) noexcept {
  return n < 64 ? 0 : n < 4096 ? 1 : n < 262144 ? 2 : 3;
}
/// The classes probe::run's fast path takes (short_counts): executions of
/// fewer than kFastLength elements. Longer ones cost the slow path's slot
/// lookup (5 to 6 ns) less than 0.1% of their time.
const unsigned kFastLengths = 2;
const std::uint64_t kFastLength = 4096;

/// Per thread and site. Counters are summed by the writer; countdowns are
/// private to the owning thread.
struct slot {
  counter timed_executions, gap_samples, gap_ns;
  // Timed executions that walked a snapshot instead of the container.
  counter snapshot_executions;
  // Per length class: all executions and iterations, and those of timed
  // executions over the container (units, ns) and over a snapshot.
  counter executions_of[kLengths];
  counter iterations_of[kLengths];
  counter timed_units[kLengths], timed_loop_ns[kLengths];
  counter snapshot_units[kLengths], snapshot_loop_ns[kLengths];
  // The same timings, each weighted by the executions it stands for (see
  // timed_period): what the estimates use.
  counter weighted_timed_units[kLengths], weighted_timed_ns[kLengths];
  counter weighted_snapshot_units[kLengths], weighted_snapshot_ns[kLengths];
  // Per length class: the count of executions_of from which the next
  // execution is timed. Per class, so that a loop whose length changes (8
  // elements for a while, then a million) has its long executions timed
  // at once, not after as many executions as suited the short ones; in
  // executions, not iterations, so that which execution is timed does not
  // depend on the lengths of those before it (by iterations, the one after
  // a long execution was timed, and a search loop that walked 300
  // elements in one execution of 8 and stopped after one or two in the
  // others had only short executions timed). A threshold on a count the
  // loop keeps anyway, so that untimed executions pay for no budget of
  // their own; the period is jittered (next_period), so that executions
  // of a loop whose lengths repeat in a cycle are sampled in every phase.
  u64 timed_at[kLengths] = {0, 0, 0, 0}; // the first ones are timed
  // Per length class: the period the next timed execution is due by (1 for
  // the first): the executions it stands for, itself included, and the
  // weight of its timing. Not 1 for all, because periods differ: the
  // period follows the cost of the latest timed execution, so a phase of
  // slow executions (the first ones, with code and data cold) is timed
  // often, and unweighted its timings outweighed the rest of the run: a
  // search loop run for 6 ms, whose first timed execution took 7.8 us
  // against 1 us for later ones of the same length, was estimated at 1.1
  // to 1.5 times the process's wall time. The period as scheduled, not as
  // it turned out: executions that delay a timing are empty ones (nothing
  // to time), and a burst of them must not make the next timing stand for
  // all of them (a benchmark's million empty calls made one 8-element
  // timing outweigh all others).
  std::uint32_t timed_period[kLengths] = {1, 1, 1, 1};
  std::uint32_t gap_countdown = 1;  // and so is its first gap
  // Per length class: the count of iterations_of from which a timed
  // execution of a snapshot-capable loop walks a snapshot (the first timed
  // execution of a class walks the container; spacing snapshots by this
  // count costs the untimed executions nothing), timed executions since
  // the last one, and the most recent timed execution's ns per iteration,
  // times 16.
  u64 snapshot_at[kLengths] = {1, 1, 1, 1};
  std::uint32_t timed_since_snapshot[kLengths] = {0, 0, 0, 0};
  // Snapshot executions so far, per length class (loop::kFirstSnapshots).
  std::uint32_t snapshots_taken[kLengths] = {0, 0, 0, 0};
  u64 last_unit_ns16[kLengths] = {0, 0, 0, 0};
  // Per length class: a moving mean of the timed walks' spans over the
  // container (each new one weighs 1/8, and counts for at most 8 times the
  // mean, so that one preempted or exception-unwinding execution does not
  // raise the timing rate for long), which the timing period follows as
  // well as the latest span (loop::finish_sampled).
  u64 mean_span_ns[kLengths] = {0, 0, 0, 0};
  // Per length class: what the latest snapshot execution cost beyond the
  // loop it stood in for (detail::first_snapshots_affordable).
  u64 snapshot_extra_ns[kLengths] = {0, 0, 0, 0};
  // The executions this thread ran on probe::run's fast path, which are
  // not in the counters above (they are of classes 0 and 1); set once, by
  // the slot's own thread, read by the writer.
  std::atomic<short_counts *> shorts{nullptr};
  // The length class of the latest execution: the guess for the next
  // one's until its range's size is known (and for good where it never
  // is, or in loop::run, which chooses a pass before the range is seen).
  // And whether the range's elements can be gathered into a contiguous
  // pass at all (set by the container pass of a two-pass loop).
  unsigned char last_length = 0;
  bool contiguous_capable = false;
  // The latest execution was a contiguous pass that warmed the code up for
  // the next one, which is timed (see loop::run); what its gather cost.
  bool warmed_up = false;
  u64 warm_up_build_ns = 0;

  /// The thread's fast-path counts of class c, if that class has any.
  const short_counts *fast_counts(unsigned c) const noexcept {
    return c < kFastLengths ? shorts.load(std::memory_order_relaxed) : nullptr;
  }
  /// All executions of class c, with those of the fast path.
  u64 executions_in(unsigned c) const noexcept {
    const short_counts *t = fast_counts(c);
    return executions_of[c].get() + (t ? t->executions[c].get() : 0);
  }
  /// All iterations of class c, with those of the fast path.
  u64 iterations_in(unsigned c) const noexcept {
    const short_counts *t = fast_counts(c);
    return iterations_of[c].get() + (t ? t->iterations[c].get() : 0);
  }

  /// This thread has timed both a snapshot and a walk over the container
  /// in one length class: the split comes from snapshots (see estimate),
  /// and sampled gaps would only cost time, so no more are sampled
  /// (loop::kNoGaps). Asked on sampled and timed executions only.
  bool split_by_snapshots() const noexcept {
    for (unsigned c = 0; c < kLengths; ++c)
      if (timed_units[c].get() && snapshot_units[c].get())
        return true;
    return false;
  }
};

/// Sums of the counters above, per site.
struct totals {
  u64 executions = 0, iterations = 0;
  u64 timed_executions = 0, gap_samples = 0, gap_ns = 0;
  u64 snapshot_executions = 0;
  u64 iterations_of[kLengths] = {0, 0, 0, 0};
  u64 timed_units[kLengths] = {0, 0, 0, 0};
  u64 timed_loop_ns[kLengths] = {0, 0, 0, 0};
  u64 snapshot_units[kLengths] = {0, 0, 0, 0};
  u64 snapshot_loop_ns[kLengths] = {0, 0, 0, 0};
  u64 weighted_timed_units[kLengths] = {0, 0, 0, 0};
  u64 weighted_timed_ns[kLengths] = {0, 0, 0, 0};
  u64 weighted_snapshot_units[kLengths] = {0, 0, 0, 0};
  u64 weighted_snapshot_ns[kLengths] = {0, 0, 0, 0};
  void add(const slot &s) {
    if (const short_counts *t = s.shorts.load(std::memory_order_acquire)) {
      for (unsigned c = 0; c < kFastLengths; ++c) {
        executions += t->executions[c].get();
        iterations += t->iterations[c].get();
        iterations_of[c] += t->iterations[c].get();
      }
    }
    timed_executions += s.timed_executions.get();
    gap_samples += s.gap_samples.get();
    gap_ns += s.gap_ns.get();
    snapshot_executions += s.snapshot_executions.get();
    for (unsigned c = 0; c < kLengths; ++c) {
      executions += s.executions_of[c].get();
      iterations += s.iterations_of[c].get();
      iterations_of[c] += s.iterations_of[c].get();
      timed_units[c] += s.timed_units[c].get();
      timed_loop_ns[c] += s.timed_loop_ns[c].get();
      snapshot_units[c] += s.snapshot_units[c].get();
      snapshot_loop_ns[c] += s.snapshot_loop_ns[c].get();
      weighted_timed_units[c] += s.weighted_timed_units[c].get();
      weighted_timed_ns[c] += s.weighted_timed_ns[c].get();
      weighted_snapshot_units[c] += s.weighted_snapshot_units[c].get();
      weighted_snapshot_ns[c] += s.weighted_snapshot_ns[c].get();
    }
  }
  /// Adds t, or (Sign = -1) subtracts it.
  void add(const totals &t, int sign = 1) {
    u64 k = static_cast<u64>(static_cast<std::int64_t>(sign));
    executions += k * t.executions;
    iterations += k * t.iterations;
    timed_executions += k * t.timed_executions;
    gap_samples += k * t.gap_samples;
    gap_ns += k * t.gap_ns;
    snapshot_executions += k * t.snapshot_executions;
    for (unsigned c = 0; c < kLengths; ++c) {
      iterations_of[c] += k * t.iterations_of[c];
      timed_units[c] += k * t.timed_units[c];
      timed_loop_ns[c] += k * t.timed_loop_ns[c];
      snapshot_units[c] += k * t.snapshot_units[c];
      snapshot_loop_ns[c] += k * t.snapshot_loop_ns[c];
      weighted_timed_units[c] += k * t.weighted_timed_units[c];
      weighted_timed_ns[c] += k * t.weighted_timed_ns[c];
      weighted_snapshot_units[c] += k * t.weighted_snapshot_units[c];
      weighted_snapshot_ns[c] += k * t.weighted_snapshot_ns[c];
    }
  }
  totals minus(const totals &b) const {
    totals d = *this;
    d.add(b, -1);
    return d;
  }
  u64 sum(const u64 (&per_class)[kLengths]) const {
    u64 n = 0;
    for (unsigned c = 0; c < kLengths; ++c)
      n += per_class[c];
    return n;
  }
};

const unsigned kChunkBits = 8;
const unsigned kChunkSize = 1u << kChunkBits;
const unsigned kMaxChunks = 4096; // up to 1M sites per process

/// One of a thread's mappings for snapshot arrays (snapshot_alloc).
struct snapshot_block {
  void *p = nullptr; // as snapshot_alloc returns it
  bool in_use = false;
};
static const unsigned kSnapshotBlocks = 4;

/// One thread's slots, in chunks that never move once published, and its
/// kept snapshot memory.
struct thread_block {
  std::atomic<slot *> chunks[kMaxChunks];
  thread_block *next = nullptr;
  thread_block *prev = nullptr;
  std::uint32_t rng = 0x9e3779b9u;
  snapshot_block snapshots[kSnapshotBlocks];
  thread_block() {
    for (unsigned i = 0; i < kMaxChunks; ++i)
      chunks[i].store(nullptr, std::memory_order_relaxed);
  }
};

struct registry {
  std::mutex mu;
  std::vector<site *> sites;
  std::vector<totals> retired; // from threads that have exited
  std::vector<totals> written; // already in a profile file
  thread_block *blocks = nullptr;
  u64 start_ns = 0;    // wall clock origin of the next file
  u64 cpu_start_ns = 0;
  u64 timer_ns = 0;    // what one clock read costs, measured once
  u64 span_timer_ns = 0; // the same for span_clock_ns()
  u64 gap_bias_ns = 0; // what timing one gap adds to it, measured once
  unsigned next_file = 0;
  bool warned = false;
};

/// The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), or for
/// maplens's own tests what the test says (test/runtime/
/// probe-accumulator-split.cpp stands a spin it takes off the count in
/// for a preemption, as a test cannot have the thread preempted on
/// demand). A system call: 0.65 to 1.35 us here.
inline u64 thread_cpu_ns() noexcept {
#ifdef MAPLENS_PROBE_THREAD_CPU_HOOK
  return MAPLENS_PROBE_THREAD_CPU_HOOK();
#else
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<u64>(ts.tv_sec) * 1000000000u +
         static_cast<u64>(ts.tv_nsec);
#endif
}

inline u64 process_cpu_ns() noexcept {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<u64>(ts.tv_sec) * 1000000000u +
         static_cast<u64>(ts.tv_nsec);
}

/// The earliest time any instrumented translation unit saw: static
/// initialization, so close to the process's start.
inline u64 &process_start_ns() noexcept {
  static u64 start = now_ns();
  return start;
}

inline u64 measure_timer_ns(u64 (*clock)() noexcept) noexcept {
  // What a timed span carries in excess of the code it times: the mean of
  // back-to-back clock reads, not their median, because spans are summed
  // and the clock may tick coarsely (10 ns steps on the reference machine,
  // where pairs read 20 ns or 30 ns and average 23). Pairs that took an
  // interrupt (over 4x the fastest) are left out.
  const int kPairs = 1024;
  u64 d[kPairs];
  u64 fastest = ~u64(0);
  for (int i = 0; i < kPairs; ++i) {
    u64 a = clock();
    u64 b = clock();
    d[i] = b - a;
    if (d[i] < fastest)
      fastest = d[i];
  }
  u64 limit = 4 * (fastest ? fastest : 1), sum = 0, n = 0;
  for (int i = 0; i < kPairs; ++i)
    if (d[i] <= limit) {
      sum += d[i];
      ++n;
    }
  return n ? (sum + n / 2) / n : fastest;
}

/// Whether Q's size() is O(1): unless Q says otherwise through a
/// `constant_time_size` constant, as Boost.Intrusive containers do.
template <class Q, class = void> struct cheap_size : std::true_type {};
template <class Q>
struct cheap_size<Q, typename std::enable_if<!Q::constant_time_size>::type>
    : std::false_type {};
/// Elements in q, where a size() says so without walking it; otherwise 0
/// (probe::run's fast path tests cheap_size before it trusts a 0).
/// Inlined: that fast path reads it on every execution.
template <class Q>
MAPLENS_PROBE_ALWAYS_INLINE auto size_hint(Q &q, int) ->
    typename std::enable_if<cheap_size<Q>::value,
                            decltype(static_cast<size_t>(q.size()))>::type {
  return static_cast<size_t>(q.size());
}
template <class Q> MAPLENS_PROBE_ALWAYS_INLINE size_t size_hint(Q &, long) {
  return 0;
}

inline registry &reg() {
  // Leaked on purpose: the at-exit writer and thread-exit hooks may run
  // after static destructors.
  static registry *r = new registry();
  return *r;
}

inline totals sum_site_locked(registry &r, unsigned i) {
  totals t = r.retired[i];
  unsigned chunk = i >> kChunkBits;
  for (thread_block *b = r.blocks; b; b = b->next) {
    slot *c = b->chunks[chunk].load(std::memory_order_acquire);
    if (c)
      t.add(c[i & (kChunkSize - 1)]);
  }
  return t;
}

/// Memory the runtime takes for itself, away from the program's heap:
/// mapped with mmap, each mapping a power of two of kMinMapping bytes or
/// more, starting with a kMappingHeader-byte header that holds its size.
/// Malloc would change the program's own heap: in glibc, a request of
/// 1 KiB or more merges the free lists of small blocks first
/// (malloc_consolidate), which at the exit of a program that had just
/// freed a map of a million nodes cost 100 million instructions when the
/// profile's text was built in a std::string.
static const std::size_t kMappingHeader = 64;
static const std::size_t kMinMapping = std::size_t(64) << 10;

inline std::size_t mapping_bytes(const void *p) noexcept {
  std::size_t bytes;
  std::memcpy(&bytes, static_cast<const char *>(p) - kMappingHeader,
              sizeof bytes);
  return bytes;
}
/// What a mapping from map_memory holds for its user.
inline std::size_t mapped_capacity(const void *p) noexcept {
  return mapping_bytes(p) - kMappingHeader;
}
inline void unmap_memory(void *p) noexcept {
  munmap(static_cast<char *>(p) - kMappingHeader, mapping_bytes(p));
}
/// A new mapping for at least n bytes, aligned to 64, or nullptr.
inline void *map_memory(std::size_t n) noexcept {
  if (n > (~std::size_t(0) >> 2))
    return nullptr;
  std::size_t bytes = kMinMapping;
  while (bytes < n + kMappingHeader)
    bytes *= 2;
  void *base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    return nullptr;
  std::memcpy(base, &bytes, sizeof bytes);
  return static_cast<char *>(base) + kMappingHeader;
}
/// An allocator over map_memory, for the profile's text and tables.
template <class T> struct mapped_allocator {
  typedef T value_type;
  mapped_allocator() noexcept {}
  template <class U> mapped_allocator(const mapped_allocator<U> &) noexcept {}
  T *allocate(std::size_t n) {
    if (void *p = map_memory(n * sizeof(T)))
      return static_cast<T *>(p);
    throw std::bad_alloc();
  }
  void deallocate(T *p, std::size_t) noexcept { unmap_memory(p); }
  template <class U> bool operator==(const mapped_allocator<U> &) const {
    return true;
  }
  template <class U> bool operator!=(const mapped_allocator<U> &) const {
    return false;
  }
};
typedef std::basic_string<char, std::char_traits<char>, mapped_allocator<char>>
    text;

inline void append_json_string(text &out, const char *s) {
  out += '"';
  for (; s && *s; ++s) {
    unsigned char c = static_cast<unsigned char>(*s);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

inline void append_u64(text &out, const char *key, u64 v, bool comma = true) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%s\": %llu%s", key,
                static_cast<unsigned long long>(v), comma ? ", " : "");
  out += buf;
}

inline text program_name() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0)
    return "program";
  buf[n] = 0;
  const char *slash = std::strrchr(buf, '/');
  return slash ? slash + 1 : buf;
}

/// Estimates for one site from its counts; see the file comment.
inline void estimate(const totals &d, u64 timer_ns, u64 &loop_ns,
                     u64 &iteration_ns) {
  (void)timer_ns;
  loop_ns = 0;
  iteration_ns = 0;
  // Per length class: ns per iteration over the container (A) and over a
  // snapshot (B). A class without its own timings borrows the nearest
  // class's: first by cost per iteration, then by share.
  double a[kLengths], b[kLengths];
  bool has_a[kLengths], has_b[kLengths];
  bool any_a = false, any_split = false;
  for (unsigned c = 0; c < kLengths; ++c) {
    has_a[c] = d.weighted_timed_units[c] != 0;
    has_b[c] = d.weighted_snapshot_units[c] != 0;
    a[c] = has_a[c] ? static_cast<double>(d.weighted_timed_ns[c]) /
                          static_cast<double>(d.weighted_timed_units[c])
                    : 0;
    b[c] = has_b[c] ? static_cast<double>(d.weighted_snapshot_ns[c]) /
                          static_cast<double>(d.weighted_snapshot_units[c])
                    : 0;
    any_a = any_a || has_a[c];
    any_split = any_split || (has_a[c] && has_b[c]);
  }
  if (!any_a)
    return;
  double total_loop = 0, total_walk = 0;
  for (unsigned c = 0; c < kLengths; ++c) {
    if (!d.iterations_of[c])
      continue;
    double n = static_cast<double>(d.iterations_of[c]);
    unsigned near_a = c, near_split = c;
    for (unsigned dist = 0; dist < kLengths; ++dist) {
      unsigned lo = c >= dist ? c - dist : kLengths, hi = c + dist;
      if (!has_a[near_a])
        near_a = lo < kLengths && has_a[lo] ? lo
                 : hi < kLengths && has_a[hi] ? hi : near_a;
      if (!(has_a[near_split] && has_b[near_split]))
        near_split = lo < kLengths && has_a[lo] && has_b[lo] ? lo
                     : hi < kLengths && has_a[hi] && has_b[hi] ? hi
                                                               : near_split;
    }
    double loop = a[near_a] * n;
    total_loop += loop;
    if (any_split) {
      unsigned s = near_split;
      double share = a[s] > b[s] ? (a[s] - b[s]) / a[s] : 0;
      total_walk += share * loop;
    }
  }
  loop_ns = static_cast<u64>(total_loop);
  if (any_split) {
    iteration_ns = static_cast<u64>(total_walk);
  } else if (d.gap_samples) {
    double mean = static_cast<double>(d.gap_ns) /
                  static_cast<double>(d.gap_samples);
    iteration_ns = static_cast<u64>(mean * static_cast<double>(d.iterations));
  }
  if (iteration_ns > loop_ns)
    iteration_ns = loop_ns;
}

/// Writes Contents to Dir/maplens-<pid>-<n>.json without ever replacing a
/// file: a temporary file is written completely, then hard-linked to the
/// first free name, then removed.
inline bool write_profile_file(registry &r, const text &contents, text &error) {
  const char *env = std::getenv("MAPLENS_DIR");
  text dir = env && *env ? env : ".";
  long pid = static_cast<long>(getpid());
  char name[128];
  std::snprintf(name, sizeof name, "/.maplens-%ld-%u.tmp", pid,
                r.next_file);
  text tmp = dir + name;
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot write profile in '" + dir + "': " + std::strerror(errno);
    return false;
  }
  const char *p = contents.data();
  size_t left = contents.size();
  while (left) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      error = "cannot write profile '" + tmp + "': " + std::strerror(errno);
      close(fd);
      unlink(tmp.c_str());
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    error = "cannot write profile '" + tmp + "': " + std::strerror(errno);
    unlink(tmp.c_str());
    return false;
  }
  for (int attempt = 0; attempt < 100000; ++attempt) {
    std::snprintf(name, sizeof name, "/maplens-%ld-%u.json", pid,
                  r.next_file++);
    text final_name = dir + name;
    if (link(tmp.c_str(), final_name.c_str()) == 0) {
      unlink(tmp.c_str());
      return true;
    }
    if (errno != EEXIST) {
      error = "cannot write profile '" + final_name +
              "': " + std::strerror(errno);
      unlink(tmp.c_str());
      return false;
    }
  }
  unlink(tmp.c_str());
  error = "cannot write profile in '" + dir + "': no free file name";
  return false;
}

inline void flush_locked(registry &r) {
  u64 end = now_ns();
  u64 cpu = process_cpu_ns();
  text out;
  out.reserve(4096);
  out += "{\"format\": \"maplens-profile\", ";
  append_u64(out, "version", 1);
  append_u64(out, "pid", static_cast<u64>(getpid()));
  out += "\"program\": ";
  append_json_string(out, program_name().c_str());
  out += ", ";
  append_u64(out, "wall_ns", end - r.start_ns);
  append_u64(out, "cpu_ns", cpu > r.cpu_start_ns ? cpu - r.cpu_start_ns : 0);
  append_u64(out, "timer_ns", r.timer_ns);
  append_u64(out, "gap_bias_ns", r.gap_bias_ns);
  out += "\"sites\": [";
  bool first = true;
  std::vector<totals, mapped_allocator<totals>> now(r.sites.size());
  for (unsigned i = 0; i < r.sites.size(); ++i) {
    now[i] = sum_site_locked(r, i);
    totals d = now[i].minus(r.written[i]);
    if (!d.executions)
      continue;
    const site &s = *r.sites[i];
    u64 loop_ns, iteration_ns;
    estimate(d, r.timer_ns, loop_ns, iteration_ns);
    out += first ? "\n  {" : ",\n  {";
    first = false;
    out += "\"id\": ";
    append_json_string(out, s.id);
    out += ", \"file\": ";
    append_json_string(out, s.file);
    out += ", ";
    append_u64(out, "line", s.line);
    append_u64(out, "column", s.column);
    out += "\"container\": ";
    append_json_string(out, s.container);
    out += ", \"function\": ";
    append_json_string(out, s.function);
    out += ", \"loop\": ";
    append_json_string(out, s.loop);
    out += ", ";
    append_u64(out, "executions", d.executions);
    append_u64(out, "iterations", d.iterations);
    append_u64(out, "loop_ns", loop_ns);
    append_u64(out, "iteration_ns", iteration_ns);
    out += "\"samples\": {";
    append_u64(out, "timed_executions", d.timed_executions);
    append_u64(out, "timed_units", d.sum(d.timed_units));
    append_u64(out, "timed_loop_ns", d.sum(d.timed_loop_ns));
    append_u64(out, "gaps", d.gap_samples);
    append_u64(out, "gap_ns", d.gap_ns);
    append_u64(out, "snapshot_executions", d.snapshot_executions);
    append_u64(out, "snapshot_units", d.sum(d.snapshot_units));
    append_u64(out, "snapshot_loop_ns", d.sum(d.snapshot_loop_ns));
    out += "\"by_length\": [";
    for (unsigned c = 0; c < kLengths; ++c) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s[%llu, %llu, %llu, %llu, %llu]",
                    c ? ", " : "",
                    static_cast<unsigned long long>(d.iterations_of[c]),
                    static_cast<unsigned long long>(d.timed_units[c]),
                    static_cast<unsigned long long>(d.timed_loop_ns[c]),
                    static_cast<unsigned long long>(d.snapshot_units[c]),
                    static_cast<unsigned long long>(d.snapshot_loop_ns[c]));
      out += buf;
    }
    out += "], \"weighted_by_length\": [";
    for (unsigned c = 0; c < kLengths; ++c) {
      char buf[160];
      std::snprintf(
          buf, sizeof buf, "%s[%llu, %llu, %llu, %llu]", c ? ", " : "",
          static_cast<unsigned long long>(d.weighted_timed_units[c]),
          static_cast<unsigned long long>(d.weighted_timed_ns[c]),
          static_cast<unsigned long long>(d.weighted_snapshot_units[c]),
          static_cast<unsigned long long>(d.weighted_snapshot_ns[c]));
      out += buf;
    }
    out += "]";
    out += "}}";
  }
  out += "\n]}\n";
  text error;
  if (write_profile_file(r, out, error)) {
    r.written.assign(now.begin(), now.end());
    r.start_ns = end;
    r.cpu_start_ns = cpu;
  } else if (!r.warned) {
    r.warned = true;
    std::fprintf(stderr, "maplens: warning: %s\n", error.c_str());
  }
}

inline void flush() {
  registry &r = reg();
  std::lock_guard<std::mutex> lock(r.mu);
  if (!r.sites.empty())
    flush_locked(r);
}

inline void flush_at_exit() { flush(); }

inline void before_fork() { reg().mu.lock(); }
inline void after_fork_parent() { reg().mu.unlock(); }
inline void after_fork_child() {
  // The child starts with the parent's counts; only what happens after the
  // fork is the child's to report.
  registry &r = reg();
  for (unsigned i = 0; i < r.sites.size(); ++i)
    r.written[i] = sum_site_locked(r, i);
  r.start_ns = now_ns();
  r.cpu_start_ns = 0;
  r.next_file = 0;
  // r.warned is kept: a parent that could not write has said so once.
  r.mu.unlock();
}

inline void retire_block(thread_block *b);

/// Set once the thread's block is retired, as the thread ends. Loops run
/// after that (from the destructor of a thread_local constructed before
/// the thread's first loop) count in a new block's slots only: the
/// thread's short_counts are in its thread-local storage, which is freed
/// with the thread, while that block stays for the writer to read. Only
/// the slow path reads it: the default TLS model will do.
inline bool &thread_ending() noexcept {
  static thread_local bool ending = false;
  return ending;
}

/// Owns the thread's block; retires its counts when the thread ends.
struct block_owner {
  thread_block *block = nullptr;
  ~block_owner() {
    thread_ending() = true;
    if (block)
      retire_block(block);
  }
};

/// The thread's block. Initial-exec TLS: every loop execution reaches it,
/// and in position-independent code (a shared library) the default model
/// calls __tls_get_addr each time, which cost 2-4 ns per execution here.
/// A dlopen()ed library takes these 8 bytes from the C library's static
/// TLS reserve; where that reserve is exhausted ("cannot allocate memory in
/// static TLS block"), build with -DMAPLENS_PROBE_DYNAMIC_TLS.
#if defined(MAPLENS_PROBE_DYNAMIC_TLS)
#define MAPLENS_PROBE_TLS_MODEL
#else
#define MAPLENS_PROBE_TLS_MODEL __attribute__((tls_model("initial-exec")))
#endif
inline thread_block *&tls_block() noexcept {
  static thread_local thread_block *b MAPLENS_PROBE_TLS_MODEL = nullptr;
  return b;
}
#undef MAPLENS_PROBE_TLS_MODEL

/// Memory for snapshot arrays: mapped (map_memory), never taken from
/// malloc, and kept per thread (up to kSnapshotBlocks mappings,
/// kKeptSnapshotBytes in all) for the next snapshots. From malloc, every
/// snapshot allocated and freed a block of the program's own heap: a
/// block of 1 KiB or more made glibc merge its free lists
/// (malloc_consolidate), and the program's next allocations landed
/// elsewhere than in the plain build. In an inverted index whose queries
/// free thousands of small nodes each, the loops ran 3 to 17% slower
/// than with mapped snapshots (bench/programs/inverted_index.cpp).
static const std::size_t kKeptSnapshotBytes = std::size_t(64) << 20;

/// n bytes for a snapshot array, aligned to 64, or nullptr (out of memory).
/// A free kept mapping that is large enough serves; else a free slot's
/// mapping is replaced by a larger one; a thread using all its slots
/// (snapshots of loops nested four deep) gets a mapping of its own.
inline void *snapshot_alloc(std::size_t n) noexcept {
  thread_block *b = tls_block();
  if (!b)
    return map_memory(n);
  snapshot_block *free_slot = nullptr;
  for (snapshot_block &k : b->snapshots) {
    if (k.in_use)
      continue;
    if (k.p && mapped_capacity(k.p) >= n) {
      k.in_use = true;
      return k.p;
    }
    if (!free_slot || !k.p)
      free_slot = &k;
  }
  void *p = map_memory(n);
  if (p && free_slot) {
    if (free_slot->p)
      unmap_memory(free_slot->p);
    free_slot->p = p;
    free_slot->in_use = true;
  }
  return p;
}
/// Gives back what snapshot_alloc returned (nullptr: nothing). The thread
/// keeps it while its kept mappings stay within kKeptSnapshotBytes.
inline void snapshot_free(void *p) noexcept {
  if (!p)
    return;
  thread_block *b = tls_block();
  if (b) {
    std::size_t kept = 0;
    snapshot_block *mine = nullptr;
    for (snapshot_block &k : b->snapshots) {
      if (k.p == p)
        mine = &k;
      else if (k.p)
        kept += mapping_bytes(k.p);
    }
    if (mine) {
      mine->in_use = false;
      if (kept + mapping_bytes(p) <= kKeptSnapshotBytes)
        return;
      mine->p = nullptr;
    }
  }
  unmap_memory(p);
}
/// Like realloc for snapshot memory: nullptr (and p still valid) when out
/// of memory. Used bytes of p are kept.
inline void *snapshot_grow(void *p, std::size_t used, std::size_t n) noexcept {
  if (mapped_capacity(p) >= n)
    return p;
  void *q = snapshot_alloc(n);
  if (!q)
    return nullptr;
  std::memcpy(q, p, used);
  snapshot_free(p);
  return q;
}

inline std::uintptr_t owner_key(const thread_block *b) noexcept {
  return reinterpret_cast<std::uintptr_t>(b) | 1;
}

inline void retire_block(thread_block *b) {
  registry &r = reg();
  {
    std::lock_guard<std::mutex> lock(r.mu);
    for (unsigned i = 0; i < r.sites.size(); ++i) {
      // A thread started later may get a block at this address.
      if (r.sites[i]->owner.load(std::memory_order_relaxed) == owner_key(b))
        r.sites[i]->owner.store(0, std::memory_order_relaxed);
      slot *c = b->chunks[i >> kChunkBits].load(std::memory_order_acquire);
      if (!c)
        continue;
      slot &sl = c[i & (kChunkSize - 1)];
      r.retired[i].add(sl);
      // The thread's short counts outlive its block (they are its TLS):
      // what they hold is retired now, and a loop run later on this thread
      // (from another thread_local's destructor) takes the slow path
      // every time (see thread_ending).
      if (short_counts *t = sl.shorts.load(std::memory_order_relaxed)) {
        for (unsigned length = 0; length < kFastLengths; ++length) {
          t->executions[length].v.store(0, std::memory_order_relaxed);
          t->iterations[length].v.store(0, std::memory_order_relaxed);
          t->until[length] = 0;
        }
      }
    }
    if (b->prev)
      b->prev->next = b->next;
    else
      r.blocks = b->next;
    if (b->next)
      b->next->prev = b->prev;
    for (unsigned i = 0; i < kMaxChunks; ++i)
      delete[] b->chunks[i].load(std::memory_order_relaxed);
  }
  for (snapshot_block &k : b->snapshots)
    if (k.p && !k.in_use)
      unmap_memory(k.p);
  tls_block() = nullptr;
  delete b;
}

inline __attribute__((noinline)) thread_block *new_thread_block() {
  static thread_local block_owner owner;
  thread_block *b = new thread_block();
  b->rng ^= static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(b) >> 4);
  registry &r = reg();
  {
    std::lock_guard<std::mutex> lock(r.mu);
    b->next = r.blocks;
    if (r.blocks)
      r.blocks->prev = b;
    r.blocks = b;
  }
  owner.block = b;
  tls_block() = b;
  return b;
}

inline __attribute__((noinline)) slot *new_chunk(thread_block *b,
                                                 unsigned chunk) {
  slot *c = new slot[kChunkSize];
  registry &r = reg();
  std::lock_guard<std::mutex> lock(r.mu);
  b->chunks[chunk].store(c, std::memory_order_release);
  return c;
}

inline u64 measure_gap_bias_ns() noexcept;

inline __attribute__((noinline)) unsigned register_site(site &s) {
  registry &r = reg();
  std::lock_guard<std::mutex> lock(r.mu);
  unsigned index = s.index.load(std::memory_order_relaxed);
  if (index)
    return index;
  if (r.sites.empty()) {
    r.start_ns = process_start_ns();
    r.cpu_start_ns = 0;
    r.timer_ns = measure_timer_ns(now_ns);
    r.span_timer_ns = measure_timer_ns(span_clock_ns);
    r.gap_bias_ns = measure_gap_bias_ns();
    std::atexit(flush_at_exit);
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
  }
  if (r.sites.size() >= static_cast<size_t>(kMaxChunks) * kChunkSize)
    std::abort();
  r.sites.push_back(&s);
  r.retired.push_back(totals());
  r.written.push_back(totals());
  index = static_cast<unsigned>(r.sites.size());
  s.index.store(index, std::memory_order_release);
  return index;
}

inline slot &slot_in(thread_block *b, unsigned index) noexcept {
  unsigned i = index - 1;
  slot *c = b->chunks[i >> kChunkBits].load(std::memory_order_relaxed);
  if (__builtin_expect(c == nullptr, 0))
    c = new_chunk(b, i >> kChunkBits);
  return c[i & (kChunkSize - 1)];
}

/// The first use of a site: registers it, and makes the thread its owner.
inline __attribute__((noinline)) slot &first_slot_for(site &s) noexcept {
  unsigned index = s.index.load(std::memory_order_acquire);
  if (index == 0)
    index = register_site(s);
  thread_block *b = tls_block();
  if (b == nullptr)
    b = new_thread_block();
  slot &sl = slot_in(b, index);
  registry &r = reg();
  std::lock_guard<std::mutex> lock(r.mu);
  if (s.owner.load(std::memory_order_relaxed) == 0) {
    s.owner_slot.store(&sl, std::memory_order_relaxed);
    s.owner.store(owner_key(b), std::memory_order_relaxed);
  }
  return sl;
}

/// The calling thread's slot for s. Every execution of a loop asks, so the
/// common case is short: most sites are run by one thread, the one that
/// registered them, which finds its slot in the site itself. Only that
/// thread's key matches, and it wrote the slot itself, so relaxed loads
/// suffice. Other threads look their slot up in their block.
inline slot &slot_for(site &s) noexcept {
  thread_block *b = tls_block();
  if (__builtin_expect(owner_key(b) == s.owner.load(std::memory_order_relaxed),
                       1))
    return *static_cast<slot *>(s.owner_slot.load(std::memory_order_relaxed));
  unsigned index = s.index.load(std::memory_order_acquire);
  if (__builtin_expect(index == 0 || b == nullptr, 0))
    return first_slot_for(s);
  return slot_in(b, index);
}

/// What the first snapshots of each length class (loop::kFirstSnapshots)
/// may still spend beyond the loops they stand in for: a credit, over all
/// threads and sites, that grows by kFirstSnapshotsRatePercent of the wall
/// time that passes, up to kFirstSnapshotsCreditNs, and that the extra
/// cost (its gather, less what walking the array saved) of each snapshot
/// execution it brought forward is taken from (one due by its loop's own
/// spacing is paid by that). Capped, so that credit saved up while nothing
/// needed it is not spent at once later. With a budget of 2% of all the time
/// elapsed, the benchmark (bench/probe_bench.cpp), whose cells run one
/// after another in one process, let its 1e5- and 1e6-element cells, run
/// minutes in, take their first snapshots at once: three of them ran at
/// 1.059 to 1.065 times the plain loop, against 0.983 to 1.022 before
/// (one run each). Relaxed and approximate across threads: a refill may
/// overwrite another thread's spending, which costs at most one snapshot
/// more.
struct first_snapshots_credit {
  std::atomic<long long> credit_ns{0};
  std::atomic<u64> updated_ns{0};
};
const long long kFirstSnapshotsCreditNs = 5000000; // 5 ms
const u64 kFirstSnapshotsRatePercent = 1;
inline first_snapshots_credit &first_snapshots() noexcept {
  static first_snapshots_credit c;
  return c;
}
/// Adds the credit earned since the last refill; whether it covers a
/// snapshot expected to cost Expected ns more than the loop (what the
/// class's latest one cost; 0 if unknown, when any credit will do). Not
/// just whether there is some, and only snapshots brought forward spend it
/// (loop::schedule_next_snapshot): one loop's costly snapshots took all of
/// it before. In a PageRank program each snapshot of a loop over 50000
/// vectors cost ~10 ms beyond its execution. Another loop over the same
/// nodes then got its snapshots only in the two rounds after its first,
/// whose costs were those of the odd rounds (its cost alternated by round),
/// and its split read 0 to 14% against 22 to 27% (medians of 7 runs). With
/// 5 to 9 snapshots it reads 18 to 36% against 25 to 28%.
inline bool first_snapshots_affordable(u64 expected) noexcept {
  first_snapshots_credit &c = first_snapshots();
  const u64 now = now_ns();
  u64 last = c.updated_ns.load(std::memory_order_relaxed);
  if (last == 0)
    last = process_start_ns();
  long long credit = c.credit_ns.load(std::memory_order_relaxed);
  if (now > last) {
    credit += static_cast<long long>((now - last) *
                                     kFirstSnapshotsRatePercent / 100);
    if (credit > kFirstSnapshotsCreditNs)
      credit = kFirstSnapshotsCreditNs;
    c.credit_ns.store(credit, std::memory_order_relaxed);
    c.updated_ns.store(now, std::memory_order_relaxed);
  }
  return credit > 0 && credit >= static_cast<long long>(expected);
}
/// A snapshot execution cost Extra ns more than the loop it stood in for.
inline void spend_on_snapshot(u64 extra) noexcept {
  first_snapshots().credit_ns.fetch_sub(static_cast<long long>(extra),
                                        std::memory_order_relaxed);
}

/// A sampling period so that Cost is about 1% of Span: Span/Cost... with
/// jitter, so periodic loops are not sampled in lockstep.
inline std::uint32_t next_period(u64 cost_ns, u64 span_ns) noexcept {
  thread_block *b = tls_block();
  u64 want = span_ns ? (cost_ns * 100) / span_ns : 65536;
  if (want < 1)
    want = 1;
  if (want > 65536)
    want = 65536;
  if (want == 1 || !b)
    return static_cast<std::uint32_t>(want);
  // xorshift32
  std::uint32_t x = b->rng;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  b->rng = x;
  return static_cast<std::uint32_t>(want / 2 + x % want + 1);
}

template <class T> inline void touch(const T &v) noexcept {
  // One load from the element: the cache miss of reaching it belongs to the
  // walk, not to the body.
  const volatile unsigned char *p =
      reinterpret_cast<const volatile unsigned char *>(std::addressof(v));
  (void)*p;
}

/// Iterator loops: the element is reached through the iterator.
template <class It>
inline auto touch_through(const It &it, int) noexcept
    -> decltype(touch(*it), void()) {
  touch(*it);
}
template <class T> inline void touch_through(const T &v, long) noexcept {
  touch(v);
}

/// Whether one of the objects a loop body changes is the range it walks
/// (loop::range and probe::run with guards): then the body may change the
/// range, and the execution must walk the range itself.
template <class R> inline bool is_any_of(const R &) noexcept { return false; }
template <class R, class G, class... Gs>
inline bool is_any_of(const R &r, const G &g, const Gs &...gs) noexcept {
  return static_cast<const void *>(std::addressof(r)) ==
             static_cast<const void *>(std::addressof(g)) ||
         is_any_of(r, gs...);
}

/// Detection helpers for snapshot walks: the iterator a range-for over R
/// uses, and whether a snapshot of such iterators may stand in for it.
template <class...> struct make_void { typedef void type; };

namespace range_access {
using std::begin;
using std::end;
// Members first, then argument-dependent lookup (with std:: for arrays):
// the lookup order of a range-based for.
template <class R> auto first(R &r, int) -> decltype(r.begin()) {
  return r.begin();
}
template <class R> auto first(R &r, long) -> decltype(begin(r)) {
  return begin(r);
}
template <class R> auto last(R &r, int) -> decltype(r.end()) {
  return r.end();
}
template <class R> auto last(R &r, long) -> decltype(end(r)) {
  return end(r);
}
} // namespace range_access

template <class R>
using iterator_of = decltype(range_access::first(std::declval<R &>(), 0));
template <class R>
using sentinel_of = decltype(range_access::last(std::declval<R &>(), 0));

template <class It, class = void> struct is_forward : std::false_type {};
template <class It>
struct is_forward<It, typename make_void<typename std::iterator_traits<
                          It>::iterator_category>::type>
    : std::is_base_of<std::forward_iterator_tag,
                      typename std::iterator_traits<It>::iterator_category> {
};

/// R can be wrapped: begin and end have one type.
template <class R, class = void> struct walkable : std::false_type {};
template <class R>
struct walkable<R, typename make_void<iterator_of<R>, sentinel_of<R>>::type>
    : std::is_same<iterator_of<R>, sentinel_of<R>> {};

/// A snapshot of R's iterators may replace walking R: the range can be
/// walked twice (forward iterators) and its iterators are plain values.
template <class R, class = void> struct snapshottable : std::false_type {};
template <class R>
struct snapshottable<R, typename std::enable_if<walkable<R>::value>::type>
    : std::integral_constant<
          bool, is_forward<iterator_of<R>>::value &&
                    std::is_trivially_copyable<iterator_of<R>>::value &&
                    std::is_trivially_destructible<iterator_of<R>>::value> {
};

/// The range wrappers take lvalues only: a temporary would die before the
/// loop ends, and the rewrite never wraps one. Held once here for the
/// loop and both passes, which bring these in with using-declarations.
struct lvalue_ranges_only {
  template <class R>
  typename std::enable_if<!std::is_lvalue_reference<R>::value>::type
  range(R &&r) = delete;
  template <class R>
  typename std::enable_if<!std::is_lvalue_reference<R>::value>::type
  values(R &&r) = delete;
};
} // namespace detail

template <class R> class walk_range;
template <bool Contiguous> class pass;
template <class R, bool Copies> class contiguous_range;
namespace detail {
template <bool WholeOnReturn, class R, class F>
void run_known(site &s, short_counts &t, R &known, F &f, bool aliased);
} // namespace detail

/// One execution of an instrumented loop; lives around the loop statement.
class loop : private detail::lvalue_ranges_only {
public:
  explicit loop(site &s) noexcept
      : slot_(detail::slot_for(s)), gap_due_(slot_.gap_countdown),
        class_(slot_.last_length) {
    // Timing starts at the first body, not here: a range-for evaluates its
    // range expression (maybe a call that builds the map) after this. The
    // range wrappers correct the guess once they know the range's size.
    timed_ = timing_due(class_);
    // An untimed execution needs no first-body hook: its countdown runs
    // straight to the body whose end starts the next gap sample.
    if (!timed_)
      run_to_gap();
  }
  loop(const loop &) = delete;
  loop &operator=(const loop &) = delete;

  /// Calibration only: an unregistered loop that times every Period-th gap.
  loop(detail::slot &s, std::uint32_t period) noexcept
      : slot_(s), gap_due_(period), timed_(false), class_(0),
        fixed_period_(period) {}

  ~loop() {
    // Most executions are neither timed nor sampled: only counts, inline.
    // A timed execution that never entered a body (an empty container) had
    // nothing to time: it ends here too, and the next one is timed.
    if (__builtin_expect(sampled_, 0)) {
      finish_sampled();
      return;
    }
    if (finished_)
      return;
    slot_.gap_countdown = gap_leaves_left();
    count(iterations());
  }

  // The body probes cost one decrement and one test per iteration: a
  // countdown of bodies to the next one that needs attention (the first,
  // and those around a sampled gap), and the flag that starts a gap.
  // Iterations are counted by the countdown (iterations()).

  /// Called at the top of each body, with the element...
  template <class T> void enter(const T &element) noexcept {
    if (__builtin_expect(--countdown_ == 0, 0)) {
      if (gap_start_)
        detail::touch(element);
      countdown_expired();
    }
  }
  /// ...or with an iterator that is known to point at one.
  template <class It> void enter_at(const It &it) noexcept {
    if (__builtin_expect(--countdown_ == 0, 0)) {
      if (gap_start_)
        detail::touch_through(it, 0);
      countdown_expired();
    }
  }
  /// Called when the body is left, however it is left.
  void leave() noexcept {
    if (__builtin_expect(arm_, 0))
      arm_gap();
  }

  /// The range a range-based for walks, wrapped so that some timed
  /// executions walk a snapshot of its iterators instead (the rewrite uses
  /// it only where the body cannot change the range; see walk_range).
  template <class R>
  typename std::enable_if<detail::walkable<R>::value, walk_range<R>>::type
  range(R &r) noexcept {
    return walk_range<R>(r, *this);
  }
  /// Ranges whose end is not an iterator are walked as they are.
  template <class R>
  typename std::enable_if<!detail::walkable<R>::value, R &>::type
  range(R &r) noexcept {
    return r;
  }
  /// The same, where the body changes other objects of the range's type
  /// (`for (x : loop.range(m, out)) out[k] = v`): the rewrite lists those
  /// that may be the range (SnapshotSafety.h), and an execution where one
  /// of them is walks the range itself.
  template <class R, class G, class... Gs>
  auto range(R &r, const G &g, const Gs &...gs) noexcept
      -> decltype(this->range(r)) {
    aliased_ = detail::is_any_of(r, g, gs...);
    return range(r);
  }
  using detail::lvalue_ranges_only::range;

  /// Two-pass form: the rewrite puts the loop statement in a generic
  /// lambda, `loop.run([&](auto &pass) { for (x : pass.range(m)) ... })`,
  /// so that the compiler builds it twice. This execution runs one of the
  /// two: the container pass (the loop as written: the range itself, with
  /// the body probes) or, on some timed executions, the contiguous pass,
  /// whose range is an array gathered from m before the clock starts and
  /// whose body has no probe at all: a loop the compiler optimizes as it
  /// would a loop over a contiguous copy (vectorized, for a trivial body).
  ///
  /// The pass is chosen before the range expression is evaluated, so by the
  /// length class of the site's previous execution (see slot::last_length).
  template <class F> void run(F &&f);
  /// The same, with the range known beforehand: `loop.run(m, [&](auto
  /// &pass) { for (x : pass.range(m)) ... })`. The rewrite passes it where
  /// evaluating the range expression one more time changes nothing (a
  /// variable, a data member, `*p` of a plain pointer). Its size then
  /// chooses the pass by this execution's own length class: a loop whose
  /// length changes from one execution to the next (a million elements
  /// once, then small ones) still walks the snapshots due in each class,
  /// where by the previous execution's class it would never walk one in a
  /// class that does not repeat.
  ///
  /// Here the lambda may also run twice in one execution: a contiguous
  /// pass whose array could not be allocated (out of memory) walks
  /// nothing, and the container pass runs after it (see rerun_allowed_).
  template <class R, class F> void run(R &known, F &&f) {
    expect_size_of(known, 0);
    rerun_allowed_ = true;
    MAPLENS_PROBE_INLINE_CALL run(static_cast<F &&>(f));
  }

private:
  template <bool WholeOnReturn, class R, class F>
  friend void detail::run_known(site &, short_counts &, R &, F &, bool);

  template <class R> friend class walk_range;
  template <bool> friend class pass;
  template <class R, bool> friend class contiguous_range;
  template <class S, class Ref, bool D> friend class contiguous_iterator;

  /// An execution of length class c is timed (see slot::timed_at).
  bool timing_due(unsigned c) const noexcept {
    return slot_.executions_in(c) >= slot_.timed_at[c];
  }
  /// A snapshot is compared with timings over the container of the same
  /// length class, so at least one of those comes between two snapshots
  /// (and before the first). The threshold alone would not see to it: it
  /// is on the iterations of all executions, and where a snapshot costs
  /// little more than the loop it is reached before the next timed
  /// execution, which would then walk a snapshot every time.
  bool snapshot_due_in(unsigned c) const noexcept {
    const std::uint32_t since = slot_.timed_since_snapshot[c];
    if (since == 0)
      return false;
    if (spacing_due(c, slot_.iterations_in(c)))
      return true;
    return slot_.snapshots_taken[c] < kFirstSnapshots &&
           since >= kFirstSnapshotsSpacing &&
           detail::first_snapshots_affordable(slot_.snapshot_extra_ns[c]);
  }
  /// Due by the class's own spacing (schedule_next_snapshot), when the
  /// class has run Iterations: the threshold is reached, or a snapshot has
  /// waited kMaxTimedBetweenSnapshots timed executions.
  bool spacing_due(unsigned c, detail::u64 iterations) const noexcept {
    return iterations >= slot_.snapshot_at[c] ||
           slot_.timed_since_snapshot[c] >= kMaxTimedBetweenSnapshots;
  }
  /// A loop run a few dozen times, whose snapshot costs a large part of an
  /// execution (its gather is a walk of the container, and copying), gets
  /// one or two snapshots from the 1% budget, and its split is whatever
  /// those executions happened to cost: in a PageRank program, one
  /// execution of a loop cost 13 to 69 ns per element depending on the
  /// round, and its split read 0 to 46%. So the first kFirstSnapshots of a
  /// length class may come sooner, one after every kFirstSnapshotsSpacing
  /// timed executions over the container, while the process has credit
  /// for them (detail::first_snapshots_credit: 1% of the wall time, at most
  /// 5 ms saved up); a loop run many times pays for them once.
  static const std::uint32_t kFirstSnapshots = 8;
  static const std::uint32_t kFirstSnapshotsSpacing = 2;
  void start_snapshot(detail::u64 build_ns, void *memory) noexcept {
    snapshot_ = true;
    sampled_ = true;
    detail::snapshot_free(snapshot_memory_);
    snapshot_memory_ = memory;
    build_ns_ = build_ns;
    // See disturbed_snapshot. The system call is counted with the gather.
    const detail::u64 runs = slot_.executions_in(class_);
    const detail::u64 units = slot_.timed_units[class_].get();
    if (runs && units &&
        static_cast<double>(slot_.timed_loop_ns[class_].get()) /
                static_cast<double>(units) *
                static_cast<double>(slot_.iterations_in(class_)) /
                static_cast<double>(runs) >=
            static_cast<double>(kOffCpuCheckFromNs)) {
      const detail::u64 start = detail::now_ns();
      cpu_before_ = detail::thread_cpu_ns();
      cpu_read_ = true;
      build_ns_ += detail::now_ns() - start;
    }
    // Gaps between snapshot elements say nothing about the container:
    // countdown_expired() samples none and leaves gap_due_ as it is, so
    // the next execution samples the gap this one would have.
  }

  /// A snapshot execution costs the walk that built the snapshot, and
  /// saves what the walk over the snapshot saves: space them so that the
  /// difference is about 1% of the loop's time.
  ///
  /// The walks are the class's mean snapshot walk and its mean walk over
  /// the container, not this walk and the latest one over the container:
  /// where the body's cost varies a thousandfold between executions, a
  /// snapshot that happened to walk an expensive one pushed the next
  /// snapshot hundreds of executions away.
  void schedule_next_snapshot(detail::u64 span) noexcept {
    const detail::u64 iterations = this->iterations();
    const double n = static_cast<double>(iterations);
    const detail::u64 timed_units = slot_.weighted_timed_units[class_].get();
    const detail::u64 snapshot_units =
        slot_.weighted_snapshot_units[class_].get();
    const double a =
        timed_units
            ? static_cast<double>(slot_.weighted_timed_ns[class_].get()) /
                  static_cast<double>(timed_units)
            : static_cast<double>(slot_.last_unit_ns16[class_]) / 16;
    const double b =
        snapshot_units
            ? static_cast<double>(slot_.weighted_snapshot_ns[class_].get()) /
                  static_cast<double>(snapshot_units)
            : static_cast<double>(span) / (n > 0 ? n : 1);
    const detail::u64 normal = static_cast<detail::u64>(a * n);
    const double over =
        static_cast<double>(build_ns_ + slot_.warm_up_build_ns) + (b - a) * n;
    const detail::u64 extra = over >= 1 ? static_cast<detail::u64>(over) : 1;
    const detail::u64 spent = build_ns_ + span + slot_.warm_up_build_ns;
    // Only a snapshot the first-snapshots rule brought forward is paid
    // from its credit; one the loop's own 1% spacing made due is not.
    // (The class's iterations before this execution: an unsized range's
    // may have been counted in another class.)
    const detail::u64 all = slot_.iterations_in(class_);
    if (!spacing_due(class_, all >= iterations ? all - iterations : 0))
      detail::spend_on_snapshot(extra);
    slot_.snapshot_extra_ns[class_] = extra;
    std::uint32_t period = detail::next_period(extra, normal ? normal : spent);
    snapshot_again_after(period < 2 ? 2 : period, iterations);
  }
  /// The next snapshot of this class is due once the class has run
  /// period - 1 more executions of this one's length (and, as always, a
  /// timed walk over the container has come first: snapshot_due_in).
  void snapshot_again_after(std::uint32_t period,
                            detail::u64 iterations) noexcept {
    slot_.snapshot_at[class_] =
        slot_.iterations_in(class_) + (period - 1) * iterations;
    slot_.timed_since_snapshot[class_] = 0;
    slot_.warm_up_build_ns = 0;
  }
  /// At least one snapshot execution in this many timed executions: a
  /// threshold set by one very long execution must not stop them for good
  /// when the loop goes on with short ones.
  static const std::uint32_t kMaxTimedBetweenSnapshots = 1000;

  /// The end of an execution that was timed, sampled a gap, or walked a
  /// snapshot.
  __attribute__((noinline)) void finish_sampled() noexcept {
    struct release {
      void *p;
      ~release() { detail::snapshot_free(p); }
    } snapshot_memory{snapshot_memory_}; // after the clock is read
    if (gap_start_)
      finish_gap();
    slot_.gap_countdown = snapshot_ ? gap_due_ : gap_leaves_left();
    if (gap_samples_) {
      slot_.gap_samples.add(gap_samples_);
      slot_.gap_ns.add(gap_ns_);
    }
    const detail::u64 n = iterations();
    const unsigned length = count(n);
    if (!timed_)
      return;
    // A warm-up, or a timed execution without iterations, timed nothing:
    // timing stays due, and the next execution is timed instead.
    if (warm_up_) {
      slot_.warmed_up = true;
      slot_.warm_up_build_ns = build_ns_;
    } else if (n != 0) {
      detail::u64 end = end_ ? end_ : detail::span_clock_ns();
      const detail::registry &r = detail::reg();
      detail::u64 span = end - start_;
      // What the loop costs with the probes' clock reads: the timing rate
      // is set by it. Not by the span net of them, which for a loop shorter
      // than the clock's tick is often 0 and would stop its timing.
      const detail::u64 timer = unfenced_ ? r.timer_ns : r.span_timer_ns;
      detail::u64 cost = span > timer ? span : timer;
      // What timing the gaps added to this execution, and the clock read.
      detail::u64 extra =
          gap_samples_ * (r.gap_bias_ns + r.timer_ns) + timer;
      span = span > extra ? span - extra : 0;
      const detail::u64 weight = slot_.timed_period[class_];
#ifdef MAPLENS_PROBE_TIMING_HOOK
      // For maplens's own tests only: each timing as it is taken, so a
      // test can look at their spread, not only at their sums
      // (test/runtime/probe-accumulator-split.cpp).
      MAPLENS_PROBE_TIMING_HOOK(slot_, snapshot_, n, span);
#endif
      if (snapshot_) {
        slot_.snapshot_executions.add(1);
        if (slot_.snapshots_taken[class_] < kFirstSnapshots)
          ++slot_.snapshots_taken[class_];
        if (!disturbed_snapshot(length, n, span)) {
          slot_.snapshot_units[length].add(n);
          slot_.snapshot_loop_ns[length].add(span);
          slot_.weighted_snapshot_units[length].add(weight * n);
          slot_.weighted_snapshot_ns[length].add(weight * span);
          schedule_next_snapshot(span);
        } else {
          // Walk another one soon (after the next timed walk over the
          // container): a loop run a few dozen times may have no other.
          snapshot_again_after(1, n);
        }
        // A snapshot is cheaper than the loop it stands in for.
        detail::u64 normal =
            slot_.last_unit_ns16[class_] * n / 16 + r.span_timer_ns;
        if (normal > cost)
          cost = normal;
      } else {
        slot_.timed_executions.add(1);
        slot_.timed_units[length].add(n);
        slot_.timed_loop_ns[length].add(span);
        slot_.weighted_timed_units[length].add(weight * n);
        slot_.weighted_timed_ns[length].add(weight * span);
        slot_.last_unit_ns16[class_] = span * 16 / n;
        detail::u64 &mean = slot_.mean_span_ns[class_];
        const detail::u64 capped = mean && span > 8 * mean ? 8 * mean : span;
        mean = mean == 0 ? span : mean - mean / 8 + capped / 8;
        ++slot_.timed_since_snapshot[class_];
      }
      // The period follows the latest span, so that a phase of slower
      // executions is timed more often at once, and the mean of recent
      // ones, so that a body whose cost varies a thousandfold from one
      // execution to the next (most cheap, a few costing nearly all the
      // time) is timed as often as its mean allows. By the latest span
      // alone, a loop over a query's terms was timed in 1 execution of 50,
      // and its split came from a few dozen snapshots.
      if (cost < slot_.mean_span_ns[class_])
        cost = slot_.mean_span_ns[class_];
      if (slot_.split_by_snapshots())
        slot_.gap_countdown = kNoGaps;
      // Time one execution in Period: skip Period - 1 of this length.
      const bool off_fast_path =
          class_ < detail::kFastLengths &&
          slot_.shorts.load(std::memory_order_relaxed) != nullptr;
      detail::u64 off_path = 0;
      if (off_fast_path) {
        off_path = cost / kTimedShareOffFastPath;
        if (off_path > kOffFastPathMaxNs)
          off_path = kOffFastPathMaxNs;
      }
      const detail::u64 timing =
          kTimedCostInClockReads * r.span_timer_ns + off_path;
      const std::uint32_t period = detail::next_period(timing, cost);
      slot_.timed_at[class_] = slot_.executions_in(class_) + (period - 1);
      slot_.timed_period[class_] = period;
    }
  }
  /// Whether a snapshot walk of n elements that took span ns was disturbed
  /// (the thread preempted, most likely), so that its time is left out.
  /// Snapshots are few, a few dozen where container timings number a
  /// thousand, so one such walk moved the split by 30 points
  /// (test/runtime/probe-accumulator-split.cpp): it is counted among the
  /// snapshot executions but left out of their times.
  ///
  /// Where the class's executions take kOffCpuCheckFromNs or more on
  /// average, the thread's CPU time was read before the walk
  /// (start_snapshot), and the walk was disturbed if the thread spent over
  /// a tenth of it off the CPU. (Any involuntary context switch at all,
  /// the first rule tried, left out every walk of 1e6 elements with a
  /// 200 ns body, 0.3 s each, on this shared machine, and those cells read
  /// 0%.) Where the executions are shorter, such a read would cost more
  /// than the walk, and a walk was disturbed if it took kDisturbedFromNs
  /// or more and over kDisturbedFactor times as long per element as the
  /// walks over the container. That rule alone also left out every
  /// expensive execution of a body whose cost varies from one execution to
  /// the next (a search engine's loop over a query's 1 to 3 terms, whose
  /// body walked 1 to 17000 postings): the snapshots kept were the cheap
  /// ones, and the loop read 60% iteration against a ground truth of 0.
  bool disturbed_snapshot(unsigned length, detail::u64 n,
                          detail::u64 span) noexcept {
    if (cpu_read_) {
      cpu_read_ = false;
      const detail::u64 cpu = detail::thread_cpu_ns() - cpu_before_;
      return span > cpu && (span - cpu) * kOffCpuShare > span;
    }
    const detail::u64 units = slot_.timed_units[length].get();
    return span >= kDisturbedFromNs && units != 0 &&
           static_cast<double>(span) * static_cast<double>(units) >
               kDisturbedFactor * static_cast<double>(n) *
                   static_cast<double>(slot_.timed_loop_ns[length].get());
  }
  /// The mean execution from which snapshot walks are checked by CPU time.
  static const detail::u64 kOffCpuCheckFromNs = 2000;
  /// Off the CPU for more than 1/kOffCpuShare of the walk: disturbed.
  static const detail::u64 kOffCpuShare = 10;
  static constexpr double kDisturbedFactor = 2.0;
  static const detail::u64 kDisturbedFromNs = 2000;
  /// A contiguous pass could not gather its array (see rerun_allowed_):
  /// the execution goes over the container, and the class tries again
  /// after kRetryGatherAfter executions of the class's mean length (none
  /// of the first snapshots' early ones), not on every timed execution.
  __attribute__((noinline)) void gave_up_gather() noexcept {
    gather_failed_ = false;
    warm_up_ = false;
    slot_.warmed_up = false;
    slot_.snapshots_taken[class_] = kFirstSnapshots;
    const detail::u64 runs = slot_.executions_in(class_);
    const detail::u64 units = slot_.iterations_in(class_);
    snapshot_again_after(kRetryGatherAfter + 1,
                         runs && units >= runs ? units / runs : 1);
  }
  static const std::uint32_t kRetryGatherAfter = 64;
  /// What a timed execution costs the program, in fenced clock reads: its
  /// own two, and about as much again for the pipeline each fence drains
  /// and for finish_sampled. Measured on the reference machine: 85 to 90 ns
  /// more than an untimed execution, 8-element walks timed every time,
  /// where a clock read costs 25 to 30 ns. Counted as two, the timing took
  /// 2 to 3% of a 1000-element walk instead of 1%.
  static const unsigned kTimedCostInClockReads = 4;
  /// In the length classes probe::run's fast path takes (at sites run by
  /// probe::run: the slot has short counts), a timed execution also
  /// leaves that path: it runs the loop object's countdown pass, which
  /// untimed executions there do not. Measured on a 1000-element
  /// unordered_map walk (trivial body): untimed executions through the
  /// loop object ran at 1.05x the plain walk, those on the fast path at
  /// 1.01x, and with timing counted at its clock reads alone the walk ran
  /// at 1.045x, not 1.02x. So a timed execution there is also charged an
  /// eighth of its span: 1.035x.
  static const unsigned kTimedShareOffFastPath = 8;
  /// ... but at most kOffFastPathMaxNs. A timed execution off the fast
  /// path cost about an eighth of its span more than an untimed one, with
  /// a trivial body (the 1000-element walk above) and with one of string
  /// compares (a portfolio's 4 to 40 holdings, each priced by name: 0.5 us
  /// a timed execution of 3.5). Charged at most 2 ns per element instead,
  /// that loop ran at 1.039 times the plain one, against 1.027 (medians of
  /// 11 alternating runs). But an
  /// execution of 150 us (a loop over a query's 1 to 3 terms, whose body
  /// walked up to 17000 postings) does not cost 19 us more for being
  /// timed, and charged so it was timed once in 12 executions where its
  /// clock reads allow every one: its split came from a few dozen
  /// executions of a body whose cost varied a thousandfold.
  static const detail::u64 kOffFastPathMaxNs = 2000;

  /// The range's size is known before its first body: time this execution
  /// if its own length class is due (the constructor could only guess).
  void expect_length(detail::u64 n) noexcept {
    const unsigned char c = static_cast<unsigned char>(detail::length_class(n));
    sized_ = true;
    if (__builtin_expect(c == class_ && n != 0, 1))
      return; // the guess was right: so was the decision
    reclass(n, c);
  }
  /// The guess was wrong. Out of line: it is rare, and expect_length is
  /// inlined where every instruction counts against the inlining of the
  /// passes (see MAPLENS_PROBE_ALWAYS_INLINE).
  __attribute__((noinline)) void reclass(detail::u64 n,
                                         unsigned char c) noexcept {
    class_ = c;
    // An empty range has nothing to time: the next execution is timed.
    const bool timed = n != 0 && timing_due(class_);
    if (timed && !timed_ && counted_ == 0 && countdown_ == segment_) {
      // Before any body: the first one starts the clock after all.
      gap_due_ = segment_;
      countdown_ = segment_ = 1;
    }
    timed_ = timed;
  }
  /// Counts this execution, of n iterations, in the length class its
  /// timing belongs to (see detail::length_class), and returns the class.
  /// Timing decisions use class_, the class they were made by: the same,
  /// but for unsized ranges a guess.
  unsigned count(detail::u64 n) noexcept {
    const unsigned length = sized_ ? class_ : detail::length_class(n);
    slot_.executions_of[length].add(1);
    slot_.iterations_of[length].add(n);
    slot_.last_length = static_cast<unsigned char>(length);
    return length;
  }
  /// Only where size() is O(1): it is read on every execution. Boost's
  /// intrusive containers say when it is not (constant_time_size<false>:
  /// size() walks the list).
  template <class R>
  auto expect_size_of(R &r, int) noexcept -> typename std::enable_if<
      detail::cheap_size<R>::value, decltype(void(r.size()))>::type {
    expect_length(static_cast<detail::u64>(r.size()));
  }
  template <class R> void expect_size_of(R &, long) noexcept {}

  /// The end of an untimed execution of a two-pass loop (pass<false>):
  /// its counts, and nothing left for ~loop to do.
  void finish_counted(detail::u64 n) noexcept {
    count(n);
    finished_ = true;
  }

  /// Bodies entered so far.
  detail::u64 iterations() const noexcept {
    return counted_ + (segment_ - countdown_);
  }
  /// The body just entered is the first, or follows a sampled gap, or is
  /// the one whose end starts the next sample.
  void countdown_expired() noexcept {
    counted_ += segment_;
    if (gap_start_)
      finish_gap();
    else if (counted_ == 1 && timed_) {
      sampled_ = true;
      start_ = detail::span_clock_ns();
    }
    if (snapshot_)
      countdown_ = segment_ = ~std::uint32_t(0); // no samples: start_snapshot
    else if (gap_due_ <= 1) {
      arm_ = true; // this body's end starts a sample...
      gap_due_ = 0;
      countdown_ = segment_ = 1; // ...and the next body ends it
    } else {
      gap_due_ -= 1; // bodies after this one
      run_to_gap();
    }
  }
  /// Counts down to the body whose end starts the next gap sample.
  void run_to_gap() noexcept {
    countdown_ = segment_ = gap_due_ ? gap_due_ : 1;
    gap_due_ = 1;
  }
  /// How many more body ends before a gap is sampled, for the next
  /// execution.
  std::uint32_t gap_leaves_left() const noexcept {
    return gap_due_ == 1 ? countdown_ : gap_due_ ? gap_due_ : 1;
  }
  void arm_gap() noexcept {
    arm_ = false;
    sampled_ = true;
    gap_start_ = detail::now_ns();
  }
  void finish_gap() noexcept {
    detail::u64 end = detail::now_ns();
    const detail::registry &r = detail::reg();
    detail::u64 gap = end - gap_start_;
    gap = gap > r.gap_bias_ns ? gap - r.gap_bias_ns : 0;
    gap_start_ = 0;
    ++gap_samples_;
    gap_ns_ += gap;
    if (fixed_period_)
      gap_due_ = fixed_period_;
    else if (slot_.split_by_snapshots())
      gap_due_ = kNoGaps;
    else
      gap_due_ = detail::next_period(2 * r.timer_ns, gap ? gap : 1);
  }
  /// The gap countdown of a site whose split comes from snapshots: so far
  /// off that it never runs out in practice (and if it does, one gap is
  /// sampled and the countdown starts over).
  static const std::uint32_t kNoGaps = 0x7fffffffu;
  friend detail::u64 detail::measure_gap_bias_ns() noexcept;

  // Members in the order the constructor writes them: the execution's
  // state first, then what only sampled executions use, all zero, so that
  // the compiler clears them with a few wide stores.
  detail::slot &slot_;
  /// Body ends until a gap is sampled: 1 while countdown_ runs to that
  /// body, 0 once it is entered (arm_ set).
  std::uint32_t gap_due_;
  /// Bodies to enter until countdown_expired(), what it last started from,
  /// and the bodies entered before that (see iterations()).
  std::uint32_t countdown_ = 1;
  std::uint32_t segment_ = 1;
  bool timed_;
  /// This execution's length class: the previous execution's until the
  /// range's size is known (expect_length), and whether it is.
  unsigned char class_;
  bool sized_ = false;
  bool arm_ = false;
  /// The clock was started, a gap armed, or a snapshot walked: ~loop
  /// calls finish_sampled().
  bool sampled_ = false;
  /// Counted and done (finish_counted).
  bool finished_ = false;
  bool snapshot_ = false;
  /// A contiguous pass run only to warm up the next one (loop::run).
  bool warm_up_ = false;
  /// The range is one of the objects the body changes (loop::range and
  /// probe::run with guards): no snapshot.
  bool aliased_ = false;
  /// Whether the timed span was read with now_ns() rather than
  /// span_clock_ns() (contiguous passes).
  bool unfenced_ = false;
  /// Evaluating the range expression once more changes nothing (the range
  /// was handed to loop::run), so a contiguous pass that could not gather
  /// its array may walk nothing and leave the execution to the container
  /// pass (gather_failed_). Elsewhere running out of memory there ends the
  /// program: the lambda evaluates the range expression, which may be a
  /// call, and the pass cannot fall back to the container.
  bool rerun_allowed_ = false;
  bool gather_failed_ = false;
  /// The thread's CPU time when this snapshot walk started, if read
  /// (disturbed_snapshot).
  detail::u64 cpu_before_ = 0;
  bool cpu_read_ = false;
  std::uint32_t fixed_period_ = 0;
  detail::u64 counted_ = 0;
  detail::u64 start_ = 0;
  /// Where the loop statement ended, if a pass noted it (loop::run and the
  /// contiguous pass do, so that the return path is not timed); else ~loop
  /// reads the clock.
  detail::u64 end_ = 0;
  detail::u64 gap_start_ = 0;
  detail::u64 gap_samples_ = 0;
  detail::u64 gap_ns_ = 0;
  detail::u64 build_ns_ = 0;
  /// The array a snapshot execution walked: freed by ~loop, after the
  /// clock is read (a free() inside the timed span would count as body).
  void *snapshot_memory_ = nullptr;
};

/// Iterator of walk_range: the container's own iterator, or (on snapshot
/// executions) a pointer into an array of them. Neither way is marked
/// unlikely: laid out as cold code, clang's snapshot walk took four jumps
/// per element and ran slower than the container walk it stands in for.
template <class It> class walk_iterator {
public:
  walk_iterator(It cur, const It *snap, bool ahead = false) noexcept
      : cur_(cur), snap_(snap), ahead_(ahead) {}
  auto operator*() const -> decltype(*std::declval<It &>()) {
    if (snap_)
      return *const_cast<It &>(*snap_);
    return *cur_;
  }
  walk_iterator &operator++() {
    if (snap_) {
      if (ahead_)
        prefetch(0);
      ++snap_;
    } else {
      ++cur_;
    }
    return *this;
  }
  bool operator!=(const walk_iterator &o) const {
    if (snap_)
      return snap_ != o.snap_;
    return cur_ != o.cur_;
  }
  bool operator==(const walk_iterator &o) const { return !(*this != o); }

  /// How far ahead snapshot walks prefetch elements; snapshots carry this
  /// many copies of their last iterator past the end.
  static const unsigned kAhead = 8;
  /// Snapshots shorter than this are likely in the L1 cache: no
  /// prefetching. Longer ones are not, on a busy machine: from 4096 on, as
  /// it was, a 4000-element unordered_map's snapshot walk ran as slowly as
  /// the container walk when its nodes had left the cache, while a walk
  /// over a copy did not (test/runtime/probe-accumulator-split.cpp).
  static const size_t kPrefetchFrom = 64;

private:
  // Elements of a snapshot sit where the container put them; fetching them
  // ahead makes the walk as cheap as memory allows, like a contiguous copy.
  template <class J = It>
  auto prefetch(int) -> decltype(std::addressof(*std::declval<J &>()),
                                 void()) {
    __builtin_prefetch(std::addressof(*const_cast<It &>(snap_[kAhead])));
  }
  void prefetch(long) {}

  mutable It cur_;
  const It *snap_;
  bool ahead_;
};

/// What `loop::range(r)` returns. Normally it walks r itself. On some
/// sampled executions (when r's iterators are forward and plain values;
/// spaced so the extra walk costs ~1% of the loop, at most every other
/// one) it first walks r to collect its iterators into an array, and
/// the loop then walks that array: same elements, same order, same
/// references, but no pointer chasing. The loop's time on those executions
/// is what it would cost over a contiguous copy; the difference to the
/// other sampled executions is the iteration cost. The array is built
/// before the loop's clock starts, and only for loops whose body provably
/// leaves r's structure alone (docs/probe-runtime.md).
template <class R> class walk_range {
  typedef detail::iterator_of<R> It;
  typedef walk_iterator<It> iterator;

public:
  walk_range(R &r, loop &l) noexcept : r_(r), loop_(l) {}
  walk_range(walk_range &&) = default;
  walk_range(const walk_range &) = delete;
  walk_range &operator=(const walk_range &) = delete;
  // The snapshot's array belongs to the loop (start_snapshot).

  iterator begin() {
    loop_.expect_size_of(r_, 0);
    build(detail::snapshottable<R>());
    if (snap_)
      return iterator(detail::range_access::last(r_, 0), snap_,
                      size_ >= iterator::kPrefetchFrom);
    return iterator(detail::range_access::first(r_, 0), nullptr);
  }
  iterator end() {
    return iterator(detail::range_access::last(r_, 0),
                    snap_ ? snap_ + size_ : nullptr);
  }

private:
  void build(std::false_type) noexcept {}
  void build(std::true_type) noexcept {
    // Only timed executions ask whether this one should walk a snapshot.
    if (!loop_.timed_ || loop_.aliased_)
      return;
    const size_t hint = detail::size_hint(r_, 0);
    if (!loop_.snapshot_due_in(loop_.class_))
      return;
    detail::u64 start = detail::now_ns();
    It first = detail::range_access::first(r_, 0);
    It last = detail::range_access::last(r_, 0);
    if (!(first != last))
      return;
    size_t cap = hint + iterator::kAhead + 1;
    if (cap < 64)
      cap = 64;
    It *buf = static_cast<It *>(detail::snapshot_alloc(cap * sizeof(It)));
    size_t n = 0;
    for (; buf && first != last; ++first) {
      if (n + iterator::kAhead >= cap) {
        cap *= 2;
        It *grown = static_cast<It *>(
            detail::snapshot_grow(buf, n * sizeof(It), cap * sizeof(It)));
        if (!grown) {
          detail::snapshot_free(buf);
          buf = nullptr;
          break;
        }
        buf = grown;
      }
      std::memcpy(static_cast<void *>(buf + n), &first, sizeof(It));
      ++n;
    }
    if (!buf)
      return; // out of memory: walk the range itself
    for (unsigned i = 0; i < iterator::kAhead; ++i)
      std::memcpy(static_cast<void *>(buf + n + i), &buf[n - 1], sizeof(It));
    snap_ = buf;
    size_ = n;
    loop_.start_snapshot(detail::now_ns() - start, buf);
  }

  R &r_;
  loop &loop_;
  It *snap_ = nullptr;
  size_t size_ = 0;
};

namespace detail {
/// Whether a contiguous pass may copy a T: its copy is a plain memory copy,
/// or that of a standard library value (a string, a vector, a pair of
/// such), which runs no user code, keeps no address of what it copies and
/// owns what it allocates. A vector's elements then lie in one buffer per
/// element, as in the contiguous copy the split stands for, where pointers
/// to the elements would leave them in the container's scattered nodes
/// (a PageRank loop over `std::map<int, std::vector<int>>` read 10 to 12%
/// iteration through pointers against a ground truth of 23%).
template <class T>
struct copies_cleanly
    : std::integral_constant<bool,
                             std::is_trivially_copy_constructible<T>::value &&
                                 std::is_trivially_destructible<T>::value> {};
template <class A, class B>
struct copies_cleanly<std::pair<A, B>>
    : std::integral_constant<
          bool, copies_cleanly<typename std::remove_cv<A>::type>::value &&
                    copies_cleanly<typename std::remove_cv<B>::type>::value> {};
template <class T>
struct copies_cleanly<std::vector<T, std::allocator<T>>>
    : copies_cleanly<typename std::remove_cv<T>::type> {};
template <class C>
struct copies_cleanly<
    std::basic_string<C, std::char_traits<C>, std::allocator<C>>>
    : std::true_type {};

/// How a contiguous pass holds the elements of a range R: copies of them
/// (when the rewrite found that the body only reads element values, and
/// copies_cleanly), pointers to them (elements that are other objects), or
/// R's own iterators (ranges whose elements are computed).
template <class R> struct gathered {
  typedef iterator_of<R> iterator;
  typedef decltype(*std::declval<iterator &>()) reference;
  typedef typename std::remove_reference<reference>::type element;
  typedef typename std::remove_cv<element>::type value;
  static const bool by_reference = std::is_lvalue_reference<reference>::value;
  static const bool copyable = by_reference && copies_cleanly<value>::value;
  /// A contiguous pass can stand in for walking R.
  static const bool capable =
      walkable<R>::value && is_forward<iterator>::value &&
      (by_reference || (std::is_trivially_copyable<iterator>::value &&
                        std::is_trivially_destructible<iterator>::value));
};
} // namespace detail

/// What the lambda of a two-pass loop (loop::run) is called with: the pass
/// this execution runs. The rewrite names it like the loop object, so the
/// range wrapper and body probe read the same in both forms. The primary
/// template is the container pass (pass<false>).
template <bool Contiguous> class pass : private detail::lvalue_ranges_only {
  /// The countdown of an untimed execution: it never runs out, and counts
  /// the bodies (see the constructor). A timed execution's countdown is
  /// the loop's, 32 bits: a countdown above kCountOnly / 2 is an untimed
  /// one's.
  static const detail::u64 kCountOnly = detail::u64(1) << 63;

public:
  /// A timed execution runs the loop's countdown: to the first body, which
  /// starts the clock, then to the sampled gaps. An untimed one only counts
  /// its bodies, in a register, and ends the execution itself, so that its
  /// fixed cost is small: its gaps are not sampled (timed
  /// executions sample them; in a two-pass loop they only stand in for
  /// contiguous passes that have not run yet), and the countdown of gaps
  /// goes on where it stood in the next timed execution.
  MAPLENS_PROBE_ALWAYS_INLINE explicit pass(loop &l) noexcept
      : loop_(&l), shorts_(nullptr),
        countdown_(l.timed_ ? l.countdown_ : kCountOnly) {}
  /// The fast path of probe::run: no loop object at all, and the counts go
  /// to the thread's short_counts, in the range's length class.
  MAPLENS_PROBE_ALWAYS_INLINE pass(short_counts &t, unsigned length) noexcept
      : loop_(nullptr), shorts_(&t), countdown_(0), length_(length) {}
  pass(const pass &) = delete;
  pass &operator=(const pass &) = delete;
  /// Ends an untimed execution, or hands the countdown back to the loop;
  /// however the pass is left.
  MAPLENS_PROBE_ALWAYS_INLINE ~pass() {
    if (shorts_) {
      shorts_->executions[length_].add(1);
      // Counted up (see enter), or set by walked_whole.
      shorts_->iterations[length_].add(countdown_);
    } else if (countdown_ > kCountOnly / 2) {
      loop_->finish_counted(kCountOnly - countdown_);
    } else {
      loop_->countdown_ = static_cast<std::uint32_t>(countdown_);
    }
  }

  /// The container pass walks the range itself, unwrapped; it only notes
  /// whether a contiguous pass could stand in for it.
  template <class R> MAPLENS_PROBE_ALWAYS_INLINE R &range(R &r) noexcept {
    if (!loop_) // the fast path: probe::run saw the range (under 4096)
      return r;
    // Its length may put it in a class that is due, or make it empty.
    if (!loop_->sized_) // else loop::run(known, f) did
      loop_->expect_size_of(r, 0);
    if (!loop_->timed_) {
      countdown_ = kCountOnly;
      return r;
    }
    // Read by loop::run on timed executions only, as is the first
    // execution.
    loop_->slot_.contiguous_capable = detail::gathered<R>::capable;
    countdown_ = loop_->countdown_;
    return r;
  }
  /// The same, for loops whose body provably reads element values only
  /// (it writes no element and keeps no element's address): their
  /// contiguous pass may walk copies.
  template <class R> MAPLENS_PROBE_ALWAYS_INLINE R &values(R &r) noexcept {
    return range(r);
  }
  using detail::lvalue_ranges_only::range;
  using detail::lvalue_ranges_only::values;

private:
  friend class body;
  template <bool WholeOnReturn, class R, class F>
  friend void detail::run_known(site &, short_counts &, R &, F &, bool);

  /// The fast path, when the lambda returned and the loop has no break
  /// (probe::run_no_break): it walked the whole range, whose n elements
  /// are its iterations. Bodies are still counted in enter, but that count
  /// is now read only where an exception leaves the loop, so where the
  /// compiler sees that the body cannot throw it drops the increments.
  MAPLENS_PROBE_ALWAYS_INLINE void walked_whole(detail::u64 n) noexcept {
    countdown_ = n;
  }

  // The body probes of this pass: loop::enter and loop::leave, but with
  // the countdown and the flag held here. The pass is a local of
  // loop::run whose address never leaves the inlined loop, so the compiler
  // keeps both in registers; the loop's own members are in memory (its
  // address goes to the out-of-line slow paths), and a decrement in memory
  // per iteration cost 1 ns per element on an 8-element unordered_map.
  // When the countdown runs out, the loop's own probes take over. On the
  // fast path of probe::run the compiler sees that there is no loop (the
  // pass is inlined there, its loop_ a constant null) and keeps only an
  // increment, which counts the bodies: one instruction per element (none
  // where walked_whole makes it dead).
  template <class T>
  MAPLENS_PROBE_ALWAYS_INLINE void enter(const T &element) noexcept {
    if (!loop_) {
      ++countdown_;
      return;
    }
    if (__builtin_expect(--countdown_ == 0, 0)) {
      loop_->countdown_ = 1;
      loop_->enter(element);
      countdown_ = loop_->countdown_;
      arm_ = loop_->arm_;
    }
  }
  MAPLENS_PROBE_ALWAYS_INLINE void leave() noexcept {
    if (__builtin_expect(arm_, 0)) {
      arm_ = false;
      loop_->leave();
    }
  }
  loop *loop_;
  short_counts *shorts_;
  detail::u64 countdown_;
  unsigned length_ = 0; // on the fast path: the length class
  bool arm_ = false;
};

/// The contiguous pass: its range is a gathered array.
template <> class pass<true> : private detail::lvalue_ranges_only {
  // Ranges a contiguous pass cannot stand in for are never run here
  // (loop::run knows), but still compiled.
  template <bool Copies, class R>
  MAPLENS_PROBE_ALWAYS_INLINE
  contiguous_range<R, Copies && detail::gathered<R>::copyable>
  gather(R &r, std::true_type) noexcept {
    return contiguous_range<R, Copies && detail::gathered<R>::copyable>(r,
                                                                        loop_);
  }
  template <bool Copies, class R> R &gather(R &r, std::false_type) noexcept {
    return r;
  }
  template <class R>
  using capable = std::integral_constant<bool, detail::gathered<R>::capable>;

public:
  explicit pass(loop &l) noexcept : loop_(l) {}
  pass(const pass &) = delete;
  pass &operator=(const pass &) = delete;

  template <class R>
  MAPLENS_PROBE_ALWAYS_INLINE auto range(R &r) noexcept
      -> decltype(this->gather<false>(r, capable<R>())) {
    return gather<false>(r, capable<R>());
  }
  template <class R>
  MAPLENS_PROBE_ALWAYS_INLINE auto values(R &r) noexcept
      -> decltype(this->gather<true>(r, capable<R>())) {
    return gather<true>(r, capable<R>());
  }
  using detail::lvalue_ranges_only::range;
  using detail::lvalue_ranges_only::values;

private:
  loop &loop_;
};

/// Iterator of a contiguous pass: a pointer into the gathered array. The
/// loop's own begin iterator counts the iterations when it is destroyed,
/// however the loop ends (the body of the pass has no probe to count them):
/// all of them if it reached the end, else up to the element the loop was
/// left from.
template <class Stored, class Reference, bool Direct>
class contiguous_iterator {
public:
  MAPLENS_PROBE_ALWAYS_INLINE contiguous_iterator(Stored *p, Stored *base,
                                                  Stored *end, bool ahead,
                                                  loop *counts) noexcept
      : p_(p), base_(base), end_(end), ahead_(ahead), counts_(counts) {}
  MAPLENS_PROBE_ALWAYS_INLINE
  contiguous_iterator(contiguous_iterator &&o) noexcept
      : p_(o.p_), base_(o.base_), end_(o.end_), ahead_(o.ahead_),
        counts_(o.counts_) {
    o.counts_ = nullptr;
  }
  MAPLENS_PROBE_ALWAYS_INLINE
  contiguous_iterator(const contiguous_iterator &o) noexcept
      : p_(o.p_), base_(o.base_), end_(o.end_), ahead_(o.ahead_),
        counts_(nullptr) {}
  contiguous_iterator &operator=(const contiguous_iterator &) = delete;
  MAPLENS_PROBE_ALWAYS_INLINE ~contiguous_iterator();

  MAPLENS_PROBE_ALWAYS_INLINE Reference operator*() const {
    return deref(std::integral_constant<bool, Direct>());
  }
  MAPLENS_PROBE_ALWAYS_INLINE contiguous_iterator &operator++() noexcept {
    // Not marked unlikely: above kPrefetchFrom every step prefetches, and
    // GCC moved a cold prefetch out of line, a jump out and back per
    // element (a pointer array walked at 1.09 ns per element, copies 0.82).
    if (ahead_)
      prefetch(0);
    ++p_;
    return *this;
  }
  MAPLENS_PROBE_ALWAYS_INLINE bool
  operator!=(const contiguous_iterator &o) const noexcept {
    return p_ != o.p_;
  }
  MAPLENS_PROBE_ALWAYS_INLINE bool
  operator==(const contiguous_iterator &o) const noexcept {
    return p_ == o.p_;
  }

  /// How far ahead pointer and iterator arrays prefetch elements; the
  /// array carries this many copies of its last entry past the end.
  static const unsigned kAhead = 8;

private:
  MAPLENS_PROBE_ALWAYS_INLINE Reference deref(std::true_type) const noexcept {
    return *p_;
  }
  MAPLENS_PROBE_ALWAYS_INLINE Reference deref(std::false_type) const {
    return **p_;
  }
  // Elements behind pointers sit where the container put them; fetching
  // them ahead makes the walk as cheap as memory allows.
  template <class S = Stored>
  auto prefetch(int) noexcept
      -> decltype(std::addressof(**std::declval<S *>()), void()) {
    __builtin_prefetch(std::addressof(**(p_ + kAhead)));
  }
  void prefetch(long) noexcept {}

  Stored *p_, *base_, *end_;
  bool ahead_;
  loop *counts_;
};

/// The range of a contiguous pass: the elements of r, gathered on begin()
/// (before the loop's clock starts) as copies (Copies) or as pointers to
/// them (or as r's iterators, where elements are computed).
template <class R, bool Copies> class contiguous_range {
  typedef detail::gathered<R> G;
  typedef typename std::conditional<
      Copies, typename G::value,
      typename std::conditional<G::by_reference, typename G::element *,
                                typename G::iterator>::type>::type Stored;

public:
  typedef contiguous_iterator<Stored, typename G::reference, Copies> iterator;

  MAPLENS_PROBE_ALWAYS_INLINE contiguous_range(R &r, loop &l) noexcept
      : r_(r), loop_(l) {}
  MAPLENS_PROBE_ALWAYS_INLINE contiguous_range(contiguous_range &&o) noexcept
      : r_(o.r_), loop_(o.loop_), data_(o.data_), size_(o.size_) {
    o.data_ = nullptr;
    o.size_ = 0;
  }
  contiguous_range(const contiguous_range &) = delete;
  contiguous_range &operator=(const contiguous_range &) = delete;
  // The gathered array's memory belongs to the loop (start_snapshot);
  // copies that own memory of their own are destroyed here, when the loop
  // statement ends: after its begin iterator, whose destructor stopped the
  // clock.
  MAPLENS_PROBE_ALWAYS_INLINE ~contiguous_range() { destroy(owns_memory()); }

  MAPLENS_PROBE_ALWAYS_INLINE iterator begin() {
    detail::u64 start = detail::now_ns();
    gather(std::integral_constant<bool, Copies>());
    if (!data_) // out of memory: walk nothing (loop::rerun_allowed_)
      return iterator(nullptr, nullptr, nullptr, false, nullptr);
    loop_.start_snapshot(detail::now_ns() - start, data_);
    // loop::run chose this pass by the length of the previous execution;
    // if this one's differs and its class is not due, it goes untimed.
    loop_.expect_length(size_);
    if (loop_.timed_) {
      loop_.start_ = detail::now_ns();
      loop_.unfenced_ = true;
    }
    return iterator(data_, data_, data_ + size_,
                    !Copies && size_ >= kPrefetchFrom, &loop_);
  }
  MAPLENS_PROBE_ALWAYS_INLINE iterator end() noexcept {
    return iterator(data_ + size_, data_, data_ + size_, false, nullptr);
  }

private:
  /// Arrays shorter than this are likely in the L1 cache: no prefetching
  /// (see walk_iterator::kPrefetchFrom).
  static const size_t kPrefetchFrom = 64;
  static const unsigned kAhead = iterator::kAhead;

  static Stored entry(typename G::iterator &it, std::true_type) {
    return std::addressof(*it);
  }
  static Stored entry(typename G::iterator &it, std::false_type) { return it; }

  /// Pointers (or iterators), padded with kAhead copies of the last one.
  /// Out of line, as the copies below: once per snapshot execution.
  __attribute__((noinline)) void gather(std::false_type) noexcept {
    typename G::iterator first = detail::range_access::first(r_, 0);
    typename G::iterator last = detail::range_access::last(r_, 0);
    size_t cap = detail::size_hint(r_, 0) + kAhead + 1, n = 0;
    if (cap < 64)
      cap = 64;
    Stored *buf =
        static_cast<Stored *>(detail::snapshot_alloc(cap * sizeof(Stored)));
    for (; buf && first != last; ++first) {
      if (n + kAhead >= cap) {
        cap *= 2;
        Stored *grown = static_cast<Stored *>(detail::snapshot_grow(
            buf, n * sizeof(Stored), cap * sizeof(Stored)));
        if (!grown)
          detail::snapshot_free(buf);
        buf = grown;
        if (!buf)
          break;
      }
      Stored e = entry(first, std::integral_constant<bool, G::by_reference>());
      std::memcpy(static_cast<void *>(buf + n), &e, sizeof(Stored));
      ++n;
    }
    if (!buf) {
      out_of_memory();
      return;
    }
    for (unsigned i = 0; n && i < kAhead; ++i)
      std::memcpy(static_cast<void *>(buf + n + i), &buf[n - 1],
                  sizeof(Stored));
    data_ = buf;
    size_ = n;
  }
  /// The array (or a copy's own memory) could not be allocated: the pass
  /// walks nothing, and the container pass runs instead, where the range
  /// may be evaluated again; elsewhere the program ends, as the pass cannot
  /// fall back (loop::rerun_allowed_).
  void out_of_memory() noexcept {
    if (!loop_.rerun_allowed_)
      std::abort();
    loop_.gather_failed_ = true;
    data_ = nullptr;
    size_ = 0;
  }
  /// Copies, made from the pointers. Running out of memory for the array
  /// or for a copy's own (a vector's buffer) is handled as in the gather
  /// of pointers (out_of_memory).
  __attribute__((noinline)) void gather(std::true_type) noexcept {
    typedef typename G::element *Pointer;
    contiguous_range<R, false> pointers(r_, loop_);
    pointers.gather(std::false_type());
    if (!pointers.data_)
      return out_of_memory();
    Stored *buf = static_cast<Stored *>(detail::snapshot_alloc(
        (pointers.size_ ? pointers.size_ : 1) * sizeof(Stored)));
    if (!buf) {
      detail::snapshot_free(pointers.data_);
      return out_of_memory();
    }
    Pointer *from = pointers.data_;
    size_t made = 0;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
    // Copies that own memory (copies_cleanly: vectors, strings) throw
    // std::bad_alloc when there is none.
    try {
      for (; made < pointers.size_; ++made)
        ::new (static_cast<void *>(buf + made)) Stored(*from[made]);
    } catch (...) {
      while (made)
        buf[--made].~Stored();
      detail::snapshot_free(buf);
      detail::snapshot_free(pointers.data_);
      return out_of_memory();
    }
#else
    for (; made < pointers.size_; ++made)
      ::new (static_cast<void *>(buf + made)) Stored(*from[made]);
#endif
    detail::snapshot_free(pointers.data_);
    data_ = buf;
    size_ = pointers.size_;
  }

  typedef std::integral_constant<
      bool, Copies && !std::is_trivially_destructible<Stored>::value>
      owns_memory;
  void destroy(std::false_type) noexcept {}
  /// The copies' destruction is part of what the snapshot execution cost
  /// the program: counted with the gather, for the spacing of snapshots.
  __attribute__((noinline)) void destroy(std::true_type) noexcept {
    if (!data_)
      return;
    detail::u64 start = detail::now_ns();
    for (size_t i = 0; i < size_; ++i)
      data_[i].~Stored();
    loop_.build_ns_ += detail::now_ns() - start;
  }

  template <class, bool> friend class contiguous_range;
  R &r_;
  loop &loop_;
  Stored *data_ = nullptr;
  size_t size_ = 0;
};

template <class F> inline void loop::run(F &&f) {
  // A short contiguous pass that runs once in a while runs cold: its code
  // is not in the caches and its branches are not predicted, which costs
  // a few ns, as much as 8 elements take. So a snapshot due for a short
  // loop comes in two consecutive executions; the first only warms up.
  // The test is not marked unlikely: code behind such a branch is cold to
  // the compiler, and clang then kept the sum of a floating-point loop in
  // memory inside the contiguous pass, which ran at 1.35 times the plain
  // loop over a copy (the split of a walk costing a third of the loop read
  // 0-5%; test/runtime/probe-accumulator-split.cpp).
  const bool contiguous =
      timed_ && !aliased_ && slot_.contiguous_capable &&
      ((class_ == 0 && slot_.warmed_up) || snapshot_due_in(class_));
  if (contiguous) {
    warm_up_ = !slot_.warmed_up && class_ == 0;
    slot_.warmed_up = false;
    pass<true> p(*this);
    MAPLENS_PROBE_INLINE_CALL f(p);
  }
  // Out of memory in the gather: the contiguous pass walked nothing, and
  // this execution goes over the container after all.
  if (!contiguous || gather_failed_) {
    if (gather_failed_)
      gave_up_gather();
    {
      pass<false> p(*this);
      MAPLENS_PROBE_INLINE_CALL f(p);
    }
    if (__builtin_expect(timed_, 0) && iterations()) {
      if (gap_start_)
        finish_gap(); // the gap after the last body is the loop's exit
      end_ = detail::span_clock_ns();
    }
  }
}

namespace detail {
/// After a slow execution of n elements: from which count of the thread's
/// fast-path executions of n's length class the next execution of that
/// class is due to be timed. Timing is scheduled in executions of the
/// class (slot::timed_at), which the slot and the short counts share
/// (slot::executions_in); the slot's part moves only on slow executions.
/// An empty execution that finds timing due has nothing to time, and
/// timing stays due: the next kEmptyLetThrough executions of its class
/// take the fast path all the same. Else all empty ones would take the
/// slow path up to the next one that is not: a loop over a map that is
/// empty but once in 499 executions took it half the time.
inline void rearm(const slot &sl, short_counts &t, u64 n) noexcept {
  const unsigned c = length_class(n);
  if (c >= kFastLengths)
    return;
  const u64 due = sl.timed_at[c], done = sl.executions_of[c].get();
  t.until[c] = due > done ? due - done : 0;
  const u64 kEmptyLetThrough = 16;
  if (n == 0 && t.until[c] <= t.executions[c].get()) // timing is due
    t.until[c] = t.executions[c].get() + kEmptyLetThrough;
}

/// probe::run and probe::run_no_break. Most executions of a loop shorter
/// than 4096 elements are neither timed nor the first of their length
/// class: they take a fast path that builds no loop object, looks up no
/// slot and counts in the thread's short counts (an increment per body,
/// none with WholeOnReturn, and two adds at the end). What a loop object
/// and a slot lookup cost (5 to 6 ns) was more than the whole walk of an
/// 8-element unordered_map (4 ns). The others, and every execution of a
/// longer range or of one whose size() is not cheap, run
/// loop::run(known, f).
template <bool WholeOnReturn, class R, class F>
inline void run_known(site &s, short_counts &t, R &known, F &f, bool aliased) {
  const u64 n = size_hint(known, 0);
  if (cheap_size<R>::value && __builtin_expect(n < kFastLength, 1)) {
    const unsigned c = length_class(n);
    if (__builtin_expect(t.executions[c].get() < t.until[c], 1)) {
      pass<false> p(t, c);
      MAPLENS_PROBE_INLINE_CALL f(p);
      if (WholeOnReturn)
        p.walked_whole(n);
      return;
    }
  }
  slot *sl;
  {
    loop l(s);
    // Before the first rearm, the slot must know the short counts: they
    // take part in its timing decisions (slot::executions_in). Not on a
    // thread that is ending: see thread_ending.
    if (!l.slot_.shorts.load(std::memory_order_relaxed) && !thread_ending())
      l.slot_.shorts.store(&t, std::memory_order_release);
    sl = &l.slot_;
    l.aliased_ = aliased;
    // Inlined, as loop::run is where the rewrite calls it directly: the
    // loop's accumulators must stay in registers (see
    // MAPLENS_PROBE_ALWAYS_INLINE).
    MAPLENS_PROBE_INLINE_CALL l.run(known, static_cast<F &&>(f));
  }
  // The size again rather than n: kept for later, n would take a
  // callee-saved register, and the fast path would save and restore it
  // (the body can change the range's size only where a guard is the
  // range, and the size after the loop serves the rearm as well).
  if (cheap_size<R>::value && sl->shorts.load(std::memory_order_relaxed) == &t)
    rearm(*sl, t, size_hint(known, 0));
}
} // namespace detail

/// One execution of a two-pass loop whose range is known beforehand: what
/// the rewrite emits, with the site and the thread's short counts declared
/// beside it,
/// `{ static site S{...}; static thread_local short_counts T;
///   ::maplens::probe::run(S, T, m, [&](auto &pass) { for (x :
///   pass.range(m)) ... }); }`.
/// Short untimed executions take a fast path (detail::run_known); with it
/// an 8-element unordered_map walk costs 1.6x the plain one instead of
/// 2.4x (docs/performance.md).
///
/// Where the body changes other objects of the range's type, the rewrite
/// lists after the lambda those that may be the range (SnapshotSafety.h):
/// an execution where one of them is runs the container pass.
template <class R, class F, class... Guards>
MAPLENS_PROBE_ALWAYS_INLINE void run(site &s, short_counts &shorts, R &known,
                                     F &&f, const Guards &...guards) {
  MAPLENS_PROBE_INLINE_CALL detail::run_known<false>(
      s, shorts, known, f, detail::is_any_of(known, guards...));
}
/// The same, for a loop whose body has no break (the rewrite checks; a
/// break in a nested loop or switch is that statement's): an execution
/// whose lambda returns has walked the whole range, so the fast path
/// counts its iterations as the range's size, and the compiler drops the
/// per-body increment where the body cannot throw (an exception still
/// leaves the exact count of bodies entered).
template <class R, class F, class... Guards>
MAPLENS_PROBE_ALWAYS_INLINE void run_no_break(site &s, short_counts &shorts,
                                              R &known, F &&f,
                                              const Guards &...guards) {
  MAPLENS_PROBE_INLINE_CALL detail::run_known<true>(
      s, shorts, known, f, detail::is_any_of(known, guards...));
}

template <class Stored, class Reference, bool Direct>
inline MAPLENS_PROBE_ALWAYS_INLINE
contiguous_iterator<Stored, Reference, Direct>::~contiguous_iterator() {
  if (counts_) {
    if (counts_->timed_)
      counts_->end_ = detail::now_ns();
    counts_->counted_ = p_ == end_ ? static_cast<detail::u64>(end_ - base_)
                                   : static_cast<detail::u64>(p_ - base_) + 1;
  }
}

/// One pass through an instrumented loop's body; declared first in it.
/// Range-for loops pass their loop variable (the first name of a structured
/// binding).
class body {
public:
  template <class T>
  MAPLENS_PROBE_ALWAYS_INLINE body(loop &l, const T &element) noexcept
      : loop_(&l), pass_(nullptr) {
    l.enter(element);
  }
  /// In a two-pass loop: the container pass probes its body like any
  /// loop...
  template <class T>
  MAPLENS_PROBE_ALWAYS_INLINE body(pass<false> &p, const T &element) noexcept
      : loop_(nullptr), pass_(&p) {
    p.enter(element);
  }
  /// ...and the contiguous pass does nothing at all (its range counts).
  template <class T>
  MAPLENS_PROBE_ALWAYS_INLINE body(pass<true> &, const T &) noexcept
      : loop_(nullptr), pass_(nullptr) {}
  body(const body &) = delete;
  body &operator=(const body &) = delete;
  MAPLENS_PROBE_ALWAYS_INLINE ~body() {
    if (loop_)
      loop_->leave();
    else if (pass_)
      pass_->leave();
  }

private:
  loop *loop_;
  pass<false> *pass_;
};

/// The same for iterator loops whose condition guarantees that the iterator
/// points at an element whenever the body is entered (`it != m.end()`).
class iterator_body {
public:
  template <class It>
  iterator_body(loop &l, const It &it) noexcept : loop_(l) {
    l.enter_at(it);
  }
  iterator_body(const iterator_body &) = delete;
  iterator_body &operator=(const iterator_body &) = delete;
  ~iterator_body() { loop_.leave(); }

private:
  loop &loop_;
};

namespace detail {
template <class T> inline const T &last_of(const T &t) noexcept { return t; }
template <class T, class U, class... R>
inline auto last_of(const T &, const U &u, const R &...r) noexcept
    -> decltype(last_of(u, r...)) {
  return last_of(u, r...);
}

/// Calls f with args the way the standard algorithms do: std::invoke where
/// there is one (C++17 and later, needed for member pointers that ranges
/// algorithms accept), a plain call before.
#if __cplusplus >= 201703L
template <class F, class... A>
inline auto call(F &f, A &&...a)
    -> decltype(std::invoke(f, std::forward<A>(a)...)) {
  return std::invoke(f, std::forward<A>(a)...);
}
#else
template <class F, class... A>
inline auto call(F &f, A &&...a) -> decltype(f(std::forward<A>(a)...)) {
  return f(std::forward<A>(a)...);
}
#endif
} // namespace detail

/// The function object of an instrumented algorithm call: each call of it
/// is one pass through the loop's body, with the last argument (the
/// element; `accumulate` and `fold_left` pass the accumulator first) as the
/// element. Copies share the loop, as the algorithm may copy its function
/// object.
template <class F> class each_call {
public:
  each_call(F f, loop &l) : f_(std::move(f)), loop_(&l) {}
  template <class... A>
  auto operator()(A &&...a) -> decltype(detail::call(std::declval<F &>(),
                                                     std::forward<A>(a)...)) {
    body b(*loop_, detail::last_of(a...));
    return detail::call(f_, std::forward<A>(a)...);
  }
  template <class... A>
  auto operator()(A &&...a) const
      -> decltype(detail::call(std::declval<const F &>(),
                               std::forward<A>(a)...)) {
    body b(*loop_, detail::last_of(a...));
    return detail::call(f_, std::forward<A>(a)...);
  }

private:
  F f_;
  loop *loop_;
};

/// One execution of an instrumented algorithm call: a temporary around the
/// call (it lives to the end of the full expression), handing the call a
/// wrapped function object.
class algorithm_loop {
public:
  explicit algorithm_loop(site &s) noexcept : loop_(s) {}
  template <class F> each_call<typename std::decay<F>::type> each(F &&f) {
    return each_call<typename std::decay<F>::type>(std::forward<F>(f), loop_);
  }

private:
  loop loop_;
};

namespace detail {
/// What a timed gap reads in excess of the code between the bodies: two
/// clock reads, the sampling branches (usually mispredicted) and the touch.
/// Measured once by walking an array, whose own gaps cost well under 1 ns,
/// through the very code an instrumented loop runs.
inline __attribute__((noinline)) u64 measure_gap_bias_ns() noexcept {
  static int data[4096];
  u64 best = ~u64(0);
  for (int round = 0; round < 5; ++round) {
    slot s;
    u64 sum = 0, samples = 0;
    {
      loop l(s, 7);
      for (int rep = 0; rep < 8; ++rep)
        for (const int &x : data) {
          body b(l, x);
          (void)b;
        }
      l.gap_start_ = 0;
      sum = l.gap_ns_;
      samples = l.gap_samples_;
    }
    // The measurement subtracts the bias, which is still 0 here.
    if (samples && sum / samples < best)
      best = sum / samples;
  }
  return best == ~u64(0) ? 0 : best;
}

/// Stamps the process start during static initialization of any
/// instrumented translation unit.
struct start_stamp {
  start_stamp() noexcept { (void)process_start_ns(); }
};
static start_stamp start_stamp_instance;
} // namespace detail

} // namespace probe

/// Writes the counts gathered since the last write (or the start) to a new
/// profile file now. Safe to call from any thread, any number of times.
inline void flush() { probe::detail::flush(); }

} // namespace probe_v7
} // namespace maplens

#endif // MAPLENS_PROBE_H
