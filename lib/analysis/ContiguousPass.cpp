//===--- ContiguousPass.cpp -----------------------------------------------===//

#include "analysis/ContiguousPass.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <memory>

namespace maplens {

using namespace clang;

namespace {

/// Finds what would change meaning if the loop statement moved into a
/// generic lambda instantiated twice. Statements inside nested lambdas and
/// local classes belong to those (a `return` there returns from them), but
/// their static locals would still be duplicated.
class TwoPassScan : public RecursiveASTVisitor<TwoPassScan> {
public:
  TwoPassScan(const CXXForRangeStmt &For, const LangOptions &LO)
      : For(For), LO(LO) {}
  std::string Reason;

  bool TraverseLambdaExpr(LambdaExpr *L) {
    ++Nested;
    bool R = RecursiveASTVisitor::TraverseLambdaExpr(L);
    --Nested;
    return R;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *D) {
    ++Nested;
    bool R = RecursiveASTVisitor::TraverseCXXRecordDecl(D);
    --Nested;
    return R;
  }

  bool VisitReturnStmt(ReturnStmt *) { return outer("returns"); }
  bool VisitCoreturnStmt(CoreturnStmt *) { return outer("coroutine"); }
  bool VisitCoawaitExpr(CoawaitExpr *) { return outer("coroutine"); }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) {
    return outer("coroutine");
  }
  bool VisitCoyieldExpr(CoyieldExpr *) { return outer("coroutine"); }
  bool VisitGotoStmt(GotoStmt *) { return outer("goto"); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return outer("goto"); }
  bool VisitAddrLabelExpr(AddrLabelExpr *) { return outer("goto"); }
  bool VisitVAArgExpr(VAArgExpr *) { return outer("va-arg"); }

  // The function's name would become the lambda's, even in nested lambdas
  // (whose pretty names include their enclosing function's).
  bool VisitPredefinedExpr(PredefinedExpr *) { return fail("names-function"); }
  bool VisitSourceLocExpr(SourceLocExpr *) { return fail("names-function"); }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->getQualifiedNameAsString() == "std::source_location::current")
        return fail("names-function");
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (V->isStaticLocal() || V->getTLSKind() != VarDecl::TLS_None)
      return fail("static-local");
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const ValueDecl *D = Ref->getDecl();
    if (D->getType()->isVariablyModifiedType())
      return fail("variable-length-array");
    // Lambdas capture structured bindings only from C++20 on.
    if (isa<BindingDecl>(D) && !LO.CPlusPlus20 && !declaredInside(D))
      return fail("captures-binding");
    return true;
  }
  // In the lambda the loop variable's type depends on the pass, so a
  // member template named through it would need `.template`, and a type
  // named through decltype would need `typename`.
  bool VisitMemberExpr(MemberExpr *M) {
    if (M->hasExplicitTemplateArgs())
      return fail("dependent-template-name");
    return true;
  }
  bool VisitDecltypeTypeLoc(DecltypeTypeLoc) { return fail("decltype"); }

private:
  bool outer(const char *Why) { return Nested ? true : fail(Why); }
  bool fail(const char *Why) {
    Reason = Why;
    return false;
  }
  bool declaredInside(const Decl *D) const {
    SourceRange R = For.getSourceRange();
    SourceLocation L = D->getLocation();
    return L.isValid() && R.getBegin() <= L && L <= R.getEnd();
  }

  const CXXForRangeStmt &For;
  const LangOptions &LO;
  unsigned Nested = 0;
};

bool isSystem(const Decl *D, const SourceManager &SM) {
  SourceLocation Loc = D->getLocation();
  return Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

/// The element-reading question, over one instance and the functions it
/// calls. Limits keep the cost bounded; past them the answer is "no".
class ElementReads {
public:
  explicit ElementReads(ASTContext &Ctx) : Ctx(Ctx) {}

  bool loop(const CXXForRangeStmt &For) {
    const VarDecl *Var = For.getLoopVariable();
    if (!Var || !For.getBody())
      return false;
    QualType T = Var->getType();
    // A copy is its own object; a const reference must not let the body
    // write or keep the element; anything else may write it.
    bool ByReference = T->isReferenceType();
    if (ByReference && !T.getNonReferenceType().isConstQualified())
      return false;
    RangeType = For.getRangeInit()
                    ? For.getRangeInit()->getType().getNonReferenceType()
                    : QualType();
    if (!storesOnlyLocals(For.getBody(), 0))
      return false;
    if (!ByReference)
      return true;
    llvm::SmallPtrSet<const ValueDecl *, 4> Names{Var};
    if (const auto *DD = dyn_cast<DecompositionDecl>(Var))
      for (const BindingDecl *B : DD->bindings())
        Names.insert(B);
    return onlyRead(For.getBody(), Names, 0);
  }

private:
  static constexpr unsigned MaxDepth = 8;
  static constexpr unsigned MaxFunctions = 200;

  /// The user function behind a call, with its body; null if there is
  /// none to look at (system headers, virtual or indirect calls).
  const FunctionDecl *definition(const FunctionDecl *FD) const {
    if (!FD || isSystem(FD, Ctx.getSourceManager()))
      return nullptr;
    if (const auto *M = dyn_cast<CXXMethodDecl>(FD))
      if (M->isVirtual())
        return nullptr;
    const FunctionDecl *Def = nullptr;
    if (!FD->hasBody(Def) || !Def || !Def->getBody())
      return nullptr;
    return Def;
  }

  /// E writes a variable of the function it is in (a value, not a
  /// reference), or a field or array element of one.
  static bool isLocalObject(const Expr *E) {
    while (true) {
      E = E->IgnoreParens();
      if (const auto *M = dyn_cast<MemberExpr>(E)) {
        if (M->isArrow())
          return false;
        E = M->getBase();
      } else if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
        // An element of a local array; `p[i]` writes wherever p points.
        const auto *Decay =
            dyn_cast<ImplicitCastExpr>(A->getBase()->IgnoreParens());
        if (!Decay || Decay->getCastKind() != CK_ArrayToPointerDecay)
          return false;
        E = Decay->getSubExpr();
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
        const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
        return V && V->hasLocalStorage() && !V->getType()->isReferenceType();
      } else {
        return false;
      }
    }
  }

  /// `other[k]`, at the loop body's own level: the subscript of a system
  /// container whose object has the range's type. Every snapshot form
  /// needs the snapshot safety verdict first, which allows such a call
  /// only on an object that provably is not the range, or is checked not
  /// to be before each snapshot walk (SnapshotVerdict::Guards); so it
  /// writes, and may insert, only into another container's nodes, never
  /// into an element the loop walks.
  bool isOtherRangeSubscript(const Expr *E, unsigned Depth) const {
    const auto *Call = dyn_cast<CXXOperatorCallExpr>(E->IgnoreParens());
    if (Depth != 0 || RangeType.isNull() || !Call ||
        Call->getOperator() != OO_Subscript || Call->getNumArgs() != 2)
      return false;
    const FunctionDecl *Callee = Call->getDirectCallee();
    return Callee && isa<CXXMethodDecl>(Callee) &&
           isSystem(Callee, Ctx.getSourceManager()) &&
           Ctx.hasSameUnqualifiedType(
               Call->getArg(0)->IgnoreParenImpCasts()->getType(), RangeType);
  }

  bool storesOnlyLocals(const Stmt *S, unsigned Depth) {
    if (!S)
      return true;
    if (const auto *B = dyn_cast<BinaryOperator>(S)) {
      if (B->isAssignmentOp() && !isLocalObject(B->getLHS()) &&
          !isOtherRangeSubscript(B->getLHS(), Depth))
        return false;
    } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
      if (U->isIncrementDecrementOp() && !isLocalObject(U->getSubExpr()) &&
          !isOtherRangeSubscript(U->getSubExpr(), Depth))
        return false;
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (!isOtherRangeSubscript(Call, Depth) &&
          !callStoresOnlyLocals(Call->getDirectCallee(), Depth))
        return false;
    } else if (const auto *C = dyn_cast<CXXConstructExpr>(S)) {
      // A constructor stores into its object through `this`.
      if (!C->getConstructor()->isTrivial())
        return false;
    } else if (isa<CXXNewExpr, CXXDeleteExpr, LambdaExpr,
                   CXXBindTemporaryExpr, AsmStmt, CXXThrowExpr>(S)) {
      return false;
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *V = dyn_cast<VarDecl>(D))
          if (const CXXRecordDecl *RD = V->getType()->getAsCXXRecordDecl())
            if (RD->hasDefinition() && !RD->hasTrivialDestructor())
              return false;
    }
    for (const Stmt *Child : S->children())
      if (!storesOnlyLocals(Child, Depth))
        return false;
    return true;
  }

  bool callStoresOnlyLocals(const FunctionDecl *Callee, unsigned Depth) {
    const FunctionDecl *Def = definition(Callee);
    if (!Def || Depth >= MaxDepth)
      return false;
    auto Known = Stores.find(Def);
    if (Known != Stores.end())
      return Known->second;
    if (Stores.size() > MaxFunctions)
      return false;
    Stores[Def] = true; // recursion: assume so while looking
    bool Result = storesOnlyLocals(Def->getBody(), Depth + 1);
    Stores[Def] = Result;
    return Result;
  }

  /// Every use of Names in Body only reads a value (after member access).
  bool onlyRead(const Stmt *Body,
                const llvm::SmallPtrSetImpl<const ValueDecl *> &Names,
                unsigned Depth) {
    if (Depth >= MaxDepth)
      return false;
    ParentMap PM(const_cast<Stmt *>(Body));
    llvm::SmallVector<const DeclRefExpr *, 8> Uses;
    collectUses(Body, Names, Uses);
    for (const DeclRefExpr *Use : Uses)
      if (!readsValue(Use, PM, Depth))
        return false;
    return true;
  }

  static void
  collectUses(const Stmt *S,
              const llvm::SmallPtrSetImpl<const ValueDecl *> &Names,
              llvm::SmallVectorImpl<const DeclRefExpr *> &Out) {
    if (!S)
      return;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (Names.count(Ref->getDecl()))
        Out.push_back(Ref);
    for (const Stmt *Child : S->children())
      collectUses(Child, Names, Out);
  }

  bool readsValue(const Stmt *Cur, ParentMap &PM, unsigned Depth) {
    while (true) {
      const Stmt *P = PM.getParent(Cur);
      if (!P)
        return false;
      if (isa<ParenExpr>(P)) {
        Cur = P;
        continue;
      }
      if (const auto *M = dyn_cast<MemberExpr>(P)) {
        if (M->isArrow() || !isa<FieldDecl>(M->getMemberDecl()))
          return false; // a method could return `this`
        Cur = P;
        continue;
      }
      if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P)) {
        switch (Cast->getCastKind()) {
        case CK_LValueToRValue:
          return true;
        case CK_NoOp:
        case CK_DerivedToBase:
        case CK_UncheckedDerivedToBase:
          Cur = P;
          continue;
        default:
          return false;
        }
      }
      if (const auto *C = dyn_cast<CXXConstructExpr>(P)) {
        const CXXConstructorDecl *Ctor = C->getConstructor();
        return Ctor->isTrivial() && Ctor->isCopyOrMoveConstructor();
      }
      if (const auto *Trait = dyn_cast<UnaryExprOrTypeTraitExpr>(P))
        return Trait->getKind() == UETT_SizeOf ||
               Trait->getKind() == UETT_AlignOf;
      if (const auto *Call = dyn_cast<CallExpr>(P))
        // The key of `other[k]` is copied into a node if it is inserted,
        // never kept by reference.
        return (isOtherRangeSubscript(Call, Depth) && Call->getArg(1) == Cur) ||
               passedToReader(Call, cast<Expr>(Cur), Depth);
      return false;
    }
  }

  /// Arg is bound to a `const T &` parameter of a user function that only
  /// reads it.
  bool passedToReader(const CallExpr *Call, const Expr *Arg,
                      unsigned Depth) {
    const FunctionDecl *Def = definition(Call->getDirectCallee());
    if (!Def)
      return false;
    unsigned First = 0;
    if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Def))
      First = 1; // the object
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      if (Call->getArg(I) != Arg)
        continue;
      unsigned Index = I - First;
      if (Index >= Def->getNumParams())
        return false;
      const ParmVarDecl *Param = Def->getParamDecl(Index);
      QualType T = Param->getType();
      if (!T->isLValueReferenceType() ||
          !T.getNonReferenceType().isConstQualified())
        return false;
      llvm::SmallPtrSet<const ValueDecl *, 4> Names{Param};
      return onlyRead(Def->getBody(), Names, Depth + 1);
    }
    return false;
  }

  ASTContext &Ctx;
  /// The type of the range of the loop being looked at.
  QualType RangeType;
  llvm::DenseMap<const FunctionDecl *, bool> Stores;
};

} // namespace

std::string analyzeTwoPassForm(const CXXForRangeStmt &For,
                               const ASTContext &Ctx) {
  const LangOptions &LO = Ctx.getLangOpts();
  if (!LO.CPlusPlus14)
    return "before-c++14"; // generic lambdas
  TwoPassScan Scan(For, LO);
  Scan.TraverseStmt(const_cast<CXXForRangeStmt *>(&For));
  return Scan.Reason;
}

bool bodyOnlyReadsElements(
    llvm::ArrayRef<const CXXForRangeStmt *> Instances, ASTContext &Ctx) {
  if (Instances.empty())
    return false;
  ElementReads Reads(Ctx);
  for (const CXXForRangeStmt *For : Instances)
    if (!Reads.loop(*For))
      return false;
  return true;
}

/// An expression naming one object, whose evaluation has no effect.
static bool namesObjectWithoutEffects(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (E->getType().isVolatileQualified())
    return false;
  if (isa<CXXThisExpr>(E))
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return isa<VarDecl, BindingDecl>(Ref->getDecl());
  // `*p`, with p a plain pointer (`*it` is a call to operator*).
  if (const auto *Op = dyn_cast<UnaryOperator>(E))
    return Op->getOpcode() == UO_Deref &&
           Op->getSubExpr()->getType()->isPointerType() &&
           namesObjectWithoutEffects(Op->getSubExpr());
  // `a.m`, `p->m` with p a plain pointer (a class's operator-> would be a
  // call).
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return isa<FieldDecl, VarDecl>(Member->getMemberDecl()) &&
           namesObjectWithoutEffects(Member->getBase());
  // In a template: `this->m`, `a.m` with a dependent type. `->` on a
  // dependent base may be a smart pointer's operator->.
  if (const auto *Member = dyn_cast<CXXDependentScopeMemberExpr>(E))
    return !Member->hasExplicitTemplateArgs() &&
           (Member->isImplicitAccess() ||
            isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()) ||
            (!Member->isArrow() &&
             namesObjectWithoutEffects(Member->getBase())));
  return false;
}

bool rangeEvaluatesTwiceUnchanged(const CXXForRangeStmt &For) {
  const Expr *Init = For.getRangeInit();
  return !For.getInit() && Init && namesObjectWithoutEffects(Init);
}

/// Whether S, a part of a loop's body, holds a break of that loop. A
/// nested loop's or switch's body binds the breaks in it; a lambda's or
/// block's body is another function.
static bool breaksOut(const Stmt *S) {
  if (!S)
    return false;
  if (isa<BreakStmt>(S))
    return true;
  if (isa<LambdaExpr>(S) || isa<BlockExpr>(S))
    return false;
  const Stmt *Binds = nullptr;
  if (const auto *F = dyn_cast<ForStmt>(S))
    Binds = F->getBody();
  else if (const auto *W = dyn_cast<WhileStmt>(S))
    Binds = W->getBody();
  else if (const auto *D = dyn_cast<DoStmt>(S))
    Binds = D->getBody();
  else if (const auto *R = dyn_cast<CXXForRangeStmt>(S))
    Binds = R->getBody();
  else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    Binds = Sw->getBody();
  for (const Stmt *Child : S->children())
    if (Child != Binds && breaksOut(Child))
      return true;
  return false;
}

bool loopMayBreak(const CXXForRangeStmt &For) {
  return breaksOut(For.getBody());
}

} // namespace maplens
