//===--- SiteBuilder.h - Fill a LoopSite from AST nodes ------------------===//
//
/// \file
/// Everything about a site that does not depend on which detector found it:
/// where it is, whether it is spelled in a macro or a system header,
/// whether it sits in a template, its enclosing function, its header text,
/// its id, and whether a later rewrite may touch it.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_ANALYSIS_SITEBUILDER_H
#define MAPLENS_ANALYSIS_SITEBUILDER_H

#include "analysis/ContainerTypes.h"
#include "core/LoopSite.h"
#include "core/MapLensOptions.h"
#include "core/SiteIdentity.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>

namespace maplens {

class SiteBuilder {
public:
  SiteBuilder(clang::ASTContext &Ctx, const MapLensOptions &Opts);

  /// Builds the site for Loop (the statement the detector matched: a loop or
  /// an algorithm call) whose header spans [HeaderBegin, HeaderEnd] (token
  /// range: `for (...)`, `while (...)`, `std::for_each(m.begin()`).
  /// ContainerExpr is how the code names the container, if any. HeaderParts
  /// are the header's sub-expressions (range, condition, arguments...): a
  /// macro expansion in any of them makes the site not rewritable.
  /// Returns nothing when the site is filtered out (system header, filter
  /// option) or was already built (a template instantiated more than once).
  std::optional<LoopSite> build(const clang::Stmt *Loop, LoopKind Kind,
                                clang::SourceLocation HeaderBegin,
                                clang::SourceLocation HeaderEnd,
                                const ContainerMatch &Container,
                                const clang::Expr *ContainerExpr,
                                ElementBinding Binding,
                                llvm::ArrayRef<const clang::Stmt *> HeaderParts);

  /// Prints a type the way maplens reports it.
  std::string printType(clang::QualType T, bool Canonical) const;

private:
  /// The innermost named function around S (lambdas skipped); Innermost is
  /// set to the innermost callable, a lambda's call operator included.
  const clang::FunctionDecl *
  enclosingFunction(const clang::Stmt *S,
                    const clang::FunctionDecl *&Innermost) const;
  std::string sourceText(clang::SourceLocation Begin,
                         clang::SourceLocation End) const;

  clang::ASTContext &Ctx;
  const MapLensOptions &Opts;
  ProjectRootResolver Roots;
  /// (expansion, spelling) of sites already built: instantiations of one
  /// template share the pattern's locations and must yield one site.
  llvm::DenseSet<std::pair<unsigned, unsigned>> Seen;
};

} // namespace maplens

#endif // MAPLENS_ANALYSIS_SITEBUILDER_H
