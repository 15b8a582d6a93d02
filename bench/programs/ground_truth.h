// Ground truth for the end-to-end programs in bench/programs, which
// scripts/bench-program.sh builds plain, with the plugin, and edited by
// `maplens instrument` (GCC), and whose loops' reported iteration shares
// it compares with what this header measures in the plain builds.
//
// Each measured loop of a program is a `ground_truth::Loop`, and each
// call of it goes through
// `Loop::run(elements, map_walk, make_copy, copy_walk)`: `map_walk` is
// the program's loop over its container, `make_copy` fills a contiguous
// copy of the range (not timed), and `copy_walk` runs the same body over
// that copy (a body that writes the elements also needs a `write_back`:
// see run()). In a normal run, every call runs `map_walk` (timed, so that
// the script can check the loop times too).
//
// The ground truth takes two runs, PAIRED=1 and PAIRED=2. Each call runs
// one walk, timed: over the container or over a copy, by the pattern map,
// copy, copy, map, ... in the PAIRED=1 run, and the other one in the
// PAIRED=2 run. So every call is walked once each way, in the same state
// of a deterministic program, and the two runs' sums compare like with
// like (bodies whose cost varies from call to call, by a thousand times
// in inverted_index.cpp, cancel out). The pattern keeps each walk as
// often after a walk of its own kind as after the other's, and in odd and
// even calls alike.
//
// Why one walk per call, and not both in the same call: the second walk
// leaves the caches (and, where the body writes, the program's state)
// as a normal run never has them. In inverted_index.cpp, the postings
// walked twice left the scores they add to in cache, so the rank loop
// that walks the scores next ran at 4.3 ns per element against 4.9 in a
// normal run, and its ground truth read 15% against 28% (that method,
// which compared the walk that came first in each call, was used for
// pagerank.cpp's figures until 2026-11-25).
//
// The copy is made right before the walk over it: made before a walk
// over the container, it brought the container's nodes into cache, and
// a walk of 17000-element maps then took half its normal time.
//
// The copies are `ground_truth::Copy<T>` vectors, whose memory comes from
// an arena of their own, never from malloc: copies made with malloc in
// PAIRED runs only moved the program's own allocations elsewhere, and one
// hash map's walk then cost 17 ns per element in PAIRED runs against 4.7
// in normal runs (its nodes had been spread out), which made its ground
// truth 80% where the program's own heap gave about 25%.
//
// The iteration share is 1 - copy time / container time, each taken less
// the cost of the two clock reads around a walk (measured at start-up),
// which would otherwise dilute the share of loops over small containers.
//
// At the end, `report()` prints to stderr (so that stdout is the same in
// every mode and build) one line per loop:
//   loop NAME ELEMENTS SECONDS                    (normal runs)
//   paired NAME MAP_SECONDS COPY_SECONDS          (PAIRED runs)
// ELEMENTS is the sum of the `elements` passed to run(): the iteration
// count the probes must report.
#ifndef MAPLENS_BENCH_PROGRAMS_GROUND_TRUTH_H
#define MAPLENS_BENCH_PROGRAMS_GROUND_TRUTH_H

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <sys/mman.h>
#include <vector>

namespace ground_truth {

// A bump arena for the copies, reset whenever none is alive.
class Arena {
public:
  static Arena &get() {
    static Arena arena;
    return arena;
  }
  void *allocate(std::size_t bytes) {
    bytes = (bytes + 63) & ~std::size_t(63);
    if (bytes > kSize - used_)
      throw std::bad_alloc();
    void *p = base_ + used_;
    used_ += bytes;
    ++live_;
    return p;
  }
  void deallocate() {
    if (--live_ == 0)
      used_ = 0;
  }

private:
  static constexpr std::size_t kSize = std::size_t(1) << 30;
  Arena() {
    void *p = mmap(nullptr, kSize, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      std::perror("ground_truth: mmap");
      std::exit(1);
    }
    base_ = static_cast<char *>(p);
  }
  char *base_ = nullptr;
  std::size_t used_ = 0, live_ = 0;
};

template <class T> struct ArenaAllocator {
  using value_type = T;
  ArenaAllocator() = default;
  template <class U> ArenaAllocator(const ArenaAllocator<U> &) {}
  T *allocate(std::size_t n) {
    return static_cast<T *>(Arena::get().allocate(n * sizeof(T)));
  }
  void deallocate(T *, std::size_t) { Arena::get().deallocate(); }
  template <class U> bool operator==(const ArenaAllocator<U> &) const {
    return true;
  }
  template <class U> bool operator!=(const ArenaAllocator<U> &) const {
    return false;
  }
};

// A contiguous copy of a loop's range, for the walk over the copy.
template <class T> using Copy = std::vector<T, ArenaAllocator<T>>;

inline double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// 0 in normal runs, else 1 or 2 (the PAIRED variable).
inline int paired() {
  static const int mode = [] {
    const char *v = std::getenv("PAIRED");
    return v == nullptr ? 0 : (v[0] == '2' ? 2 : 1);
  }();
  return mode;
}

// The median cost of two back-to-back clock reads, in seconds.
inline double clock_pair_cost() {
  static const double cost = [] {
    std::vector<double> d;
    for (int i = 0; i < 1001; ++i) {
      double t0 = now();
      d.push_back(now() - t0);
    }
    std::nth_element(d.begin(), d.begin() + 500, d.end());
    return d[500];
  }();
  return cost;
}

class Loop;
inline std::vector<Loop *> &registry() {
  static std::vector<Loop *> loops;
  return loops;
}

class Loop {
public:
  explicit Loop(const char *name) : name_(name) {
    registry().push_back(this);
    clock_pair_cost();
  }
  Loop(const Loop &) = delete;
  Loop &operator=(const Loop &) = delete;

  template <class MapWalk, class MakeCopy, class CopyWalk>
  void run(unsigned long long elements, MapWalk map_walk, MakeCopy make_copy,
           CopyWalk copy_walk) {
    run(elements, map_walk, make_copy, copy_walk, [] {});
  }
  /// The same, for a body that writes the elements: `write_back` then
  /// copies what the walk over the copy wrote back into the container
  /// (not timed), so that the program goes on as in a normal run.
  template <class MapWalk, class MakeCopy, class CopyWalk, class WriteBack>
  void run(unsigned long long elements, MapWalk map_walk, MakeCopy make_copy,
           CopyWalk copy_walk, WriteBack write_back) {
    elements_ += elements;
    const int mode = ground_truth::paired();
    if (mode == 0) {
      double t0 = now();
      map_walk();
      seconds_ += now() - t0;
      return;
    }
    unsigned long long c = calls_++;
    bool copy = (((c >> 1) ^ c) & 1) != (mode == 2);
    if (copy)
      make_copy();
    double t0 = now();
    if (copy)
      copy_walk();
    else
      map_walk();
    double t = now() - t0 - clock_pair_cost();
    walked_[copy] += t > 0 ? t : 0;
    if (copy)
      write_back();
  }

  /// For a loop that may break: the iterations its call walked, when
  /// `run` was given 0 elements (the walks count them themselves).
  void walked(unsigned long long elements) { elements_ += elements; }

  void print(std::FILE *out) const {
    if (ground_truth::paired() != 0)
      std::fprintf(out, "paired %s %.6f %.6f\n", name_, walked_[0], walked_[1]);
    else
      std::fprintf(out, "loop %s %llu %.6f\n", name_, elements_, seconds_);
  }

private:
  const char *name_;
  unsigned long long elements_ = 0, calls_ = 0;
  double seconds_ = 0, walked_[2] = {0, 0};
};

inline void report() {
  for (const Loop *l : registry())
    l->print(stderr);
}

} // namespace ground_truth

#endif
