//===--- AlgorithmCalls.h - Standard algorithms that walk a container ----===//
//
/// \file
/// `std::for_each(m.begin(), m.end(), f)`, `std::accumulate(...)`,
/// `std::ranges::for_each(m, f)`, `std::ranges::count_if(m | views::keys,
/// p)` and the other whole-range algorithms of <algorithm> and <numeric>
/// loop over their input inside the standard library, where sampling
/// profilers attribute the cost to library frames. Each such call is a site.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_ANALYSIS_ALGORITHMCALLS_H
#define MAPLENS_ANALYSIS_ALGORITHMCALLS_H

#include "analysis/IteratorLoops.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"

#include <optional>

namespace maplens {

/// Unqualified names of the algorithms that walk their input range, for
/// both `std::` (iterator pairs) and `std::ranges::` (ranges or pairs).
llvm::ArrayRef<const char *> walkingAlgorithmNames();

struct AlgorithmCallMatch {
  IteratorSource Source;
  /// The argument the container was found in.
  const clang::Expr *RangeArg = nullptr;
  /// The function object applied to each element, if it is a lambda.
  const clang::LambdaExpr *Lambda = nullptr;
};

/// Call is a CallExpr whose callee is one of walkingAlgorithmNames() in std
/// or std::ranges (a function or a niebloid object); AlgorithmName is that
/// name qualified ("std::for_each", "std::ranges::for_each").
std::optional<AlgorithmCallMatch>
matchAlgorithmCall(const clang::CallExpr *Call, ContainerTypeMatcher &Types);

/// The normalized name of the algorithm Call invokes, or "" when it is not
/// one of walkingAlgorithmNames().
std::string walkingAlgorithmCallee(const clang::CallExpr *Call);

} // namespace maplens

#endif // MAPLENS_ANALYSIS_ALGORITHMCALLS_H
