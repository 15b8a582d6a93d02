//===--- AlgorithmCalls.cpp -----------------------------------------------===//

#include "analysis/AlgorithmCalls.h"

#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSet.h"

namespace maplens {

using namespace clang;

llvm::ArrayRef<const char *> walkingAlgorithmNames() {
  static const char *const Names[] = {
      "for_each",       "for_each_n",      "accumulate",
      "reduce",         "transform_reduce", "inner_product",
      "partial_sum",    "count",           "count_if",
      "all_of",         "any_of",          "none_of",
      "find",           "find_if",         "find_if_not",
      "adjacent_find",  "copy",            "copy_if",
      "transform",      "min_element",     "max_element",
      "minmax_element", "equal",           "mismatch",
      "includes",       "set_union",       "set_intersection",
      "set_difference", "set_symmetric_difference",
      "lexicographical_compare",
      // C++23 ranges folds.
      "fold_left",      "fold_right",      "contains"};
  return Names;
}

/// Asked of every call in the translation unit: a hash lookup, built once.
static bool isWalkingAlgorithm(llvm::StringRef Unqualified) {
  static const llvm::StringSet<> Names = [] {
    llvm::StringSet<> S;
    for (const char *N : walkingAlgorithmNames())
      S.insert(N);
    return S;
  }();
  return Names.contains(Unqualified);
}

std::string walkingAlgorithmCallee(const CallExpr *Call) {
  const NamedDecl *Callee = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    // std::ranges algorithms are niebloids: `std::ranges::for_each(m, f)` is
    // operator() called on a global object named for_each.
    if (Op->getOperator() != OO_Call || Op->getNumArgs() == 0)
      return std::string();
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreImplicit()->IgnoreParens());
    if (!Ref || !isa<VarDecl>(Ref->getDecl()))
      return std::string();
    Callee = Ref->getDecl();
  } else if (isa<CXXMemberCallExpr>(Call)) {
    return std::string(); // m.find(k), m.count(k): members, not algorithms
  } else {
    Callee = Call->getDirectCallee();
  }
  if (!Callee || !Callee->getIdentifier() ||
      !isWalkingAlgorithm(Callee->getName()))
    return std::string();
  std::string Q = normalizedQualifiedName(Callee);
  if (Q == "std::" + Callee->getName().str() ||
      Q == "std::ranges::" + Callee->getName().str())
    return Q;
  return std::string();
}

std::optional<AlgorithmCallMatch>
matchAlgorithmCall(const CallExpr *Call, ContainerTypeMatcher &Types) {
  std::string Name = walkingAlgorithmCallee(Call);
  if (Name.empty())
    return std::nullopt;
  bool IsRanges = llvm::StringRef(Name).starts_with("std::ranges::");

  // Arguments as the user wrote them: skip the niebloid object itself.
  llvm::SmallVector<const Expr *, 6> Args;
  unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
  for (unsigned I = First; I < Call->getNumArgs(); ++I)
    Args.push_back(Call->getArg(I));

  AlgorithmCallMatch M;
  for (const Expr *A : Args)
    if (const auto *L = dyn_cast<LambdaExpr>(A->IgnoreImplicit()->IgnoreParens())) {
      M.Lambda = L;
      break;
    }

  // The input range starts at the first or, after an execution policy, the
  // second argument. Only iterators that *start* a walk count: the map in
  // `std::copy(v.begin(), v.end(), std::inserter(m, m.end()))` is written,
  // not walked.
  for (unsigned I = 0; I < Args.size() && I < 2; ++I) {
    const Expr *A = Args[I];
    if (IsRanges) {
      const Expr *Inner = A->IgnoreImplicit()->IgnoreParens();
      if (std::optional<ContainerMatch> C = Types.matchRange(Inner->getType())) {
        M.Source.Container = *C;
        M.Source.ContainerExpr = findExprOfClass(Inner, C->Record);
        if (!M.Source.ContainerExpr)
          M.Source.ContainerExpr = Inner;
        M.RangeArg = A;
        return M;
      }
    }
    if (std::optional<IteratorSource> S =
            matchIteratorSource(A, Types, IteratorRole::Start)) {
      M.Source = *S;
      M.RangeArg = A;
      return M;
    }
    // Generic code handed a container's iterators: `std::for_each(b, e, f)`
    // in `template <class It> void g(It b, It e)`.
    if (std::optional<ContainerMatch> C =
            Types.matchIterator(A->IgnoreImplicit()->getType())) {
      M.Source.Container = *C;
      M.RangeArg = A;
      return M;
    }
  }
  return std::nullopt;
}

} // namespace maplens
