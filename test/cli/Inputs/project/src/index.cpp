#include "stats.h"
#include <set>

int distinct(const std::set<int> &s) {
  int n = 0;
  for (int x : s) n += x;
  return n;
}
