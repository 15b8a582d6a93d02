//===--- IteratorLoops.h - Loops that advance a container iterator -------===//
//
/// \file
/// Recognizes `for`, `while` and `do` loops that walk a container through an
/// iterator:
///
/// \code
///   for (auto it = m.begin(); it != m.end(); ++it)
///   for (auto it = m.lower_bound(a), e = m.upper_bound(b); it != e; ++it)
///   for (auto it = m.begin(); it != m.end();) it = m.erase(it);
///   auto it = m.cbegin(); while (it != m.cend()) { ...; ++it; }
/// \endcode
///
/// A loop qualifies when its condition compares an iterator variable with an
/// iterator of a catalogued container (end(), begin(), find(), bounds,
/// std::end(m), or a variable initialized from one of those), or the
/// variable itself was initialized from one, or the variable and what it is
/// compared with both have a container's iterator type (generic code that
/// is handed iterators), *and* the loop advances that
/// variable (++, --, std::next/prev/advance, or `it = m.erase(it)`). Loops
/// that only compare against end() without advancing — following lookups,
/// say — do not walk the container and are not reported.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_ANALYSIS_ITERATORLOOPS_H
#define MAPLENS_ANALYSIS_ITERATORLOOPS_H

#include "analysis/ContainerTypes.h"

#include "clang/AST/Stmt.h"

#include <optional>

namespace maplens {

/// Which member functions yield iterators that a walk starts or stops at.
enum class IteratorRole { Start, Any };

struct IteratorSource {
  ContainerMatch Container;
  /// The expression naming the container (`m` in `m.begin()`); null when
  /// the code sees only iterators (Container.ThroughIterators).
  const clang::Expr *ContainerExpr = nullptr;
};

/// If E (implicit nodes ignored) yields an iterator of a catalogued
/// container, that container. Role Start accepts only begin/cbegin/rbegin/
/// crbegin and std::begin(m) and friends; Any also accepts end, find,
/// lower_bound, upper_bound, equal_range(...).first/second, and variables
/// initialized from any of those.
std::optional<IteratorSource> matchIteratorSource(const clang::Expr *E,
                                                  ContainerTypeMatcher &Types,
                                                  IteratorRole Role);

struct IteratorLoopMatch {
  IteratorSource Source;
  const clang::VarDecl *IteratorVar = nullptr;
  const clang::Stmt *Body = nullptr;
  /// The condition is `IteratorVar != END` (possibly `&& ...`), so
  /// `*IteratorVar` is an element whenever the body runs.
  bool PointsAtElement = false;
};

/// Loop must be a ForStmt, WhileStmt or DoStmt.
std::optional<IteratorLoopMatch> matchIteratorLoop(const clang::Stmt *Loop,
                                                   ContainerTypeMatcher &Types);

} // namespace maplens

#endif // MAPLENS_ANALYSIS_ITERATORLOOPS_H
