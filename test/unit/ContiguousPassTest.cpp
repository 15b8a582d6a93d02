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
