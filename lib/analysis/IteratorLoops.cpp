//===--- IteratorLoops.cpp ------------------------------------------------===//

#include "analysis/IteratorLoops.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/StringSwitch.h"

namespace maplens {

using namespace clang;

/// Strips what the compiler adds around an iterator expression: implicit
/// casts, temporaries, copy/converting constructors (iterator to
/// const_iterator), parentheses.
static const Expr *stripIteratorWrappers(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
      if (Construct->getNumArgs() >= 1 && !isa<CXXTemporaryObjectExpr>(E))
        E = Construct->getArg(0);
    } else if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = Cast->getSubExpr();
    }
    if (E == Prev)
      break;
  }
  return E;
}

static bool isStartMember(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Case("begin", true).Case("cbegin", true).Case("rbegin", true).Case("crbegin", true)
      .Default(false);
}

static bool isAnyIteratorMember(llvm::StringRef Name) {
  return isStartMember(Name) ||
         llvm::StringSwitch<bool>(Name)
             .Case("end", true).Case("cend", true).Case("rend", true).Case("crend", true)
             .Case("find", true).Case("lower_bound", true).Case("upper_bound", true)
             .Default(false);
}

/// `it`, also as the operand of a prefix increment: `while (++it != e)`.
static const DeclRefExpr *asVarRef(const Expr *E) {
  E = stripIteratorWrappers(E);
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(E)) {
    if (U->isIncrementDecrementOp())
      E = stripIteratorWrappers(U->getSubExpr());
  } else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(E)) {
    if ((Op->getOperator() == OO_PlusPlus ||
         Op->getOperator() == OO_MinusMinus) &&
        Op->getNumArgs() >= 1)
      E = stripIteratorWrappers(Op->getArg(0));
  }
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
  if (!Ref || !isa<VarDecl>(Ref->getDecl()))
    return nullptr;
  return Ref;
}

static std::optional<IteratorSource>
fromObject(const Expr *Object, ContainerTypeMatcher &Types) {
  if (!Object)
    return std::nullopt;
  // Members inherited from a base are called through a derived-to-base
  // cast; the container is the object as the code names it.
  Object = Object->IgnoreParenImpCasts();
  QualType T = Object->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  std::optional<ContainerMatch> M = Types.matchContainer(T);
  if (!M)
    return std::nullopt;
  IteratorSource S;
  S.Container = *M;
  S.ContainerExpr = Object;
  return S;
}

std::optional<IteratorSource> matchIteratorSource(const Expr *E,
                                                  ContainerTypeMatcher &Types,
                                                  IteratorRole Role) {
  E = stripIteratorWrappers(E);
  if (!E)
    return std::nullopt;
  auto Accept = [&](llvm::StringRef Name) {
    return Role == IteratorRole::Start ? isStartMember(Name)
                                       : isAnyIteratorMember(Name);
  };

  // m.begin(), p->end(), m.find(k)
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = Call->getMethodDecl();
    if (MD && MD->getIdentifier() && Accept(MD->getName()))
      return fromObject(Call->getImplicitObjectArgument(), Types);
    return std::nullopt;
  }
  // std::begin(m), std::cend(m), std::ranges::begin(m) is a CPO object
  // call and rarely used in loops; free functions cover the common forms.
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    // std::get<0>(r) with `r = m.equal_range(k)`: how structured bindings
    // of a pair (`auto [b, e] = m.equal_range(k)`) reach their elements.
    if (Role == IteratorRole::Any && FD && FD->getIdentifier() &&
        FD->getName() == "get" && Call->getNumArgs() == 1 &&
        normalizedQualifiedName(FD) == "std::get") {
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(stripIteratorWrappers(Call->getArg(0))))
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          if (const auto *Range = dyn_cast_or_null<CXXMemberCallExpr>(
                  stripIteratorWrappers(Var->getInit())))
            if (const CXXMethodDecl *MD = Range->getMethodDecl();
                MD && MD->getIdentifier() && MD->getName() == "equal_range")
              return fromObject(Range->getImplicitObjectArgument(), Types);
      return std::nullopt;
    }
    if (FD && FD->getIdentifier() && Call->getNumArgs() == 1 &&
        Accept(FD->getName()) &&
        normalizedQualifiedName(FD).rfind("std::", 0) == 0)
      return fromObject(Call->getArg(0), Types);
    return std::nullopt;
  }
  if (Role == IteratorRole::Start)
    return std::nullopt;
  // m.equal_range(k).first / .second
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const ValueDecl *Field = Member->getMemberDecl();
    if (Field->getIdentifier() &&
        (Field->getName() == "first" || Field->getName() == "second")) {
      const Expr *Base = stripIteratorWrappers(Member->getBase());
      // `range.first` with `auto range = m.equal_range(k)`.
      if (const auto *BaseRef = dyn_cast<DeclRefExpr>(Base))
        if (const auto *BaseVar = dyn_cast<VarDecl>(BaseRef->getDecl()))
          if (BaseVar->getInit())
            Base = stripIteratorWrappers(BaseVar->getInit());
      const auto *Call = dyn_cast<CXXMemberCallExpr>(Base);
      const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
      if (MD && MD->getIdentifier() && MD->getName() == "equal_range")
        return fromObject(Call->getImplicitObjectArgument(), Types);
    }
    return std::nullopt;
  }
  // `b` and `e` of `auto [b, e] = m.equal_range(k)`.
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Binding = dyn_cast<BindingDecl>(Ref->getDecl()))
      if (const Expr *Bound = Binding->getBinding())
        return matchIteratorSource(Bound, Types, IteratorRole::Any);
  // `e` in `for (auto it = m.begin(), e = m.end(); it != e; ++it)`.
  if (const DeclRefExpr *Ref = asVarRef(E)) {
    const auto *VD = cast<VarDecl>(Ref->getDecl());
    if (const Expr *Init = VD->getInit()) {
      const Expr *Stripped = stripIteratorWrappers(Init);
      if (Stripped != E && !isa<DeclRefExpr>(Stripped))
        return matchIteratorSource(Stripped, Types, IteratorRole::Any);
    }
  }
  return std::nullopt;
}

namespace {

/// The operands of an equality comparison, overloaded or built in,
/// including C++20's rewritten `a != b` -> `!(a == b)`.
struct Comparison {
  const Expr *LHS = nullptr;
  const Expr *RHS = nullptr;
  bool NotEqual = false; ///< `!=` rather than `==`
};

std::optional<Comparison> asEqualityComparison(const Stmt *S) {
  if (const auto *Rewritten = dyn_cast<CXXRewrittenBinaryOperator>(S)) {
    if (Rewritten->getOpcode() == BO_NE || Rewritten->getOpcode() == BO_EQ)
      return Comparison{Rewritten->getLHS(), Rewritten->getRHS(),
                        Rewritten->getOpcode() == BO_NE};
    return std::nullopt;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    OverloadedOperatorKind K = Op->getOperator();
    if ((K == OO_ExclaimEqual || K == OO_EqualEqual) && Op->getNumArgs() == 2)
      return Comparison{Op->getArg(0), Op->getArg(1), K == OO_ExclaimEqual};
    return std::nullopt;
  }
  if (const auto *Op = dyn_cast<BinaryOperator>(S)) {
    if (Op->getOpcode() == BO_NE || Op->getOpcode() == BO_EQ)
      return Comparison{Op->getLHS(), Op->getRHS(), Op->getOpcode() == BO_NE};
  }
  return std::nullopt;
}

/// Comparisons reachable in a loop condition through && || ! and
/// parentheses; not into lambdas or nested calls' arguments.
void collectComparisons(const Stmt *S, llvm::SmallVectorImpl<Comparison> &Out) {
  if (!S)
    return;
  if (std::optional<Comparison> C = asEqualityComparison(S)) {
    Out.push_back(*C);
    return;
  }
  if (isa<LambdaExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    collectComparisons(Child, Out);
}

bool refersTo(const Expr *E, const VarDecl *V) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
      E ? E->IgnoreImplicit()->IgnoreParens() : nullptr);
  return Ref && Ref->getDecl() == V;
}

bool isStdFunction(const CallExpr *Call, std::initializer_list<const char *> Names) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return false;
  std::string Q = normalizedQualifiedName(FD);
  for (const char *N : Names)
    if (Q == std::string("std::") + N)
      return true;
  return false;
}

/// True if S changes V the way a walk does.
bool advances(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *U = dyn_cast<UnaryOperator>(S)) {
    if (U->isIncrementDecrementOp() && refersTo(U->getSubExpr(), V))
      return true;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    OverloadedOperatorKind K = Op->getOperator();
    if ((K == OO_PlusPlus || K == OO_MinusMinus || K == OO_PlusEqual ||
         K == OO_MinusEqual) &&
        Op->getNumArgs() >= 1 && refersTo(Op->getArg(0), V))
      return true;
    if (K == OO_Equal && Op->getNumArgs() == 2 && refersTo(Op->getArg(0), V)) {
      // it = m.erase(it); it = std::next(it);
      const Expr *RHS = stripIteratorWrappers(Op->getArg(1));
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(RHS)) {
        const CXXMethodDecl *MD = MC->getMethodDecl();
        if (MD && MD->getIdentifier() && MD->getName() == "erase")
          return true;
      }
      if (const auto *C = dyn_cast<CallExpr>(RHS))
        if (isStdFunction(C, {"next", "prev"}))
          return true;
    }
  } else if (const auto *B = dyn_cast<BinaryOperator>(S)) {
    // Pointer-like iterators.
    if ((B->getOpcode() == BO_AddAssign || B->getOpcode() == BO_SubAssign) &&
        refersTo(B->getLHS(), V))
      return true;
  } else if (const auto *C = dyn_cast<CallExpr>(S)) {
    if (C->getNumArgs() >= 1 && refersTo(C->getArg(0), V) &&
        isStdFunction(C, {"advance"}))
      return true;
  }
  for (const Stmt *Child : S->children())
    if (advances(Child, V))
      return true;
  return false;
}

/// True if E names an end iterator: m.end(), std::cend(m), m.rend()..., or
/// a variable initialized from one.
bool isEndIterator(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1)
      return isEndIterator(Construct->getArg(0));
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    return Var && Var->getInit() && isEndIterator(Var->getInit());
  }
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(E))
    Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  llvm::StringRef Name = Callee->getName();
  return Name == "end" || Name == "cend" || Name == "rend" || Name == "crend";
}

/// True if Cond is `It != END` (either way round), possibly the first
/// operand of `&&`: then *It is an element whenever the body runs.
bool conditionGuardsElement(const Expr *Cond, const VarDecl *It) {
  if (!Cond)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *And = dyn_cast<BinaryOperator>(Cond))
    if (And->getOpcode() == BO_LAnd)
      return conditionGuardsElement(And->getLHS(), It);
  std::optional<Comparison> C = asEqualityComparison(Cond);
  if (!C || !C->NotEqual)
    return false;
  return (refersTo(C->LHS, It) && isEndIterator(C->RHS)) ||
         (refersTo(C->RHS, It) && isEndIterator(C->LHS));
}

} // namespace

/// Code that sees only iterators, such as `template <class It> ... for (;
/// b != e; ++b)` instantiated with a map's: the variable and what it is
/// compared with are both iterators of a catalogued container.
static std::optional<IteratorSource>
iteratorsOnly(const VarDecl *Var, const Expr *Other,
              ContainerTypeMatcher &Types) {
  std::optional<ContainerMatch> Mine = Types.matchIterator(Var->getType());
  if (!Mine || !Types.matchIterator(Other->IgnoreImplicit()->getType()))
    return std::nullopt;
  IteratorSource Source;
  Source.Container = *Mine;
  return Source;
}

std::optional<IteratorLoopMatch> matchIteratorLoop(const Stmt *Loop,
                                                   ContainerTypeMatcher &Types) {
  const Expr *Cond = nullptr;
  const Stmt *Body = nullptr;
  const Stmt *Inc = nullptr;
  if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    Cond = For->getCond();
    Body = For->getBody();
    Inc = For->getInc();
  } else if (const auto *While = dyn_cast<WhileStmt>(Loop)) {
    Cond = While->getCond();
    Body = While->getBody();
  } else if (const auto *Do = dyn_cast<DoStmt>(Loop)) {
    Cond = Do->getCond();
    Body = Do->getBody();
  }
  if (!Cond)
    return std::nullopt;

  llvm::SmallVector<Comparison, 2> Comparisons;
  collectComparisons(Cond, Comparisons);
  for (const Comparison &C : Comparisons) {
    for (int Side = 0; Side < 2; ++Side) {
      const Expr *Mine = Side == 0 ? C.LHS : C.RHS;
      const Expr *Other = Side == 0 ? C.RHS : C.LHS;
      const DeclRefExpr *Ref = asVarRef(Mine);
      if (!Ref)
        continue;
      const auto *Var = cast<VarDecl>(Ref->getDecl());
      // The container is named by the other side (`!= m.end()`, `!= e`)
      // or by the variable's own initializer (`it = m.begin()`).
      std::optional<IteratorSource> Source =
          matchIteratorSource(Other, Types, IteratorRole::Any);
      if (!Source && Var->getInit())
        Source = matchIteratorSource(Var->getInit(), Types, IteratorRole::Any);
      if (!Source)
        Source = iteratorsOnly(Var, Other, Types);
      if (!Source)
        continue;
      if (!advances(Inc, Var) && !advances(Body, Var) &&
          !advances(Cond, Var))
        continue;
      IteratorLoopMatch M;
      M.Source = *Source;
      M.IteratorVar = Var;
      M.Body = Body;
      M.PointsAtElement = conditionGuardsElement(Cond, Var);
      return M;
    }
  }
  return std::nullopt;
}

} // namespace maplens
