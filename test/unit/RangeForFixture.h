//===--- RangeForFixture.h - Parse code, find its first range-for ---------===//
//
// For unit tests of the loop analyses: code is parsed with a stub of the
// standard library that is marked as a system header, as the real one is
// (the analyses trust system functions to change only what they are given).
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_TEST_UNIT_RANGEFORFIXTURE_H
#define MAPLENS_TEST_UNIT_RANGEFORFIXTURE_H

#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"

#include "gtest/gtest.h"

#include <memory>
#include <string>

namespace maplens {
namespace test {

inline const char *stubStandardLibrary() {
  return R"cpp(
#pragma clang system_header
namespace std {
template <class K, class V> struct pair { K first; V second; };
template <class K, class V> struct map {
  using value_type = pair<const K, V>;
  value_type *begin();
  value_type *end();
  const value_type *begin() const;
  const value_type *end() const;
  V &operator[](const K &);
  V &at(const K &);
  void erase(const K &);
  unsigned long size() const;
};
template <class T> struct vector {
  T *data_;
  void push_back(const T &);
  T *begin();
  T *end();
  const T *begin() const;
  const T *end() const;
  const T &operator[](unsigned long) const;
  unsigned long size() const;
  pair<const T *, const T *> bounds() const; // as equal_range returns
};
template <class T> struct _Set_const_iterator {
  const T *node_;
  const T &operator*() const;
  _Set_const_iterator &operator++();
};
template <class T>
bool operator!=(const _Set_const_iterator<T> &, const _Set_const_iterator<T> &);
template <class T> struct set {
  _Set_const_iterator<T> begin() const;
  _Set_const_iterator<T> end() const;
};
double fabs(double);
template <class F> struct function;
template <class R, class A> struct function<R(A)> {
  R (*invoke_)(void *, A);
  void *target_;
  R operator()(A a) const { return invoke_(target_, a); }
};
extern void (*hook)();
struct text {
  template <class It> void assign(It, It) { hook(); }
  unsigned long size() const;
};
template <class It, class F> F for_each(It b, It e, F f) {
  for (; b != e; ++b)
    f(*b);
  return f;
}
template <class T> const T &max(const T &a, const T &b) { return a < b ? b : a; }
}
)cpp";
}

/// A parsed translation unit and the first range-for in one of its
/// functions (null, with a test failure, if there is none).
struct ParsedRangeFor {
  std::unique_ptr<clang::ASTUnit> AST;
  const clang::CXXForRangeStmt *For = nullptr;
};

/// Parses Code (after `#include "stub.h"`, the stub above) as /src/input.cpp.
inline ParsedRangeFor firstRangeForIn(const std::string &Code,
                                      const std::string &Fn,
                                      const char *Std = "-std=c++17") {
  using namespace clang::ast_matchers;
  ParsedRangeFor P;
  P.AST = clang::tooling::buildASTFromCodeWithArgs(
      "#include \"stub.h\"\n" + Code, {Std, "-I/stub"}, "/src/input.cpp",
      "maplens-unittests", std::make_shared<clang::PCHContainerOperations>(),
      clang::tooling::getClangStripDependencyFileAdjuster(),
      {{"/stub/stub.h", stubStandardLibrary()}});
  EXPECT_TRUE(P.AST != nullptr);
  if (!P.AST)
    return P;
  auto Matches = match(
      cxxForRangeStmt(hasAncestor(functionDecl(hasName(Fn)))).bind("for"),
      P.AST->getASTContext());
  EXPECT_FALSE(Matches.empty()) << "no range-for in " << Fn;
  if (!Matches.empty())
    P.For = Matches.front().getNodeAs<clang::CXXForRangeStmt>("for");
  return P;
}

} // namespace test
} // namespace maplens

#endif // MAPLENS_TEST_UNIT_RANGEFORFIXTURE_H
