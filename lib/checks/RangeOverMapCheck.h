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

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace maplens {

/// One instance per translation unit: it caches per-TU type answers and
/// deduplicates template instantiations.
class RangeOverMapCheck : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  /// The name shown in brackets after every finding.
  static constexpr llvm::StringLiteral Name = "maplens-range-over-map";

  RangeOverMapCheck(clang::ASTContext &Ctx, const MapLensOptions &Opts);

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void check(const clang::ast_matchers::MatchFinder::MatchResult &Result);

  /// The sites found so far, ordered by location.
  std::vector<LoopSite> takeSites();
  /// The same, with the AST nodes each was found at (for rewrites).
  std::vector<FoundSite> takeFoundSites();

private:
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override {
    check(Result);
  }

  void checkRangeFor(const clang::CXXForRangeStmt *For);
  void checkIteratorLoop(const clang::Stmt *Loop);
  void checkAlgorithmCall(const clang::CallExpr *Call);

  const MapLensOptions &Opts;
  ContainerTypeMatcher Types;
  SiteBuilder Builder;
  std::vector<FoundSite> Sites;
};

} // namespace maplens

#endif // MAPLENS_CHECKS_RANGEOVERMAPCHECK_H
