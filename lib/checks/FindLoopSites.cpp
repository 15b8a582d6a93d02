//===--- FindLoopSites.cpp ------------------------------------------------===//

#include "checks/FindLoopSites.h"

#include "checks/RangeOverMapCheck.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
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

/// Hands RangeOverMapCheck every loop statement and call in the traversal
/// scope, template instantiations and generic lambdas' instantiated call
/// operators included, with the functions around each.
///
/// Why a plain RecursiveASTVisitor and not AST matchers: with matchers, the
/// plugin added ~10 % to `clang++ -fsyntax-only` on a loop-dense translation
/// unit. MatchFinder evaluates its dynamic matchers on every node, and the
/// enclosing function of a site then came from the parent map, which costs
/// a second walk of the whole AST to build. This visitor walks once, tests
/// only the node kinds that can be sites, and knows the enclosing functions
/// from the way down (docs/performance.md has the figures).
///
/// It visits the code as written plus every template instantiation, not
/// the implicit code around it (a range-for's hidden begin/end variables,
/// implicit special members, default arguments and default member
/// initializers again at every use): none of that holds a loop the user
/// wrote, and skipping it makes the walk cheaper. Each site is found where
/// it is spelled. Lambdas need the one exception: a generic lambda's
/// instantiated call operators are implicit code, so they are visited
/// explicitly.
class LoopCandidateVisitor
    : public RecursiveASTVisitor<LoopCandidateVisitor> {
  using Base = RecursiveASTVisitor<LoopCandidateVisitor>;

public:
  LoopCandidateVisitor(RangeOverMapCheck &Check, const SourceManager &SM,
                       bool SystemHeaders)
      : Check(Check), SM(SM), SystemHeaders(SystemHeaders) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  // Sites are statements; the types a TypeLoc spells hold none.
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  bool TraverseDecl(Decl *D) {
    auto *FD = dyn_cast_or_null<FunctionDecl>(D);
    if (!FD)
      return Base::TraverseDecl(D);
    Functions.push_back(FD);
    bool Continue = Base::TraverseDecl(D);
    Functions.pop_back();
    return Continue;
  }

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    // The body as written, inside the call operator.
    Functions.push_back(Lambda->getCallOperator());
    bool Continue = Base::TraverseLambdaExpr(Lambda);
    Functions.pop_back();
    if (!Continue)
      return false;
    // `[](auto &m) { for (auto &kv : m) ... }` walks a map only in the
    // instantiations of its call operator template.
    if (FunctionTemplateDecl *Template = Lambda->getDependentCallOperator())
      for (FunctionDecl *Instance : Template->specializations())
        if (!TraverseDecl(Instance))
          return false;
    return true;
  }

  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) {
    if (inScope(For))
      Check.checkRangeFor(For, around());
    return true;
  }
  bool VisitForStmt(ForStmt *Loop) { return visitIteratorLoop(Loop); }
  bool VisitWhileStmt(WhileStmt *Loop) { return visitIteratorLoop(Loop); }
  bool VisitDoStmt(DoStmt *Loop) { return visitIteratorLoop(Loop); }
  bool VisitCallExpr(CallExpr *Call) {
    // checkAlgorithmCall rejects other callees by name before anything
    // else, which is cheaper than asking about system headers first.
    Check.checkAlgorithmCall(Call, around());
    return true;
  }

private:
  bool visitIteratorLoop(Stmt *Loop) {
    if (inScope(Loop))
      Check.checkIteratorLoop(Loop, around());
    return true;
  }

  /// The standard library's own loops are not the user's: outside system
  /// headers unless asked for (the traversal scope already leaves out their
  /// declarations; this catches what is expanded from their macros).
  bool inScope(const Stmt *S) const {
    return SystemHeaders ||
           !SM.isInSystemHeader(SM.getExpansionLoc(S->getBeginLoc()));
  }

  EnclosingFunctions around() const {
    EnclosingFunctions Around;
    if (Functions.empty())
      return Around;
    Around.Innermost = Functions.back();
    for (auto It = Functions.rbegin(); It != Functions.rend(); ++It) {
      const auto *MD = dyn_cast<CXXMethodDecl>(*It);
      if (!MD || !MD->getParent()->isLambda()) {
        Around.Named = *It;
        break;
      }
    }
    return Around;
  }

  RangeOverMapCheck &Check;
  const SourceManager &SM;
  bool SystemHeaders;
  /// The functions being traversed, outermost first.
  llvm::SmallVector<const FunctionDecl *, 8> Functions;
};
} // namespace

std::vector<FoundSite> findFoundSites(ASTContext &Ctx,
                                      const MapLensOptions &Opts) {
  ScopedUserTraversal Scope(Ctx, /*Enable=*/!Opts.SystemHeaders);
  RangeOverMapCheck Check(Ctx, Opts);
  LoopCandidateVisitor(Check, Ctx.getSourceManager(), Opts.SystemHeaders)
      .TraverseAST(Ctx);
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
