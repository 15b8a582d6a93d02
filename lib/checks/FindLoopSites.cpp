//===--- FindLoopSites.cpp ------------------------------------------------===//

#include "checks/FindLoopSites.h"

#include "checks/RangeOverMapCheck.h"

#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

namespace maplens {

using namespace clang;

namespace {
/// Restricts AST traversal to the declarations outside system headers for
/// its lifetime, and restores the previous scope afterwards (other consumers
/// in the same compiler instance may rely on it).
///
/// Why: the standard library's declarations are most of a typical
/// translation unit and hold no site maplens reports, so not walking them is
/// most of what keeps the plugin's cost low. Templates declared in user code
/// are still visited with all their instantiations.
class ScopedUserTraversal {
public:
  ScopedUserTraversal(ASTContext &Ctx, bool Enable)
      : Ctx(Ctx), Enabled(Enable) {
    if (!Enabled)
      return;
    // Bound once: LLVM 19 returns the scope by value, LLVM 22 as an
    // ArrayRef; begin() and end() must come from the same object.
    const auto &Current = Ctx.getTraversalScope();
    Saved.assign(Current.begin(), Current.end());
    const SourceManager &SM = Ctx.getSourceManager();
    std::vector<Decl *> Scope;
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      SourceLocation Loc = D->getLocation();
      if (Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
        continue;
      Scope.push_back(D);
    }
    Ctx.setTraversalScope(Scope);
  }
  ~ScopedUserTraversal() {
    if (Enabled)
      Ctx.setTraversalScope(Saved);
  }

private:
  ASTContext &Ctx;
  std::vector<Decl *> Saved;
  bool Enabled;
};
} // namespace

std::vector<FoundSite> findFoundSites(ASTContext &Ctx,
                                      const MapLensOptions &Opts) {
  ScopedUserTraversal Scope(Ctx, /*Enable=*/!Opts.SystemHeaders);
  RangeOverMapCheck Check(Ctx, Opts);
  ast_matchers::MatchFinder Finder;
  Check.registerMatchers(Finder);
  Finder.matchAST(Ctx);
  return Check.takeFoundSites();
}

std::vector<LoopSite> findLoopSites(ASTContext &Ctx,
                                    const MapLensOptions &Opts) {
  std::vector<LoopSite> Out;
  for (FoundSite &F : findFoundSites(Ctx, Opts))
    Out.push_back(std::move(F.Site));
  return Out;
}

} // namespace maplens
