#include "stats.h"
#include <unordered_map>

int lookups(std::unordered_map<int, int> &u) {
  int n = 0;
  for (auto it = u.begin(); it != u.end(); ++it) n += it->second;
  return n + totalCount({});
}
