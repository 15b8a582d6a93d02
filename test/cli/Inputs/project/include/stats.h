#pragma once
#include <map>
#include <string>

// Seen by both translation units: must be one site.
inline int totalCount(const std::map<std::string, int> &counts) {
  int n = 0;
  for (const auto &[word, c] : counts) n += c;
  return n;
}
