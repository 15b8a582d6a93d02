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

/// The outermost namespace D is declared in ("" at global scope).
StringRef outermostNamespace(const Decl *D) {
  const NamespaceDecl *Outer = nullptr;
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      Outer = NS;
  return Outer ? Outer->getName() : StringRef();
}

/// Declared in the standard library's namespaces (libstdc++ puts some of
/// its iterators in `__gnu_cxx`).
bool inStdNamespace(const Decl *D) {
  StringRef NS = outermostNamespace(D);
  return NS == "std" || NS == "__gnu_cxx";
}

/// What a class of the standard library is to the calls a body makes on
/// it. Containers own what they hold: a reference one of their members
/// returns is into their own storage, and they copy what they are handed.
/// Iterators and views refer to storage they do not own. Anything else
/// (std::function, std::reference_wrapper, allocators...) may run user
/// code or write through what it holds.
enum class StdClass { NotStd, Owning, Refers, Other };

StdClass stdClassOf(const CXXRecordDecl *RD, const SourceManager &SM) {
  if (!RD || !isSystem(RD, SM))
    return StdClass::NotStd;
  if (!inStdNamespace(RD))
    return StdClass::NotStd;
  static const char *const Owning[] = {"vector",        "deque",
                                       "list",          "forward_list",
                                       "map",           "multimap",
                                       "set",           "multiset",
                                       "unordered_map", "unordered_multimap",
                                       "unordered_set", "unordered_multiset",
                                       "basic_string",  "array",
                                       "pair",          "tuple",
                                       "optional"};
  StringRef Name = RD->getName();
  if (llvm::is_contained(Owning, Name))
    return StdClass::Owning;
  // Output iterators write into a container or stream on assignment.
  if (Name.contains("iterator") && !Name.contains("insert") &&
      !Name.contains("stream"))
    return StdClass::Refers;
  if (Name == "basic_string_view" || Name == "span")
    return StdClass::Refers;
  return StdClass::Other;
}

/// A value of type T refers to nothing: a number, or a standard container
/// or string of such (not a pair of iterators, as `equal_range` returns,
/// nor a tuple of references, as `std::tie` does).
bool refersToNothing(QualType T, const SourceManager &SM, unsigned Depth = 0) {
  T = T.getCanonicalType();
  if (T->isArithmeticType() || T->isEnumeralType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || Depth > 4 || stdClassOf(RD, SM) != StdClass::Owning)
    return false;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
      if (Arg.getKind() != TemplateArgument::Type)
        continue;
      QualType A = Arg.getAsType();
      // The standard allocator and traits hold nothing.
      if (const CXXRecordDecl *ARD = A->getAsCXXRecordDecl())
        if (stdClassOf(ARD, SM) != StdClass::NotStd &&
            (ARD->getName() == "allocator" || ARD->getName() == "char_traits"))
          continue;
      if (!refersToNothing(A, SM, Depth + 1))
        return false;
    }
  return true;
}

/// The object a call of a non-static member function is made on.
const Expr *objectOf(const CallExpr *Call) {
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(Call))
    return M->getImplicitObjectArgument();
  if (isa<CXXOperatorCallExpr>(Call) && Call->getNumArgs() > 0)
    return Call->getArg(0);
  return nullptr;
}

/// The first of Call's arguments that binds a parameter of Callee: an
/// operator call of a member has its object as argument 0.
unsigned firstParameterArgument(const CallExpr *Call,
                                const FunctionDecl *Callee) {
  const auto *M = dyn_cast<CXXMethodDecl>(Callee);
  return isa<CXXOperatorCallExpr>(Call) && M && M->isInstance() ? 1 : 0;
}

/// The parameter of Callee that Arg, one of Call's arguments, binds; null
/// if Arg is none of them, is the object, or is a C variadic argument.
const ParmVarDecl *parameterBoundTo(const CallExpr *Call,
                                    const FunctionDecl *Callee,
                                    const Expr *Arg) {
  const unsigned First = firstParameterArgument(Call, Callee);
  for (unsigned I = First; I < Call->getNumArgs(); ++I)
    if (Call->getArg(I) == Arg)
      return I - First < Callee->getNumParams()
                 ? Callee->getParamDecl(I - First)
                 : nullptr;
  return nullptr;
}

/// The function a call of the standard library (declared in a system
/// header) calls; null for other calls, and for call operators, which run
/// whatever they wrap.
const FunctionDecl *systemCallee(const CallExpr *Call,
                                 const SourceManager &SM) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !isSystem(FD, SM) || FD->getOverloadedOperator() == OO_Call)
    return nullptr;
  return FD;
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
    collectElementParts(T.getNonReferenceType());
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
  static constexpr unsigned MaxElementParts = 64;

  const SourceManager &SM() const { return Ctx.getSourceManager(); }

  /// The types an element of the range is made of: itself, its bases,
  /// fields and type template arguments (what a vector in it holds),
  /// transitively. An object of any other type is not inside an element.
  void collectElementParts(QualType Element) {
    AnyElementPart = !collectParts(Element, ElementParts);
  }
  /// The types T is made of, into Parts; false if there are too many to
  /// tell apart, or a record without a definition.
  bool collectParts(QualType Root,
                    llvm::SmallPtrSetImpl<const Type *> &Parts) const {
    Parts.clear();
    llvm::SmallVector<QualType, 16> Work{Root};
    while (!Work.empty()) {
      QualType T = Work.pop_back_val().getCanonicalType().getUnqualifiedType();
      if (!Parts.insert(T.getTypePtr()).second)
        continue;
      if (Parts.size() > MaxElementParts)
        return false;
      if (const auto *P = T->getAs<PointerType>())
        Work.push_back(P->getPointeeType());
      else if (const ArrayType *A = Ctx.getAsArrayType(T))
        Work.push_back(A->getElementType());
      const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
      if (!RD)
        continue;
      if (!RD->hasDefinition())
        return false;
      RD = RD->getDefinition();
      for (const CXXBaseSpecifier &B : RD->bases())
        Work.push_back(B.getType());
      for (const FieldDecl *F : RD->fields())
        Work.push_back(F->getType().getNonReferenceType());
      if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
        for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
          if (Arg.getKind() == TemplateArgument::Type)
            Work.push_back(Arg.getAsType());
    }
    return true;
  }
  bool mayBeElementPart(QualType T) const {
    if (AnyElementPart || T.isNull())
      return true;
    T = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
    return ElementParts.count(T.getTypePtr()) != 0;
  }

  /// An object of type T may be the range or hold it (a container of
  /// maps, a struct with the map as a member): a standard call that writes
  /// it may write the elements the loop walks (`m.at(k) = v`).
  bool mayHoldRange(QualType T) const {
    if (RangeType.isNull())
      return true;
    llvm::SmallPtrSet<const Type *, 16> Parts;
    if (!collectParts(T.getNonReferenceType(), Parts))
      return true;
    return Parts.count(RangeType.getCanonicalType()
                           .getUnqualifiedType()
                           .getTypePtr()) != 0;
  }

  /// The object of a call that writes it is neither inside an element nor
  /// the range or something that holds it.
  bool writableObject(const Expr *Object) const {
    return !mayHoldRange(Object->getType()) &&
           (separateObject(Object) || containerSlot(Object));
  }

  /// E is an object that cannot lie inside an element of the range: a
  /// variable that is not a reference, or a reference (or what `this` or a
  /// plain pointer points to) whose type no element is made of; or a field
  /// of one of those. Elements live in the range's nodes, so a variable or
  /// a field is never one, and a reference or pointer can only point into
  /// one if its type is one of the element's parts.
  bool separateObject(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    while (const auto *M = dyn_cast<MemberExpr>(E)) {
      const ValueDecl *Member = M->getMemberDecl();
      if (!isa<FieldDecl>(Member))
        return false;
      if (Member->getType()->isReferenceType())
        return !mayBeElementPart(Member->getType());
      if (M->isArrow())
        return !mayBeElementPart(M->getBase()->getType()->getPointeeType());
      E = M->getBase()->IgnoreParenImpCasts();
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!V)
      return false;
    return !V->getType()->isReferenceType() || !mayBeElementPart(V->getType());
  }

  /// E is a reference a standard container's member returned into its own
  /// storage (`other[k]`, `v.back()`), the container a separate object or
  /// itself such a reference.
  bool containerSlot(const Expr *E) const {
    const auto *Call = dyn_cast<CallExpr>(E->IgnoreParens());
    const auto *M =
        Call ? dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee())
             : nullptr;
    if (!M || !M->isInstance() ||
        !M->getReturnType()->isLValueReferenceType() ||
        stdClassOf(M->getParent(), SM()) != StdClass::Owning)
      return false;
    const Expr *Object = objectOf(Call);
    return Object && writableObject(Object);
  }

  /// A class that a call of the standard library would call back into:
  /// a lambda or another user type with a call operator.
  static bool isCallable(QualType T) {
    const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return false;
    if (RD->isLambda())
      return true;
    for (const CXXMethodDecl *M : RD->getDefinition()->methods())
      if (M->getOverloadedOperator() == OO_Call)
        return true;
    return false;
  }

  /// A call of the standard library that stores only into objects that are
  /// not the range's elements:
  ///  - const members of containers, iterators and views;
  ///  - other members of a container that is a separate object (or a slot
  ///    of one), which write into its own storage;
  ///  - `++`, `--`, `+=`, `-=` of an iterator that is a separate object;
  ///  - functions (not members) whose parameters are numbers by value or
  ///    const references to numbers or to standard containers, iterators
  ///    and views (`std::fabs`, `it != end`);
  /// and whose non-const reference arguments are separate objects or
  /// temporaries, and which are handed no pointer to non-const and nothing
  /// callable (a comparator or predicate would run user code).
  bool stdCallStoresOnlyOwnData(const CallExpr *Call) const {
    const FunctionDecl *FD = systemCallee(Call, SM());
    if (!FD)
      return false;
    const auto *M = dyn_cast<CXXMethodDecl>(FD);
    if (M && M->isInstance()) {
      const Expr *Object = objectOf(Call);
      if (!Object)
        return false;
      StdClass K = stdClassOf(M->getParent(), SM());
      if (K != StdClass::Owning && K != StdClass::Refers)
        return false;
      if (!M->isConst()) {
        OverloadedOperatorKind Op = M->getOverloadedOperator();
        bool Moves = Op == OO_PlusPlus || Op == OO_MinusMinus ||
                     Op == OO_PlusEqual || Op == OO_MinusEqual;
        if (K == StdClass::Refers ? !(Moves && separateObject(Object))
                                  : !writableObject(Object))
          return false;
      }
    } else {
      // The C library's functions too (`::fabs`, which `std::fabs` is).
      if (!inStdNamespace(FD) && !outermostNamespace(FD).empty())
        return false;
      for (const ParmVarDecl *P : FD->parameters()) {
        QualType T = P->getType();
        if (T->isArithmeticType() || T->isEnumeralType())
          continue;
        if (!T->isLValueReferenceType() ||
            !T.getNonReferenceType().isConstQualified())
          return false;
        QualType U = T.getNonReferenceType();
        if (U->isArithmeticType() || U->isEnumeralType())
          continue;
        const CXXRecordDecl *RD = U->getAsCXXRecordDecl();
        StdClass K = stdClassOf(RD, SM());
        if (K != StdClass::Owning && K != StdClass::Refers)
          return false;
      }
    }
    for (unsigned I = firstParameterArgument(Call, FD); I < Call->getNumArgs();
         ++I) {
      const ParmVarDecl *P = parameterBoundTo(Call, FD, Call->getArg(I));
      if (!P)
        return false; // a C variadic argument
      QualType T = P->getType();
      if (isCallable(T))
        return false;
      if (T->isPointerType() && !T->getPointeeType().isConstQualified())
        return false;
      if (T->isReferenceType() && !T.getNonReferenceType().isConstQualified()) {
        const Expr *Arg = Call->getArg(I)->IgnoreParenImpCasts();
        if (!isa<MaterializeTemporaryExpr>(Arg) &&
            !(separateObject(Arg) && !mayHoldRange(Arg->getType())))
          return false;
      }
    }
    return true;
  }

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
          !isOtherRangeSubscript(B->getLHS(), Depth) &&
          !containerSlot(B->getLHS()))
        return false;
    } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
      if (U->isIncrementDecrementOp() && !isLocalObject(U->getSubExpr()) &&
          !isOtherRangeSubscript(U->getSubExpr(), Depth) &&
          !containerSlot(U->getSubExpr()))
        return false;
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (!isOtherRangeSubscript(Call, Depth) &&
          !stdCallStoresOnlyOwnData(Call) &&
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
        if (M->isArrow())
          return false;
        if (isa<CXXMethodDecl>(M->getMemberDecl())) {
          // A user's method could return `this`; a standard container's
          // const members return values or references into it.
          const auto *Call =
              dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(M));
          if (!Call || Call->getCallee()->IgnoreParens() != M)
            return false;
          int Read = readThroughStdMember(Call);
          if (Read >= 0)
            return Read;
          Cur = Call;
          continue;
        }
        if (!isa<FieldDecl>(M->getMemberDecl()))
          return false;
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
        // A copy of a string or container is a new object.
        return Ctor->isCopyOrMoveConstructor() &&
               (Ctor->isTrivial() ||
                stdClassOf(Ctor->getParent(), SM()) == StdClass::Owning);
      }
      if (const auto *DS = dyn_cast<DeclStmt>(P))
        return readsThroughDeclaration(DS, Cur, PM, Depth);
      if (const auto *Trait = dyn_cast<UnaryExprOrTypeTraitExpr>(P))
        return Trait->getKind() == UETT_SizeOf ||
               Trait->getKind() == UETT_AlignOf;
      if (const auto *Call = dyn_cast<CallExpr>(P)) {
        // `outs[i]`: an operator that is a const member of a container.
        if (isa<CXXOperatorCallExpr>(Call) && objectOf(Call) == Cur &&
            isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee())) {
          int Read = readThroughStdMember(Call);
          if (Read >= 0)
            return Read;
          Cur = Call;
          continue;
        }
        // The key of `other[k]` is copied into a node if it is inserted,
        // never kept by reference.
        return (isOtherRangeSubscript(Call, Depth) && Call->getArg(1) == Cur) ||
               passedToStdReader(Call, cast<Expr>(Cur)) ||
               passedToReader(Call, cast<Expr>(Cur), Depth);
      }
      return false;
    }
  }

  /// Call is a member call on (a part of) the element. 1: it reads a value
  /// (a number, or a new string or container of numbers); -1: it returns a const
  /// reference into the element, whose uses decide; 0: anything else
  /// (a pointer or iterator into it, a user's member, a non-const one).
  int readThroughStdMember(const CallExpr *Call) const {
    const auto *M = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
    if (!M || !M->isConst() || M->getOverloadedOperator() == OO_Call ||
        stdClassOf(M->getParent(), SM()) != StdClass::Owning)
      return 0;
    for (const Expr *Arg : Call->arguments())
      if (Arg != objectOf(Call) && isCallable(Arg->getType()))
        return 0;
    QualType R = M->getReturnType();
    if (R->isLValueReferenceType())
      return R.getNonReferenceType().isConstQualified() ? -1 : 0;
    return R->isVoidType() || refersToNothing(R, SM()) ? 1 : 0;
  }

  /// Arg, a part of the element, is handed by const reference (or by
  /// value) to a member of a standard container, which copies what it
  /// keeps (`counts[k]`, `out.push_back(v)`), or to a function of the
  /// standard library that returns a number or a new container (`a == b`
  /// on strings). Functions returning references may return Arg's
  /// (`std::max`).
  bool passedToStdReader(const CallExpr *Call, const Expr *Arg) const {
    const FunctionDecl *FD = systemCallee(Call, SM());
    if (!FD)
      return false;
    const auto *M = dyn_cast<CXXMethodDecl>(FD);
    if (M && M->isInstance()) {
      if (stdClassOf(M->getParent(), SM()) != StdClass::Owning)
        return false;
    } else {
      if (!inStdNamespace(FD))
        return false;
      QualType R = FD->getReturnType();
      if (!R->isVoidType() && !refersToNothing(R, SM()))
        return false;
    }
    const ParmVarDecl *P = parameterBoundTo(Call, FD, Arg);
    return P && P->getType()->isLValueReferenceType() &&
           P->getType().getNonReferenceType().isConstQualified();
  }

  /// Cur, a part of the element, initializes a declared variable: a const
  /// reference only read in the statement it is declared in, or the range
  /// of a nested range-based for over a standard container whose loop
  /// variable is a copy of a number or container, or a const reference
  /// only read.
  bool readsThroughDeclaration(const DeclStmt *DS, const Stmt *Cur,
                               ParentMap &PM, unsigned Depth) {
    if (!DS->isSingleDecl())
      return false;
    const auto *V = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (!V || V->getInit() != Cur)
      return false;
    QualType T = V->getType();
    if (!T->isLValueReferenceType() ||
        !T.getNonReferenceType().isConstQualified())
      return false;
    const Stmt *Scope = PM.getParent(DS);
    const auto *Inner = dyn_cast_or_null<CXXForRangeStmt>(Scope);
    if (!Inner) {
      llvm::SmallPtrSet<const ValueDecl *, 4> Names{V};
      return Scope && onlyRead(Scope, Names, Depth + 1);
    }
    if (Inner->getRangeStmt() != DS)
      return false;
    const CXXRecordDecl *RangeClass =
        T.getNonReferenceType()->getAsCXXRecordDecl();
    if (stdClassOf(RangeClass, SM()) != StdClass::Owning)
      return false;
    const VarDecl *Var = Inner->getLoopVariable();
    QualType VT = Var->getType();
    if (!VT->isReferenceType()) {
      const CXXRecordDecl *RD = VT->getAsCXXRecordDecl();
      return !RD || RD->isTriviallyCopyable() ||
             stdClassOf(RD, SM()) == StdClass::Owning;
    }
    if (!VT.getNonReferenceType().isConstQualified())
      return false;
    llvm::SmallPtrSet<const ValueDecl *, 4> Names{Var};
    if (const auto *DD = dyn_cast<DecompositionDecl>(Var))
      for (const BindingDecl *B : DD->bindings())
        Names.insert(B);
    return onlyRead(Inner->getBody(), Names, Depth + 1);
  }

  /// Arg is bound to a `const T &` parameter of a user function that only
  /// reads it.
  bool passedToReader(const CallExpr *Call, const Expr *Arg,
                      unsigned Depth) {
    const FunctionDecl *Def = definition(Call->getDirectCallee());
    if (!Def)
      return false;
    const ParmVarDecl *Param = parameterBoundTo(Call, Def, Arg);
    if (!Param)
      return false;
    QualType T = Param->getType();
    if (!T->isLValueReferenceType() ||
        !T.getNonReferenceType().isConstQualified())
      return false;
    llvm::SmallPtrSet<const ValueDecl *, 4> Names{Param};
    return onlyRead(Def->getBody(), Names, Depth + 1);
  }

  ASTContext &Ctx;
  /// The type of the range of the loop being looked at.
  QualType RangeType;
  /// The types its elements are made of (collectElementParts).
  llvm::SmallPtrSet<const Type *, 16> ElementParts;
  bool AnyElementPart = false;
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
