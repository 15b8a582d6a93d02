//===--- RangeOverMapCheck.cpp --------------------------------------------===//

#include "checks/RangeOverMapCheck.h"

#include "analysis/AlgorithmCalls.h"
#include "analysis/IteratorLoops.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

#include <algorithm>

namespace maplens {

using namespace clang;

RangeOverMapCheck::RangeOverMapCheck(ASTContext &Ctx,
                                     const MapLensOptions &Opts)
    : Types(Opts.Containers), Builder(Ctx, Opts) {}

/// How a variable or parameter of type T binds an element.
static ElementBinding bindingOfType(QualType T) {
  if (T->isReferenceType())
    return T.getNonReferenceType().isConstQualified()
               ? ElementBinding::ConstReference
               : ElementBinding::Reference;
  return ElementBinding::Value;
}

static ElementBinding bindingOf(const VarDecl *Var) {
  if (!Var)
    return ElementBinding::Value;
  if (isa<DecompositionDecl>(Var))
    return ElementBinding::StructuredBinding;
  return bindingOfType(Var->getType());
}

/// `maplens_loop_X.range(m)` (a loop maplens instrumented) walks m.
static const Expr *withoutProbeRange(const Expr *Init) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(Init->IgnoreImplicit());
  if (!Call || Call->getNumArgs() != 1)
    return Init;
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || Method->getName() != "range" ||
      Method->getParent()->getQualifiedNameAsString() !=
          "maplens::probe::loop")
    return Init;
  return Call->getArg(0)->IgnoreImplicit();
}

void RangeOverMapCheck::checkRangeFor(const CXXForRangeStmt *For,
                                      const EnclosingFunctions &Around) {
  const Expr *Init = For->getRangeInit();
  if (!Init)
    return;
  Init = withoutProbeRange(Init);
  std::optional<ContainerMatch> M = Types.matchRange(Init->getType());
  // A range that hands out a container's iterators walks the container:
  // std::ranges::subrange(b, e), llvm::iterator_range, a class whose
  // begin() returns the map's. (Null in an uninstantiated template.)
  if (!M)
    if (const auto *Begin = dyn_cast_or_null<DeclStmt>(For->getBeginStmt()))
      if (const auto *Var = dyn_cast_or_null<VarDecl>(Begin->getSingleDecl()))
        M = Types.matchIterator(Var->getType());
  if (!M)
    return;
  const Expr *ContainerExpr = M->ThroughIterators ? nullptr
                              : M->ThroughView    ? findExprOfClass(Init, M->Record)
                                                  : Init;
  bool Direct = !M->ThroughView && !M->ThroughIterators;
  std::optional<LoopSite> Site = Builder.build(
      For, Direct ? LoopKind::RangeFor : LoopKind::View,
      For->getForLoc(), For->getRParenLoc(), *M, ContainerExpr,
      bindingOf(For->getLoopVariable()), {Init, For->getLoopVarStmt()},
      Around);
  if (Site)
    Sites.push_back({std::move(*Site),
                     {For, For->getBody(), For->getLoopVariable(), false}});
}

void RangeOverMapCheck::checkIteratorLoop(const Stmt *Loop,
                                          const EnclosingFunctions &Around) {
  std::optional<IteratorLoopMatch> M = matchIteratorLoop(Loop, Types);
  if (!M)
    return;
  SourceLocation HeaderBegin = Loop->getBeginLoc();
  SourceLocation HeaderEnd;
  llvm::SmallVector<const Stmt *, 3> Parts;
  if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    HeaderEnd = For->getRParenLoc();
    Parts = {For->getInit(), For->getCond(), For->getInc()};
  } else if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
    HeaderEnd = While->getRParenLoc();
    Parts = {While->getCond()};
  } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    Parts = {Do->getCond()};
    // A do-loop's header is its trailing `while (...)`; the body between
    // would make the text (and the id) change with every edit of the body.
    HeaderBegin = Do->getWhileLoc();
    HeaderEnd = Do->getRParenLoc();
  }
  std::optional<LoopSite> Site =
      Builder.build(Loop, LoopKind::IteratorLoop, HeaderBegin, HeaderEnd,
                    M->Source.Container, M->Source.ContainerExpr,
                    ElementBinding::Iterator, Parts, Around);
  if (Site)
    Sites.push_back({std::move(*Site),
                     {Loop, M->Body, M->IteratorVar, M->PointsAtElement}});
}

void RangeOverMapCheck::checkAlgorithmCall(const CallExpr *Call,
                                           const EnclosingFunctions &Around) {
  std::optional<AlgorithmCallMatch> M = matchAlgorithmCall(Call, Types);
  if (!M)
    return;
  ElementBinding Binding = ElementBinding::Callable;
  if (M->Lambda) {
    const CXXMethodDecl *Op = M->Lambda->getCallOperator();
    if (Op && Op->getNumParams() >= 1) {
      // accumulate/fold pass the accumulator first; the element is last.
      Binding = bindingOfType(
          Op->getParamDecl(Op->getNumParams() - 1)->getType());
    }
  }
  llvm::SmallVector<const Stmt *, 4> Args(Call->arguments().begin(),
                                          Call->arguments().end());
  std::optional<LoopSite> Site = Builder.build(
      Call, LoopKind::Algorithm, Call->getBeginLoc(),
      M->RangeArg->getEndLoc(), M->Source.Container, M->Source.ContainerExpr,
      Binding, Args, Around);
  if (Site)
    Sites.push_back({std::move(*Site), {Call, nullptr, nullptr, false}});
}

std::vector<FoundSite> RangeOverMapCheck::takeFoundSites() {
  std::vector<FoundSite> Out = std::move(Sites);
  Sites.clear();
  std::stable_sort(Out.begin(), Out.end(),
                   [](const FoundSite &A, const FoundSite &B) {
                     return siteLocationLess(A.Site, B.Site);
                   });
  return Out;
}

std::vector<LoopSite> RangeOverMapCheck::takeSites() {
  std::vector<LoopSite> Out;
  for (FoundSite &F : takeFoundSites())
    Out.push_back(std::move(F.Site));
  return Out;
}

} // namespace maplens
