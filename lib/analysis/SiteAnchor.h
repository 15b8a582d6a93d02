//===--- SiteAnchor.h - The AST nodes a site was found at ----------------===//
//
/// \file
/// A LoopSite is plain data that outlives the AST; rewrites also need the
/// nodes it was found at. Both travel together as a FoundSite, only inside
/// one translation unit's lifetime.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_ANALYSIS_SITEANCHOR_H
#define MAPLENS_ANALYSIS_SITEANCHOR_H

#include "core/LoopSite.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace maplens {

struct SiteAnchor {
  /// The loop statement, or the algorithm's call expression.
  const clang::Stmt *Statement = nullptr;
  /// The loop's body; null for algorithm calls.
  const clang::Stmt *Body = nullptr;
  /// Range-for: the loop variable (a DecompositionDecl for structured
  /// bindings). Iterator loops: the iterator variable.
  const clang::VarDecl *Var = nullptr;
  /// Iterator loops: the condition compares Var with an end iterator, so
  /// `*Var` is an element whenever the body runs.
  bool IteratorPointsAtElement = false;
};

struct FoundSite {
  LoopSite Site;
  SiteAnchor Anchor;
};

} // namespace maplens

#endif // MAPLENS_ANALYSIS_SITEANCHOR_H
