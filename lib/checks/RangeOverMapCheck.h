//===--- RangeOverMapCheck.h - Find loops over associative containers ----===//
//
/// \file
/// Finds every loop that walks an associative container: range-for over the
/// container or a std::ranges view of it, iterator loops, and standard
/// algorithms over it.
///
/// For the user-facing documentation see:
/// docs/checks/range-over-map.md
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_CHECKS_RANGEOVERMAPCHECK_H
#define MAPLENS_CHECKS_RANGEOVERMAPCHECK_H

#include "analysis/ContainerTypes.h"
#include "analysis/SiteAnchor.h"
#include "analysis/SiteBuilder.h"
#include "core/LoopSite.h"
#include "core/MapLensOptions.h"

#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace maplens {

/// One instance per translation unit: it caches per-TU type answers and
/// deduplicates template instantiations.
///
/// Driven by a traversal that hands it every candidate statement with the
/// functions around it (findFoundSites() in checks/FindLoopSites.cpp), not
/// by AST matchers: see that file for why. Each check* entry point accepts
/// any statement of its kind and decides itself; none needs the parent map.
class RangeOverMapCheck {
public:
  /// The name shown in brackets after every finding.
  static constexpr llvm::StringLiteral Name = "maplens-range-over-map";

  RangeOverMapCheck(clang::ASTContext &Ctx, const MapLensOptions &Opts);

  /// A range-based for: over a container, or a std::ranges view of one.
  void checkRangeFor(const clang::CXXForRangeStmt *For,
                     const EnclosingFunctions &Around);
  /// A for, while or do loop: an iterator loop over a container?
  void checkIteratorLoop(const clang::Stmt *Loop,
                         const EnclosingFunctions &Around);
  /// Any call: a standard algorithm walking a container?
  void checkAlgorithmCall(const clang::CallExpr *Call,
                          const EnclosingFunctions &Around);

  /// The sites found so far, ordered by location.
  std::vector<LoopSite> takeSites();
  /// The same, with the AST nodes each was found at (for rewrites).
  std::vector<FoundSite> takeFoundSites();

private:
  ContainerTypeMatcher Types;
  SiteBuilder Builder;
  std::vector<FoundSite> Sites;
};

} // namespace maplens

#endif // MAPLENS_CHECKS_RANGEOVERMAPCHECK_H
