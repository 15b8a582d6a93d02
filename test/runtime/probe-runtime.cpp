// The probe runtime on its own: exact counts from several threads (also
// threads started one after another, which may reuse an exited thread's
// memory for their own, while the site remembers its first thread),
// maplens::flush() writing the counts since the last write, a forked child
// writing only its own, C++14, and an unwritable directory costing one
// warning and nothing else.
// RUN: rm -rf %t && mkdir -p %t/prof
// RUN: %clangxx -std=c++14 -O2 -pthread -Wall -Wextra -I%S/../../lib/runtime/include %s -o %t/probe
// RUN: env MAPLENS_DIR=%t/prof %t/probe > %t/out.txt
// RUN: FileCheck %s --check-prefix=OUT --input-file=%t/out.txt
// RUN: ls %t/prof | FileCheck %s --check-prefix=FILES --implicit-check-not=tmp
// RUN: %python %S/../Inputs/profile_counts.py %t/prof | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// Under AddressSanitizer and UndefinedBehaviorSanitizer, any report fatal.
// RUN: mkdir -p %t/asan
// RUN: %clangxx -std=c++14 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -pthread -I%S/../../lib/runtime/include %s -o %t/asan.bin
// RUN: env MAPLENS_DIR=%t/asan %t/asan.bin | FileCheck %s --check-prefix=OUT
// RUN: %python %S/../Inputs/profile_counts.py %t/asan | FileCheck %s --check-prefix=COUNTS --implicit-check-not=executions
// RUN: %python %S/Inputs/check_files.py %t/prof | FileCheck %s --check-prefix=PERFILE
//
// Unwritable directory: same output, exit code 0, one warning.
// RUN: env MAPLENS_DIR=%t/no/such/dir %t/probe > %t/out2.txt 2> %t/err2.txt
// RUN: cmp %t/out.txt %t/out2.txt
// RUN: FileCheck %s --check-prefix=WARN --input-file=%t/err2.txt --implicit-check-not=maplens
// WARN: maplens: warning: cannot write profile in '{{.*}}no/such/dir': No such file or directory
//
// OUT: owner after exit 0
// OUT: total 177990
// FILES-COUNT-4: maplens-{{[0-9]+}}-{{[0-9]}}.json
// PERFILE-DAG: file executions=21000 iterations=168000
// PERFILE-DAG: file executions=4 iterations=4000
// PERFILE-DAG: file executions=6 iterations=6000
// PERFILE-DAG: file executions=1 iterations=1000
#include <maplens/probe.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <thread>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

static std::atomic<long> total{0};

static void walk(const std::map<int, int> &m) {
  static ::maplens::probe::site s{"00000000000000a1", "probe-runtime.cpp", __LINE__, 3, "std::map<int, int>", "walk", "for (auto &kv : m)"}; // COUNTS: [[@LINE]] executions=11 iterations=11000
  ::maplens::probe::loop l(s);
  for (auto &kv : m) {
    ::maplens::probe::body b(l, kv);
    total += kv.second;
  }
}

// Two-pass form, run by threads one after another and by main in between.
// Its site is outside the function, so that main can see it forget the
// thread that registered it once that thread has exited.
static ::maplens::probe::site shortSite{"00000000000000a2", "probe-runtime.cpp", __LINE__, 3, "std::map<int, int>", "walkShort", "for (auto &kv : m)"}; // COUNTS: [[@LINE]] executions=21000 iterations=168000
static void walkShort(const std::map<int, int> &m) {
  ::maplens::probe::loop l(shortSite);
  l.run([&](auto &p) {
    for (auto &kv : p.values(m)) {
      ::maplens::probe::body b(p, kv);
      total += kv.second;
    }
  });
}

int main() {
  std::map<int, int> small;
  for (int i = 0; i < 8; ++i)
    small[i] = 1;
  for (int t = 0; t < 20; ++t) {
    std::thread([&] {
      for (int r = 0; r < 1000; ++r)
        walkShort(small);
    }).join();
    if (t == 0)
      std::printf("owner after exit %lu\n",
                  static_cast<unsigned long>(shortSite.owner.load()));
    for (int r = 0; r < 50; ++r)
      walkShort(small);
  }
  maplens::flush(); // file 1: the short walks
  std::map<int, int> m;
  for (int i = 0; i < 1000; ++i)
    m[i] = i % 3;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] { walk(m); });
  for (std::thread &t : threads)
    t.join();
  maplens::flush(); // file 2: the 4 threads' walks
  pid_t child = fork();
  if (child == 0) {
    walk(m); // the child's own file: 1 walk, none of the parent's
    return 0;
  }
  waitpid(child, nullptr, 0);
  for (int r = 0; r < 6; ++r)
    walk(m);
  std::printf("total %ld\n", total.load());
  return 0;
}
