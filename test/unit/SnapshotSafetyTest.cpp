// Which range-based for loops may walk a snapshot of their range: the body
// must not be able to change the range's structure. The container stand-ins
// live in a header marked as a system header (RangeForFixture.h), as the
// real ones do: the analysis trusts system functions to change only what
// they are given.
#include "analysis/SnapshotSafety.h"

#include "RangeForFixture.h"

#include "clang/Lex/Lexer.h"
#include "gtest/gtest.h"

#include <string>
#include <utility>

using namespace maplens;

/// The verdict for the (first) range-for in function Fn of Code.
static SnapshotVerdict verdictIn(const std::string &Code,
                                 const std::string &Fn) {
  test::ParsedRangeFor P = test::firstRangeForIn(Code, Fn);
  if (!P.For)
    return {};
  clang::ASTContext &Ctx = P.AST->getASTContext();
  LoopInstances Instances(Ctx);
  return analyzeSnapshotSafety(Instances.of(*P.For), Ctx);
}

TEST(SnapshotSafety, PositiveReadOnlyBody) {
  auto V = verdictIn(R"cpp(
int positive(const std::map<int, int> &m) {
  int s = 0;
  for (const auto &kv : m) s += kv.first * kv.second;
  return s;
})cpp", "positive");
  EXPECT_TRUE(V.Safe) << V.Reason;
}

TEST(SnapshotSafety, PositiveWritesElsewhereAndElementValues) {
  auto V = verdictIn(R"cpp(
struct Sink { std::vector<int> out; void add(int x) { out.push_back(x); } };
void positive(std::map<int, int> &m, Sink &sink) {
  for (auto &kv : m) { kv.second += 1; sink.add(kv.first); }
})cpp", "positive");
  EXPECT_TRUE(V.Safe) << V.Reason;
}

TEST(SnapshotSafety, PositiveLambdaAndAlgorithmOnOtherData) {
  auto V = verdictIn(R"cpp(
int positive(const std::map<int, int> &m, std::vector<int> &v) {
  int s = 0;
  auto add = [&](int x) { s += x; };
  for (const auto &kv : m) {
    add(kv.second);
    std::for_each(v.begin(), v.end(), [&](int x) { s += x; });
  }
  return s;
})cpp", "positive");
  EXPECT_TRUE(V.Safe) << V.Reason;
}

TEST(SnapshotSafety, PositiveConstCallOnElementWithMemberTemplates) {
  // Only call operators of an object are code it may run when handed to a
  // function; its other member templates are not.
  auto V = verdictIn(R"cpp(
void fill(std::text &t, const char *b) { t.assign(b, b + 1); }
unsigned long positive(const std::map<int, std::text> &m) {
  unsigned long n = 0;
  for (const auto &kv : m) n += kv.second.size();
  return n;
})cpp", "positive");
  EXPECT_TRUE(V.Safe) << V.Reason;
}

TEST(SnapshotSafety, NegativeEraseAndSubscript) {
  auto Erase = verdictIn(R"cpp(
void negative(std::map<int, int> &m) {
  for (auto &kv : m) m.erase(kv.first + 1);
})cpp", "negative");
  EXPECT_FALSE(Erase.Safe);
  EXPECT_EQ(Erase.Reason, "body-may-modify-range");
  auto Subscript = verdictIn(R"cpp(
void negative(std::map<int, int> &m) {
  for (auto &kv : m) m[kv.first + 1] = 0;
})cpp", "negative");
  EXPECT_FALSE(Subscript.Safe);
  EXPECT_EQ(Subscript.Reason, "body-may-modify-range");
}

TEST(SnapshotSafety, NegativeModifiedThroughHelperOrHolder) {
  // The helper gets the holder by value, but the holder points at the map.
  auto V = verdictIn(R"cpp(
struct Holder { std::map<int, int> *m; };
void drop(Holder h, int k) { h.m->erase(k); }
void negative(Holder h) {
  for (auto &kv : *h.m) drop(h, kv.first);
})cpp", "negative");
  EXPECT_FALSE(V.Safe);
  EXPECT_EQ(V.Reason, "body-may-modify-range");
}

/// The guards' source text, in order.
static std::string guardsIn(const SnapshotVerdict &V,
                            const clang::ASTContext &Ctx) {
  std::string Out;
  for (const clang::Expr *G : V.Guards) {
    if (!Out.empty())
      Out += ", ";
    Out += clang::Lexer::getSourceText(
               clang::CharSourceRange::getTokenRange(G->getSourceRange()),
               Ctx.getSourceManager(), Ctx.getLangOpts())
               .str();
  }
  return Out;
}

/// The verdict and its guards for the (first) range-for in Fn.
static std::pair<SnapshotVerdict, std::string>
guardedIn(const std::string &Code, const std::string &Fn) {
  test::ParsedRangeFor P = test::firstRangeForIn(Code, Fn);
  if (!P.For)
    return {};
  clang::ASTContext &Ctx = P.AST->getASTContext();
  LoopInstances Instances(Ctx);
  SnapshotVerdict V = analyzeSnapshotSafety(Instances.of(*P.For), Ctx);
  return {V, guardsIn(V, Ctx)};
}

TEST(SnapshotSafety, PositiveGuardedWhereAnotherMapMayBeTheRange) {
  // `out` may be `m` under another name: safe in executions where it is
  // not, which the probe checks.
  auto Ref = guardedIn(R"cpp(
void positive(const std::map<int, int> &m, std::map<int, int> &out) {
  for (auto &kv : m) out[kv.first] = kv.second;
})cpp", "positive");
  EXPECT_TRUE(Ref.first.Safe) << Ref.first.Reason;
  EXPECT_EQ(Ref.second, "out");
  // A member of a reference, and a member of this beside a variable's
  // map.
  auto Members = guardedIn(R"cpp(
struct Ranks { std::map<int, int> next; };
struct Step {
  std::map<int, int> rank;
  void positive(std::map<int, int> &m, Ranks &r) {
    for (auto &kv : m) { r.next[kv.first] = 1; rank[kv.first] = 2; }
  }
};)cpp", "positive");
  EXPECT_TRUE(Members.first.Safe) << Members.first.Reason;
  EXPECT_EQ(Members.second, "r.next, rank");
}

TEST(SnapshotSafety, PositiveNoGuardWhereObjectsDiffer) {
  // Two variables that are not references, two members of one object, a
  // map the body makes: never the range.
  auto Locals = guardedIn(R"cpp(
int positive() {
  std::map<int, int> a, b;
  for (auto &kv : a) { b[kv.first] = kv.second; std::map<int, int> t; t[1] = 2; }
  return 0;
})cpp", "positive");
  EXPECT_TRUE(Locals.first.Safe) << Locals.first.Reason;
  EXPECT_EQ(Locals.second, "");
  auto Members = guardedIn(R"cpp(
struct Graph {
  std::map<int, int> rank, next;
  void positive() { for (auto &kv : next) rank[kv.first] = kv.second; }
};)cpp", "positive");
  EXPECT_TRUE(Members.first.Safe) << Members.first.Reason;
  EXPECT_EQ(Members.second, "");
}

TEST(SnapshotSafety, NegativeOtherMapsNoGuardCovers) {
  // In a called function `o` may be the range on one call and not on the
  // next: no guard before the loop can tell.
  auto Helper = verdictIn(R"cpp(
void put(std::map<int, int> &o, int k) { o[k] = 1; }
void negative(std::map<int, int> &m, std::map<int, int> &out) {
  for (auto &kv : m) put(out, kv.first);
})cpp", "negative");
  EXPECT_FALSE(Helper.Safe);
  EXPECT_EQ(Helper.Reason, "body-may-modify-range");
  // Through a pointer the body could change, a reference bound in the
  // body, the range itself under its own name.
  const char *Bodies[] = {
      "std::map<int, int> *p = &out; for (auto &kv : m) (*p)[kv.first] = 1;",
      "for (auto &kv : m) { auto &o = kv.first ? out : m; o[1] = 2; }",
      "for (auto &kv : m) { m[kv.first] = 1; out[kv.first] = 2; }"};
  for (const char *Body : Bodies) {
    auto V = verdictIn(std::string("void negative(std::map<int, int> &m, "
                                   "std::map<int, int> &out) {") +
                           Body + "}",
                       "negative");
    EXPECT_FALSE(V.Safe) << Body;
    EXPECT_EQ(V.Reason, "body-may-modify-range") << Body;
  }
  // Maps that hold maps of their own type: changing `out` may change a
  // map it holds, which may be the range.
  auto Tree = verdictIn(R"cpp(
struct Node { std::map<int, Node> *kids; };
void negative(std::map<int, Node> &m, std::map<int, Node> &out) {
  for (auto &kv : m) out[kv.first] = kv.second;
})cpp", "negative");
  EXPECT_FALSE(Tree.Safe);
}

TEST(SnapshotSafety, NegativeCallsItCannotSee) {
  auto Opaque = verdictIn(R"cpp(
void elsewhere(int);
void negative(const std::map<int, int> &m) {
  for (auto &kv : m) elsewhere(kv.first);
})cpp", "negative");
  EXPECT_FALSE(Opaque.Safe);
  EXPECT_EQ(Opaque.Reason, "opaque-call");
  auto Virtual = verdictIn(R"cpp(
struct Visitor { virtual void visit(int) = 0; };
void negative(const std::map<int, int> &m, Visitor &v) {
  for (auto &kv : m) v.visit(kv.first);
})cpp", "negative");
  EXPECT_FALSE(Virtual.Safe);
  EXPECT_EQ(Virtual.Reason, "opaque-call");
  // std::function calls through a pointer: whatever it holds may erase.
  auto Function = verdictIn(R"cpp(
void negative(const std::map<int, int> &m, const std::function<void(int)> &f) {
  for (auto &kv : m) f(kv.first);
})cpp", "negative");
  EXPECT_FALSE(Function.Safe);
  EXPECT_EQ(Function.Reason, "opaque-call");
}

TEST(SnapshotSafety, NegativeLambdaThatErases) {
  auto V = verdictIn(R"cpp(
std::map<int, int> g;
void negative() {
  auto drop = [](int k) { g.erase(k); };
  for (auto &kv : g) drop(kv.first + 1);
})cpp", "negative");
  EXPECT_FALSE(V.Safe);
  EXPECT_EQ(V.Reason, "body-may-modify-range");
}

TEST(SnapshotSafety, NegativeTemporaryRange) {
  auto V = verdictIn(R"cpp(
std::map<int, int> make();
void negative() {
  for (auto &kv : make()) (void)kv;
})cpp", "negative");
  EXPECT_FALSE(V.Safe);
  EXPECT_EQ(V.Reason, "range-not-lvalue");
}

TEST(SnapshotSafety, TemplatesNeedEveryInstanceSafe) {
  // Safe for the map, but the vector instance's body may grow its range
  // (in a helper, where no guard can tell).
  auto V = verdictIn(R"cpp(
void more(std::vector<int> &g) { g.push_back(1); }
template <class R> void touch(R &r, std::vector<int> &grow) {
  for (auto &x : r) { (void)x; more(grow); }
}
void use(std::map<int, int> &m, std::vector<int> &v) {
  touch(m, v);
  touch(v, v);
})cpp", "touch");
  EXPECT_FALSE(V.Safe);
  EXPECT_EQ(V.Reason, "body-may-modify-range");
  auto Good = verdictIn(R"cpp(
template <class R> int sum(const R &r) {
  int s = 0;
  for (auto &x : r) s += x.second;
  return s;
}
int use(std::map<int, int> &m, std::map<long, int> &n) { return sum(m) + sum(n); }
)cpp", "sum");
  EXPECT_TRUE(Good.Safe) << Good.Reason;
}

TEST(SnapshotSafety, NegativeRangesThatOnlyReferToElements) {
  // A view of the map: erasing from the map leaves the view object as it
  // is, but not the elements a snapshot of its iterators points at.
  auto V = verdictIn(R"cpp(
struct Values {
  std::map<int, int> *m;
  std::pair<const int, int> *begin() { return m->begin(); }
  std::pair<const int, int> *end() { return m->end(); }
};
void negative(std::map<int, int> &m) {
  Values view{&m};
  for (auto &kv : view) m.erase(kv.first + 1);
})cpp", "negative");
  EXPECT_FALSE(V.Safe);
  EXPECT_EQ(V.Reason, "range-not-a-container");
  // Arrays and classes derived from containers own their elements.
  auto Derived = verdictIn(R"cpp(
struct Index : std::map<int, int> {};
int positive(const Index &index, const int (&array)[4]) {
  int s = 0;
  for (const auto &kv : index) s += kv.second;
  return s + array[0];
})cpp", "positive");
  EXPECT_TRUE(Derived.Safe) << Derived.Reason;
}
