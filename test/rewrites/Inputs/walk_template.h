#pragma once

// A template in a header: translation units maplens never analysed may
// instantiate it with bodies that change the range.
template <class M, class F> long walkAll(M &m, F f) {
  long n = 0;
  for (auto &kv : m) n += f(kv);
  return n;
}
