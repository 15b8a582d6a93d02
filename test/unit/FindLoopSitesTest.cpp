// Site ids and deduplication, on self-contained code (a minimal std::map
// stand-in keeps these tests independent of the installed library).
#include "checks/FindLoopSites.h"

#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include "gtest/gtest.h"

using namespace maplens;

static const char *const Prelude = R"cpp(
namespace std {
template <class K, class V> struct pair { K first; V second; };
template <class K, class V> struct map {
  pair<const K, V> *begin();
  pair<const K, V> *end();
};
}
)cpp";

static std::vector<LoopSite> sitesOf(const std::string &Code,
                                     const std::string &Path,
                                     const std::string &Root) {
  std::unique_ptr<clang::ASTUnit> AST = clang::tooling::buildASTFromCodeWithArgs(
      std::string(Prelude) + Code, {"-std=c++17"}, Path);
  EXPECT_TRUE(AST != nullptr);
  if (!AST)
    return {};
  MapLensOptions Opts;
  Opts.Root = Root;
  return findLoopSites(AST->getASTContext(), Opts);
}

static const char *const TwoLoops = R"cpp(
int f(std::map<int, int> &m) {
  int s = 0;
  for (auto &kv : m) s += kv.second;
  for (auto &kv : m) s -= kv.second;
  return s;
}
)cpp";

TEST(FindLoopSites, IdsDoNotDependOnCheckoutDirectory) {
  auto A = sitesOf(TwoLoops, "/home/alice/proj/src/a.cpp", "/home/alice/proj");
  auto B = sitesOf(TwoLoops, "/ci/work/42/src/a.cpp", "/ci/work/42");
  ASSERT_EQ(A.size(), 2u);
  ASSERT_EQ(B.size(), 2u);
  EXPECT_EQ(A[0].ProjectFile, "src/a.cpp");
  EXPECT_EQ(A[0].Id, B[0].Id);
  EXPECT_EQ(A[1].Id, B[1].Id);
  // Identical headers in one function still get distinct ids.
  EXPECT_NE(A[0].Id, A[1].Id);
}

TEST(FindLoopSites, IdsSurviveEditsAboveTheLoop) {
  auto Before = sitesOf(TwoLoops, "/p/a.cpp", "/p");
  auto After = sitesOf(std::string("\n\nint unrelated();\n") + TwoLoops,
                       "/p/a.cpp", "/p");
  ASSERT_EQ(Before.size(), 2u);
  ASSERT_EQ(After.size(), 2u);
  EXPECT_EQ(Before[0].Id, After[0].Id);
  EXPECT_EQ(Before[0].Line + 3, After[0].Line);
}

TEST(FindLoopSites, TemplateInstantiatedManyTimesIsOneSite) {
  auto Sites = sitesOf(R"cpp(
struct Vec { int *begin(); int *end(); };
template <class R> int count(R &r) { int n = 0; for (auto &x : r) { (void)x; ++n; } return n; }
int use(std::map<int, int> &a, std::map<long, int> &b, Vec &v) {
  return count(a) + count(b) + count(v);
}
)cpp",
                       "/p/t.cpp", "/p");
  ASSERT_EQ(Sites.size(), 1u);
  EXPECT_TRUE(Sites[0].InTemplate);
  EXPECT_EQ(Sites[0].Function, "count");
  EXPECT_EQ(Sites[0].Kind, LoopKind::RangeFor);
}

TEST(FindLoopSites, UninstantiatedOrNonMapTemplatesAreNotSites) {
  auto Sites = sitesOf(R"cpp(
struct Vec { int *begin(); int *end(); };
template <class R> int count(R &r) { int n = 0; for (auto &x : r) { (void)x; ++n; } return n; }
template <class R> int never(R &r) { int n = 0; for (auto &x : r) { (void)x; ++n; } return n; }
int use(Vec &v) { return count(v); }
)cpp",
                       "/p/t.cpp", "/p");
  EXPECT_TRUE(Sites.empty());
}

// The traversal knows the functions around each site on its way down; these
// are the places where "the enclosing function" is easy to get wrong.
TEST(FindLoopSites, SitesKnowTheFunctionsAroundThem) {
  auto Sites = sitesOf(R"cpp(
std::map<int, int> G;
struct Holder {
  Holder() {}
  // Written here, used by every constructor: no named function holds it,
  // but the lambda's body can hold a probe.
  int x = [] { int n = 0; for (auto &kv : G) n += kv.second; return n; }();
};
int outer() {
  // A lambda's loop is named after the function that spells the lambda.
  auto l = [] { int n = 0; for (auto &kv : G) n += kv.first; return n; };
  struct Local {
    int go() { int n = 0; for (auto &kv : G) n -= kv.first; return n; }
  };
  // A generic lambda is a template; its loop is found in its instantiation.
  auto g = [](auto &m) { int n = 0; for (auto &kv : m) n += kv.second; return n; };
  return l() + Local().go() + g(G) + Holder().x;
}
)cpp",
                       "/p/f.cpp", "/p");
  ASSERT_EQ(Sites.size(), 4u);
  EXPECT_EQ(Sites[0].Function, "");
  EXPECT_TRUE(Sites[0].Rewritable);
  EXPECT_EQ(Sites[1].Function, "outer");
  EXPECT_FALSE(Sites[1].InTemplate);
  EXPECT_TRUE(Sites[1].Rewritable);
  EXPECT_EQ(Sites[2].Function, "outer()::Local::go");
  EXPECT_EQ(Sites[3].Function, "outer");
  EXPECT_TRUE(Sites[3].InTemplate);
  EXPECT_TRUE(Sites[3].Rewritable);
}

// Headers that differ only in whitespace are the same header: the second
// one is told apart by its ordinal, not by its spacing.
TEST(FindLoopSites, WhitespaceDoesNotMakeHeadersDifferent) {
  auto Two = sitesOf(R"cpp(
int f(std::map<int, int> &m) {
  int s = 0;
  for (auto &kv : m) s += kv.second;
  for (auto   &kv
           :   m) s -= kv.second;
  return s;
}
)cpp",
                     "/p/w.cpp", "/p");
  auto One = sitesOf(R"cpp(
int f(std::map<int, int> &m) {
  int s = 0;
  for (auto   &kv
           :   m) s -= kv.second;
  return s;
}
)cpp",
                     "/p/w.cpp", "/p");
  ASSERT_EQ(Two.size(), 2u);
  ASSERT_EQ(One.size(), 1u);
  EXPECT_EQ(Two[0].Text, Two[1].Text);
  EXPECT_NE(Two[0].Id, Two[1].Id);
  EXPECT_EQ(Two[0].Id, One[0].Id);
}
