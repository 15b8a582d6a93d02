// A small search engine over a synthetic corpus: an end-to-end check of
// the timing probes' split on a second program of the kind users have,
// written after the probes were tuned on pagerank.cpp
// (scripts/bench-program.sh inverted_index runs it; docs/probe-runtime.md
// has its figures). Its five loops cover what pagerank.cpp does not:
//   add     walks a document's term counts, a std::unordered_map<std::string,
//           int> of ~40 entries, 20000 times; the body inserts into the
//           index (string-keyed map lookups: heavy);
//   idf     walks the whole index (std::map<std::string, Entry>) once, with
//           a light body;
//   terms   walks a query's terms, a std::set<std::string> of 1 to 3, with
//           the postings walk nested in its body;
//   postings walks a term's postings, a std::map<int, int> of 1 to ~17000
//           documents whose nodes were allocated interleaved with other
//           terms' (as in a real index); the body adds into a hash map;
//   rank    walks the scores, a std::unordered_map<int, double>, to keep
//           the best 10 (mostly a comparison).
// The ground truth (PAIRED=1/2) is measured as ground_truth.h describes:
// each walk over a copy repeats the body over a contiguous copy of the
// range, made (not timed) right before it.
#include "ground_truth.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace {

struct Entry {
  std::map<int, int> docs; // document -> term frequency
  double idf = 0;
};
using Index = std::map<std::string, Entry>;
using Counts = std::unordered_map<std::string, int>;
using Scores = std::unordered_map<int, double>;

ground_truth::Loop AddLoop("add"), IdfLoop("idf"), TermsLoop("terms"),
    PostingsLoop("postings"), RankLoop("rank");

// A deterministic pseudo-random source (the same corpus in every build).
class Random {
public:
  unsigned next() { return (state_ = state_ * 1103515245u + 12345u) >> 8; }
  double uniform() { return (next() & 0xffffff) / double(0x1000000); }

private:
  unsigned state_ = 2024;
};

// A word drawn from a skewed vocabulary: word k has probability that falls
// with k roughly as k^(-2/3), as in natural text.
std::string drawWord(Random &rng, int vocabulary) {
  double u = rng.uniform();
  return "w" + std::to_string(static_cast<int>(vocabulary * u * u * u));
}

void addDocument(Index &index, int doc, const Counts &counts) {
  ground_truth::Copy<std::pair<std::string, int>> copy;
  AddLoop.run(
      counts.size(),
      [&] {
        for (const auto &[word, tf] : counts) // truth: add
          index[word].docs.try_emplace(doc, tf);
      },
      [&] { copy.assign(counts.begin(), counts.end()); },
      [&] {
        for (const auto &[word, tf] : copy)
          index[word].docs.try_emplace(doc, tf);
      });
}

void computeIdf(Index &index, int documents) {
  // The copy holds what the body reads and writes (a deep copy of the
  // entries would allocate their maps with malloc: see ground_truth.h).
  struct Copied {
    std::string word;
    std::size_t documents;
    double idf;
  };
  ground_truth::Copy<Copied> copy;
  IdfLoop.run(
      index.size(),
      [&] {
        for (auto &[word, entry] : index) // truth: idf
          entry.idf = std::log(double(documents) / entry.docs.size());
      },
      [&] {
        for (const auto &[word, entry] : index)
          copy.push_back({word, entry.docs.size(), 0});
      },
      [&] {
        for (auto &c : copy)
          c.idf = std::log(double(documents) / c.documents);
      },
      [&] {
        auto it = copy.begin();
        for (auto &[word, entry] : index)
          entry.idf = (it++)->idf;
      });
}

void addPostings(const Entry &entry, Scores &scores) {
  ground_truth::Copy<std::pair<int, int>> copy;
  PostingsLoop.run(
      entry.docs.size(),
      [&] {
        for (const auto &[doc, tf] : entry.docs) // truth: postings
          scores[doc] += tf * entry.idf;
      },
      [&] { copy.assign(entry.docs.begin(), entry.docs.end()); },
      [&] {
        for (const auto &[doc, tf] : copy)
          scores[doc] += tf * entry.idf;
      });
}

// The best 10 documents, best first (ties: the lower document first).
std::vector<std::pair<double, int>> best(const Scores &scores) {
  using Hit = std::pair<double, int>;
  // A min-heap of the best so far: its top is the worst kept.
  auto worse = [](const Hit &a, const Hit &b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  std::priority_queue<Hit, std::vector<Hit>, decltype(worse)> kept(worse);
  ground_truth::Copy<std::pair<int, double>> copy;
  auto keep = [&](int doc, double score) {
    if (kept.size() < 10) {
      kept.emplace(score, doc);
    } else if (worse(Hit(score, doc), kept.top())) {
      kept.pop();
      kept.emplace(score, doc);
    }
  };
  RankLoop.run(
      scores.size(),
      [&] {
        for (const auto &[doc, score] : scores) // truth: rank
          keep(doc, score);
      },
      [&] { copy.assign(scores.begin(), scores.end()); },
      [&] {
        for (const auto &[doc, score] : copy)
          keep(doc, score);
      });
  std::vector<Hit> out;
  for (; !kept.empty(); kept.pop())
    out.push_back(kept.top());
  return {out.rbegin(), out.rend()};
}

std::vector<std::pair<double, int>>
search(const Index &index, const std::set<std::string> &terms, Scores &scores) {
  scores.clear();
  ground_truth::Copy<std::string> copy;
  auto lookup = [&](const std::string &term) {
    auto it = index.find(term);
    if (it != index.end())
      addPostings(it->second, scores);
  };
  TermsLoop.run(
      terms.size(),
      [&] {
        for (const std::string &term : terms) // truth: terms
          lookup(term);
      },
      [&] { copy.assign(terms.begin(), terms.end()); },
      [&] {
        for (const std::string &term : copy)
          lookup(term);
      });
  return best(scores);
}

} // namespace

int main() {
  const int Documents = 20000, Vocabulary = 30000, Queries = 2000;
  Random rng;
  Index index;
  for (int doc = 0; doc < Documents; ++doc) {
    Counts counts;
    int length = 20 + static_cast<int>(rng.next() % 100);
    for (int i = 0; i < length; ++i)
      ++counts[drawWord(rng, Vocabulary)];
    addDocument(index, doc, counts);
  }
  computeIdf(index, Documents);

  Scores scores;
  double checksum = 0;
  long long hits = 0;
  for (int q = 0; q < Queries; ++q) {
    std::set<std::string> terms;
    int n = 1 + static_cast<int>(rng.next() % 3);
    for (int i = 0; i < n; ++i)
      terms.insert(drawWord(rng, Vocabulary));
    auto top = search(index, terms, scores);
    for (const auto &[score, doc] : top) {
      checksum += score * (doc % 97 + 1);
      ++hits;
    }
    if (q % 500 == 0 && !top.empty())
      std::printf("query %d: %zu terms, best document %d (%.6f)\n", q,
                  terms.size(), top.front().second, top.front().first);
  }
  std::printf("%zu terms indexed, %lld hits, checksum %.6f\n", index.size(),
              hits, checksum);
  ground_truth::report();
  return 0;
}
