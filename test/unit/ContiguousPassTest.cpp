// Which range-based for loops may be compiled twice in a lambda (the
// two-pass form of the instrument rewrite), and which may have their
// contiguous pass walk copies of the elements: the body must neither write
// an element nor keep one's address. The standard library is the stub of
// RangeForFixture.h.
#include "analysis/ContiguousPass.h"
#include "analysis/SnapshotSafety.h"

#include "RangeForFixture.h"

#include "gtest/gtest.h"

using namespace maplens;

namespace {
/// The answers for the (first) range-for in function Fn of Code.
struct Answers {
  bool Parsed = false;
  std::string TwoPass;      // analyzeTwoPassForm's reason
  bool ReadsOnly = false;   // bodyOnlyReadsElements
};
} // namespace

static Answers answersFor(const std::string &Code, const std::string &Fn,
                          const char *Std = "-std=c++17") {
  Answers A;
  test::ParsedRangeFor P = test::firstRangeForIn(Code, Fn, Std);
  if (!P.For)
    return A;
  clang::ASTContext &Ctx = P.AST->getASTContext();
  LoopInstances Instances(Ctx);
  A.Parsed = true;
  A.TwoPass = analyzeTwoPassForm(*P.For, Ctx);
  A.ReadsOnly = bodyOnlyReadsElements(Instances.of(*P.For), Ctx);
  return A;
}

TEST(ContiguousPass, PositiveSumThroughHelpers) {
  Answers A = answersFor(R"cpp(
template <class P> long keyOf(const P &p) { return p.first; }
struct Add { long operator()(long acc, long x) const { long r = acc; r += x; return r; } };
long positive(const std::map<int, long> &m) {
  long s = 0;
  for (const auto &[k, v] : m) { s = Add()(s, keyOf(std::pair<int, long>{k, v})); s += v; }
  for (const auto &kv : m) s = Add()(s, keyOf(kv));
  return s;
})cpp", "positive");
  ASSERT_TRUE(A.Parsed);
  EXPECT_EQ(A.TwoPass, "");
  EXPECT_TRUE(A.ReadsOnly);
}

TEST(ContiguousPass, PositiveCopiesMayBeWritten) {
  // The loop variable is a copy: writing it writes no element.
  Answers A = answersFor(R"cpp(
long positive(const std::map<int, long> &m) {
  long s = 0;
  for (auto kv : m) { kv.second *= 2; s += kv.second; }
  return s;
})cpp", "positive");
  EXPECT_EQ(A.TwoPass, "");
  EXPECT_TRUE(A.ReadsOnly);
}

TEST(ContiguousPass, NegativeElementsWrittenOrKept) {
  const char *const Bodies[] = {
      // writes the element
      "void negative(std::map<int, long> &m) { for (auto &kv : m) kv.second++; }",
      // keeps its address
      "const long *negative(const std::map<int, long> &m) { const long *p = nullptr; for (const auto &kv : m) p = &kv.second; return p; }",
      // hands it to code that might keep it
      "long negative(const std::map<int, long> &m) { long b = 0; for (const auto &kv : m) b = std::max(b, kv.second); return b; }",
      // stores through a pointer, which may point into the map
      "void negative(const std::map<int, long> &m, long *out) { for (const auto &kv : m) *out += kv.second; }",
      // calls what it cannot see
      "long g(long); long negative(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) s += g(kv.second); return s; }",
      // a member function may hand out `this`
      "struct W { long v; long get() const { return v; } }; long negative(const std::map<int, W> &m) { long s = 0; for (const auto &kv : m) s += kv.second.get(); return s; }",
  };
  for (const char *Body : Bodies) {
    Answers A = answersFor(Body, "negative");
    ASSERT_TRUE(A.Parsed) << Body;
    EXPECT_FALSE(A.ReadsOnly) << Body;
    EXPECT_EQ(A.TwoPass, "") << Body; // all of them can still be compiled twice
  }
}

// Elements made of standard containers and strings are read through their
// const members, by nested loops and by const references; other standard
// containers may be written, where they cannot be inside an element.
TEST(ContiguousPass, PositiveStandardContainersInElements) {
  const char *const Bodies[] = {
      // PageRank's spread: const members of the element's vector, a nested
      // loop over it, another map's slots written
      R"cpp(void positive(const std::map<int, std::vector<int>> &g, std::map<int, double> &rank, std::map<int, double> &next) {
  for (const auto &[node, outs] : g) {
    double share = rank[node] / static_cast<double>(outs.size());
    for (int t : outs)
      next[t] += share;
  }
})cpp",
      // an iterator of another container moved in step, a std function
      R"cpp(double positive(const std::map<int, double> &a, const std::set<double> &b) {
  double d = 0;
  auto it = b.begin();
  for (const auto &[k, v] : a) {
    d += std::fabs(v - *it);
    ++it;
  }
  return d;
})cpp",
      // a const reference to a part of the element, only read; the
      // element handed to a container, which copies it
      R"cpp(unsigned long positive(const std::map<int, std::vector<int>> &m, std::vector<int> keys) {
  unsigned long n = 0;
  for (const auto &kv : m) {
    const auto &v = kv.second;
    n += v.size() + static_cast<unsigned long>(v[0]);
    keys.push_back(kv.first);
  }
  return n;
})cpp",
      // a vector by reference, of a type no element is made of
      "void positive(const std::map<int, std::vector<int>> &m, "
      "std::vector<long> &sink) { for (const auto &kv : m) "
      "sink.push_back(kv.second.size()); }",
  };
  for (const char *Body : Bodies) {
    Answers A = answersFor(Body, "positive");
    ASSERT_TRUE(A.Parsed) << Body;
    EXPECT_EQ(A.TwoPass, "") << Body;
    EXPECT_TRUE(A.ReadsOnly) << Body;
  }
}

TEST(ContiguousPass, NegativeStandardContainersInElements) {
  const char *const Bodies[] = {
      // keeps the address of what the element's vector holds
      "void negative(const std::map<int, std::vector<int>> &m, "
      "std::vector<const int *> &out) { for (const auto &kv : m) "
      "out.push_back(&kv.second[0]); }",
      // a pointer into the element's vector, from a const member
      "long negative(const std::map<int, std::vector<int>> &m) { long s = 0; "
      "for (const auto &kv : m) { const int *b = kv.second.begin(); s += *b; } "
      "return s; }",
      // writes a vector that may be inside an element (a reference of
      // one of the element's types)
      "void negative(const std::map<int, std::vector<int>> &m, "
      "std::vector<int> &sink) { for (const auto &kv : m) "
      "sink.push_back(kv.first); }",
      // a const reference to a part of the element whose address is kept
      "const int *negative(const std::map<int, std::vector<int>> &m) { const "
      "int *p = nullptr; for (const auto &kv : m) { const auto &v = kv.second; "
      "p = &v[0]; } return p; }",
      // a nested loop that keeps the address of what it walks
      "const int *negative(const std::map<int, std::vector<int>> &m) { const "
      "int *p = nullptr; for (const auto &kv : m) for (const int &x : "
      "kv.second) p = &x; return p; }",
      // a pair of pointers into the element's vector, returned by value
      "const int *negative(const std::map<int, std::vector<int>> &m) { const "
      "int *p = nullptr; for (const auto &kv : m) p = "
      "kv.second.bounds().first; return p; }",
      // writes an element of the range through the range (a copy would
      // not see it), also where the range is a member of what is written
      "long negative(std::map<int, long> m) { long s = 0; for (const auto &kv "
      ": m) { s += kv.second; m.at(kv.first + 1) = s; } return s; }",
      "struct S { std::map<int, long> m; }; long negative(std::vector<S> &v) { "
      "long s = 0; for (const auto &kv : v.begin()->m) { s += kv.second; "
      "v.push_back(S()); } return s; }",
      // std::function runs code it cannot see
      "long negative(const std::map<int, long> &m, const "
      "std::function<long(long)> &f) { long s = 0; for (const auto &kv : m) s "
      "+= f(kv.second); return s; }",
  };
  for (const char *Body : Bodies) {
    Answers A = answersFor(Body, "negative");
    ASSERT_TRUE(A.Parsed) << Body;
    EXPECT_FALSE(A.ReadsOnly) << Body;
  }
}

TEST(ContiguousPass, NegativeStatementsThatCannotMoveIntoALambda) {
  struct Case {
    const char *Code, *Reason, *Std;
  } const Cases[] = {
      {"long negative(const std::map<int, long> &m) { for (const auto &kv : m) if (kv.second) return kv.first; return 0; }",
       "returns", "-std=c++17"},
      {"void negative(const std::map<int, long> &m) { for (const auto &kv : m) if (kv.second) goto out; out:; }",
       "goto", "-std=c++17"},
      {"long negative(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) { static long n; n += kv.second; s = n; } return s; }",
       "static-local", "-std=c++17"},
      {"const char *negative(const std::map<int, long> &m) { const char *f = 0; for (const auto &kv : m) f = kv.second ? __func__ : 0; return f; }",
       "names-function", "-std=c++17"},
      {"long negative(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) { decltype(kv.second) x = kv.second; s += x; } return s; }",
       "decltype", "-std=c++17"},
      {"long negative(const std::map<int, long> &m, std::pair<int, long> p) { auto [a, b] = p; long s = 0; for (const auto &kv : m) s += kv.second + b; return s; }",
       "captures-binding", "-std=c++17"},
      {"long negative(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) s += kv.second; return s; }",
       "before-c++14", "-std=c++11"},
  };
  for (const Case &C : Cases) {
    Answers A = answersFor(C.Code, "negative", C.Std);
    ASSERT_TRUE(A.Parsed) << C.Code;
    EXPECT_EQ(A.TwoPass, C.Reason) << C.Code;
  }
  // C++20 lambdas capture structured bindings; returns inside a nested
  // lambda return from it.
  Answers A = answersFor(
      "long positive(const std::map<int, long> &m, std::pair<int, long> p) { auto [a, b] = p; long s = 0; for (const auto &kv : m) s += [&] { return kv.second + b; }(); return s; }",
      "positive", "-std=c++20");
  EXPECT_EQ(A.TwoPass, "");
  EXPECT_FALSE(A.ReadsOnly); // lambdas are not followed
}

// The range expression is evaluated once more, before the lambda, so that
// the runtime chooses the pass by the range's size: only where that reads
// the same object and has no effect.
TEST(ContiguousPass, RangeEvaluatesTwiceUnchanged) {
  struct Case {
    const char *Code;
    bool Twice;
    const char *Std;
  };
  const char *const Book = "struct Book { std::map<int, long> levels; "
                           "long positive() const; "
                           "long negative() const; }; ";
  const Case Cases[] = {
      // a variable, a reference, a structured binding
      {"long positive(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) s += kv.second; return s; }",
       true, "-std=c++17"},
      {"long positive(std::pair<int, std::map<int, long>> p) { auto &[n, m] = p; long s = n; for (const auto &kv : m) s += kv.second; return s; }",
       true, "-std=c++17"},
      // data members, through `.`, `->` on a plain pointer, and `this`
      {"long positive(const Book &b) { long s = 0; for (const auto &kv : b.levels) s += kv.second; return s; }",
       true, "-std=c++17"},
      {"long positive(const Book *b) { long s = 0; for (const auto &kv : (b->levels)) s += kv.second; return s; }",
       true, "-std=c++17"},
      {"long Book::positive() const { long s = 0; for (const auto &kv : levels) s += kv.second; return s; }",
       true, "-std=c++17"},
      // `*p` of a plain pointer
      {"long positive(const std::map<int, long> *p) { long s = 0; for (const auto &kv : *p) s += kv.second; return s; }",
       true, "-std=c++17"},
      // in a template: a member of a dependent `this`, `.` on a dependent
      // object
      {"template <class M> struct Table { M rows; long positive() const { long s = 0; for (const auto &kv : this->rows) s += kv.second; return s; } };",
       true, "-std=c++17"},
      {"template <class T> long positive(const T &t) { long s = 0; for (const auto &kv : t.levels) s += kv.second; return s; }",
       true, "-std=c++17"},
      // a call (a function, an overloaded operator, operator[] inserts)
      {"const std::map<int, long> &levelsOf(const Book &b); long negative(const Book &b) { long s = 0; for (const auto &kv : levelsOf(b)) s += kv.second; return s; }",
       false, "-std=c++17"},
      {"long negative(std::map<int, std::map<int, long>> &g) { long s = 0; for (const auto &kv : g[3]) s += kv.second; return s; }",
       false, "-std=c++17"},
      // `p++` changes p; `->` on a dependent base may be operator->
      {"long negative(const std::map<int, long> *p) { long s = 0; for (const auto &kv : *p++) s += kv.second; return s; }",
       false, "-std=c++17"},
      {"template <class P> long negative(const P &p) { long s = 0; for (const auto &kv : p->levels) s += kv.second; return s; }",
       false, "-std=c++17"},
      // an init-statement runs once, and the range may name what it declares
      {"long negative(const Book &b) { long s = 0; for (const auto &m = b.levels; const auto &kv : m) s += kv.second; return s; }",
       false, "-std=c++20"},
  };
  for (const Case &C : Cases) {
    std::string Code = std::string(Book) + C.Code;
    test::ParsedRangeFor P = test::firstRangeForIn(
        Code, C.Twice ? "positive" : "negative", C.Std);
    ASSERT_TRUE(P.For) << C.Code;
    EXPECT_FALSE(P.AST->getDiagnostics().hasErrorOccurred()) << C.Code;
    EXPECT_EQ(rangeEvaluatesTwiceUnchanged(*P.For), C.Twice) << C.Code;
  }
}

// A loop that cannot break is run by probe::run_no_break, which counts a
// walk whose lambda returns by the range's size: only breaks of the loop
// itself count, not those of a nested loop or switch, nor a lambda's.
TEST(ContiguousPass, LoopMayBreak) {
  struct Case {
    const char *Code;
    bool Breaks;
  };
  const Case Cases[] = {
      {"long negative(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) { if (kv.second > 3) break; s += kv.second; } return s; }",
       true},
      // in a switch's case: the switch's...
      {"long positive(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) switch (kv.second) { case 1: s += 1; break; default: s += 2; } return s; }",
       false},
      // ...and one after the switch is the loop's
      {"long negative(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) { switch (kv.second) { case 1: break; } if (s > 9) break; } return s; }",
       true},
      // nested loops of every kind bind their own breaks
      {"long positive(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) { for (int i = 0;; ++i) if (i > kv.second) break; while (true) break; do { break; } while (true); for (const auto &other : m) if (other.second) break; } return s; }",
       false},
      // a lambda's loop is the lambda's
      {"long positive(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) { auto f = [&] { while (true) { s += kv.second; break; } }; f(); } return s; }",
       false},
      // continue leaves the body, not the loop
      {"long positive(const std::map<int, long> &m) { long s = 0; for (const auto &kv : m) { if (kv.second) continue; ++s; } return s; }",
       false},
  };
  for (const Case &C : Cases) {
    test::ParsedRangeFor P = test::firstRangeForIn(
        C.Code, C.Breaks ? "negative" : "positive", "-std=c++17");
    ASSERT_TRUE(P.For) << C.Code;
    EXPECT_FALSE(P.AST->getDiagnostics().hasErrorOccurred()) << C.Code;
    EXPECT_EQ(loopMayBreak(*P.For), C.Breaks) << C.Code;
  }
}
