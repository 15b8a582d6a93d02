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
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>
#include <string>

namespace maplens {

/// The functions around a site, as the traversal that found it saw them on
/// its way down (cheaper and exacter than walking the parent map back up).
struct EnclosingFunctions {
  /// The innermost callable around the site, a lambda's call operator
  /// included; null at namespace or class scope (a global's initializer).
  const clang::FunctionDecl *Innermost = nullptr;
  /// The innermost function that is not a lambda's call operator. Site ids
  /// name this one: a lambda's call operator has a name that embeds its
  /// source location, which would make ids change with line numbers.
  const clang::FunctionDecl *Named = nullptr;
};

class SiteBuilder {
public:
  SiteBuilder(clang::ASTContext &Ctx, const MapLensOptions &Opts);

  /// Builds the site for Loop (the statement the detector matched: a loop or
  /// an algorithm call) whose header spans [HeaderBegin, HeaderEnd] (token
  /// range: `for (...)`, `while (...)`, `std::for_each(m.begin()`).
  /// ContainerExpr is how the code names the container, if any. HeaderParts
  /// are the header's sub-expressions (range, condition, arguments...): a
  /// macro expansion in any of them makes the site not rewritable. Around
  /// are the functions the loop is in.
  /// Returns nothing when the site is filtered out (system header, filter
  /// option) or was already built (a template instantiated more than once).
  std::optional<LoopSite> build(const clang::Stmt *Loop, LoopKind Kind,
                                clang::SourceLocation HeaderBegin,
                                clang::SourceLocation HeaderEnd,
                                const ContainerMatch &Container,
                                const clang::Expr *ContainerExpr,
                                ElementBinding Binding,
                                llvm::ArrayRef<const clang::Stmt *> HeaderParts,
                                const EnclosingFunctions &Around);

  /// Prints a type the way maplens reports it.
  std::string printType(clang::QualType T, bool Canonical) const;

private:
  std::string sourceText(clang::SourceLocation Begin,
                         clang::SourceLocation End) const;
  /// How many times Text (folded) occurs in FD before Loc.
  unsigned ordinalIn(const clang::FunctionDecl *FD, clang::FileID FID,
                     clang::SourceLocation Loc, llvm::StringRef Text) const;

  // Per-site answers that many sites share, computed once each: a dense
  // translation unit has thousands of sites in hundreds of functions and
  // files with a handful of container types.
  struct FunctionNames {
    std::string Qualified;
    std::string Signature;
  };
  const FunctionNames &namesOf(const clang::FunctionDecl *Pattern);
  struct FilePaths {
    std::string Absolute;
    std::string ProjectRelative;
  };
  const FilePaths &pathsOf(clang::FileID FID, clang::FileEntryRef Entry);
  /// printType(T, /*Canonical=*/true), keyed by the canonical type (the
  /// sugared types of two sites are rarely the same node).
  const std::string &printCanonicalType(clang::QualType T);

  clang::ASTContext &Ctx;
  const MapLensOptions &Opts;
  ProjectRootResolver Roots;
  /// (expansion, spelling) of sites already built: instantiations of one
  /// template share the pattern's locations and must yield one site.
  llvm::DenseSet<std::pair<unsigned, unsigned>> Seen;
  llvm::DenseMap<const clang::FunctionDecl *, FunctionNames> Functions;
  llvm::DenseMap<clang::FileID, FilePaths> Files;
  llvm::DenseMap<const clang::Type *, std::string> CanonicalTypes;
};

} // namespace maplens

#endif // MAPLENS_ANALYSIS_SITEBUILDER_H
