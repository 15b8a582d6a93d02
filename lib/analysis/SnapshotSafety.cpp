//===--- SnapshotSafety.cpp -----------------------------------------------===//

#include "analysis/SnapshotSafety.h"

#include "analysis/ContainerTypes.h"
#include "core/ContainerCatalog.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <optional>
#include <vector>

namespace maplens {

using namespace clang;

namespace {

/// Collects every CXXForRangeStmt outside system headers, instantiations
/// included, noting whether it sits in a dependent context.
class InstanceCollector : public RecursiveASTVisitor<InstanceCollector> {
public:
  explicit InstanceCollector(
      llvm::DenseMap<unsigned,
                     llvm::SmallVector<const CXXForRangeStmt *, 4>> &Out)
      : Out(Out) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseDecl(Decl *D) {
    bool Dependent = false;
    if (const auto *DC = dyn_cast_or_null<DeclContext>(D))
      Dependent = DC->isDependentContext();
    DependentStack.push_back(Dependent);
    bool Result = RecursiveASTVisitor::TraverseDecl(D);
    DependentStack.pop_back();
    return Result;
  }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) {
    bool Dependent = !DependentStack.empty() && DependentStack.back();
    const Expr *Init = For->getRangeInit();
    if (Dependent || !Init || Init->isInstantiationDependent() ||
        !For->getLoopVariable())
      return true;
    Out[For->getBeginLoc().getRawEncoding()].push_back(For);
    return true;
  }

private:
  llvm::DenseMap<unsigned, llvm::SmallVector<const CXXForRangeStmt *, 4>>
      &Out;
  std::vector<bool> DependentStack;
};

/// An lvalue that names one object for the whole loop: a variable, or a
/// chain of non-static data members of one, or of `this`. Two of them with
/// the same root and different members are different objects.
struct NamedObject {
  const VarDecl *Root = nullptr; ///< null: the root is `this`
  bool ThisRoot = false;
  llvm::SmallVector<const FieldDecl *, 2> Members; ///< outermost first

  bool valid() const { return Root || ThisRoot; }
  bool sameRoot(const NamedObject &O) const {
    return valid() && Root == O.Root && ThisRoot == O.ThisRoot;
  }
  bool operator==(const NamedObject &O) const {
    return sameRoot(O) && Members == O.Members;
  }

  static NamedObject of(const Expr *E) {
    NamedObject N;
    E = E->IgnoreParenImpCasts();
    while (const auto *Member = dyn_cast<MemberExpr>(E)) {
      // Union members overlap; bit-fields have no address to compare.
      const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!Field || Field->isBitField() || Field->getParent()->isUnion())
        return {};
      N.Members.insert(N.Members.begin(), Field);
      const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
      if (Member->isArrow()) {
        // Through a pointer only from `this`, which the body cannot change.
        if (!isa<CXXThisExpr>(Base))
          return {};
        N.ThisRoot = true;
        return N;
      }
      E = Base;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl())) {
        N.Root = Var;
        return N;
      }
    return {};
  }
};

/// Finds what in a loop body may change the range's structure. Structure
/// (which elements exist, and where) changes only through calls: member
/// functions of the container, or functions given non-const access to it.
/// So the scan looks at every call the body can make, following calls into
/// user code it can see, and trusts functions from system headers to touch
/// nothing but what they are handed.
///
/// A change the body makes itself (not in a function it calls) to another
/// object of the range's type is no danger if that object provably is not
/// the range, and needs a run-time check if it may be: such objects become
/// guards (SnapshotVerdict::Guards).
class ModificationScan {
public:
  ModificationScan(ASTContext &Ctx, const CXXForRangeStmt &Loop,
                   QualType RangeType, const CXXRecordDecl *Range)
      : Ctx(Ctx), Loop(Loop), RangeType(RangeType), RangeRecord(Range),
        RangeObject(NamedObject::of(Loop.getRangeInit())) {
    addTarget(Range);
  }

  /// The objects the body changes that must not be the range.
  const std::vector<const Expr *> &guards() const { return Guards; }

  /// The first expression that may modify the range, or null. Reason says
  /// which kind.
  const Stmt *scan(const Stmt *S, std::string &Reason) {
    const Stmt *Found = scanStmt(S, 0);
    Reason = this->Reason;
    return Found;
  }

private:
  // Limits that keep the cost bounded; past them the answer is "unsafe".
  static constexpr unsigned MaxDepth = 16;
  static constexpr unsigned MaxFunctions = 400;
  static constexpr unsigned MaxTypes = 4000;

  void addTarget(const CXXRecordDecl *RD) {
    if (!RD || !RD->hasDefinition())
      return;
    RD = RD->getDefinition();
    if (!Targets.insert(RD->getCanonicalDecl()).second)
      return;
    for (const CXXBaseSpecifier &B : RD->bases())
      addTarget(B.getType()->getAsCXXRecordDecl());
  }

  bool isSystem(const Decl *D) const {
    SourceLocation Loc = D->getLocation();
    const SourceManager &SM = Ctx.getSourceManager();
    return Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc));
  }

  /// The record T is or leads to by pointer, reference or array, if any.
  const Type *recordOf(QualType T) const {
    if (T.isNull())
      return nullptr;
    T = T.getNonReferenceType().getCanonicalType();
    while (true) {
      if (const auto *P = T->getAs<PointerType>())
        T = P->getPointeeType().getCanonicalType();
      else if (const auto *MP = T->getAs<MemberPointerType>())
        T = MP->getPointeeType().getCanonicalType();
      else if (const ArrayType *A = Ctx.getAsArrayType(T))
        T = A->getElementType().getCanonicalType();
      else
        break;
    }
    return T->getAsCXXRecordDecl() ? T.getUnqualifiedType().getTypePtr()
                                   : nullptr;
  }

  /// What a record holds or refers to besides its bases: the types of its
  /// fields and its type template arguments (a container's element type).
  static llvm::SmallVector<QualType, 8> memberTypes(const CXXRecordDecl *RD) {
    llvm::SmallVector<QualType, 8> Out;
    for (const FieldDecl *F : RD->fields())
      Out.push_back(F->getType());
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
        if (Arg.getKind() == TemplateArgument::Type)
          Out.push_back(Arg.getAsType());
    return Out;
  }

  /// T is the range, or holds it, or points to something that does: a
  /// search through bases, fields and template arguments. A search that
  /// finds nothing proves the same for every type it passed.
  bool mayReach(QualType Root) {
    const Type *Start = recordOf(Root);
    if (!Start)
      return false;
    auto Known = Reach.find(Start);
    if (Known != Reach.end())
      return Known->second;
    llvm::SmallPtrSet<const Type *, 32> Seen;
    llvm::SmallVector<const Type *, 32> Work{Start};
    Seen.insert(Start);
    bool Found = false;
    auto Push = [&](QualType T) {
      if (const Type *R = recordOf(T))
        if (Seen.insert(R).second)
          Work.push_back(R);
    };
    while (!Work.empty() && !Found) {
      const Type *Ty = Work.pop_back_val();
      auto Cached = Reach.find(Ty);
      if (Cached != Reach.end()) {
        Found = Cached->second;
        continue;
      }
      const CXXRecordDecl *RD = Ty->getAsCXXRecordDecl();
      if (!RD->hasDefinition() || Seen.size() > MaxTypes) {
        Found = true; // cannot look inside, or too far to look
        break;
      }
      RD = RD->getDefinition();
      if (Targets.count(RD->getCanonicalDecl())) {
        Found = true;
        break;
      }
      for (const CXXBaseSpecifier &B : RD->bases())
        Push(B.getType());
      for (QualType T : memberTypes(RD))
        Push(T);
    }
    if (Found)
      Reach[Start] = true;
    else
      for (const Type *T : Seen)
        Reach[T] = false;
    return Found;
  }

  /// Whether an argument bound to a parameter of type Param gives the
  /// callee a way to change what the argument refers to.
  bool grantsAccess(QualType Param, const Expr *Arg) {
    QualType T = Param.isNull() ? Arg->getType() : Param;
    if (T->isReferenceType()) {
      QualType Pointee = T.getNonReferenceType();
      return !Pointee.isConstQualified() && mayReach(Pointee);
    }
    if (const auto *P = T->getAs<PointerType>())
      return !P->getPointeeType().isConstQualified() &&
             mayReach(P->getPointeeType());
    // A copy: its own object, but any pointers in it still lead somewhere.
    return T->isRecordType() && mayReach(T);
  }

  /// Whether the body may change E, which a system function is handed,
  /// without changing the range: E is an object of the range's type that
  /// is provably another object, or is checked to be one at run time (it
  /// joins Guards). Only changes the body makes itself (Depth 0): inside a
  /// called function, a name may mean another object on every call.
  bool spared(const Expr *E, unsigned Depth) {
    if (Depth != 0 || !RangeRecord || rangeHoldsItsOwnType())
      return false;
    E = E->IgnoreParenImpCasts();
    if (!Ctx.hasSameUnqualifiedType(E->getType().getNonReferenceType(),
                                    RangeType))
      return false;
    NamedObject Object = NamedObject::of(E);
    if (!Object.valid() || Object == RangeObject)
      return false;
    if (Object.Root && within(Object.Root, Loop.getSourceRange()))
      // An automatic variable made by the body is not the range, which
      // existed before. A reference may be bound to anything, and a
      // variable of the init-statement cannot be named before the loop.
      return within(Object.Root, Loop.getBody()->getSourceRange()) &&
             Object.Root->hasLocalStorage() &&
             !Object.Root->getType()->isReferenceType();
    if (Object.sameRoot(RangeObject))
      return true; // other members of the same object
    if (Object.Root && RangeObject.Root &&
        !Object.Root->getType()->isReferenceType() &&
        !RangeObject.Root->getType()->isReferenceType())
      return true; // two variables that are objects, not references
    Guards.push_back(E);
    return true;
  }

  bool within(const Decl *D, SourceRange Range) const {
    const SourceManager &SM = Ctx.getSourceManager();
    return SM.isPointWithin(SM.getExpansionLoc(D->getLocation()),
                            SM.getExpansionLoc(Range.getBegin()),
                            SM.getExpansionLoc(Range.getEnd()));
  }

  /// An object of the range's type may hold another (a tree of maps):
  /// changing one may then change one it holds, whatever their addresses.
  bool rangeHoldsItsOwnType() {
    if (!SelfContaining)
      SelfContaining = holdsRange(RangeRecord, 0);
    return *SelfContaining;
  }
  /// Its bases are targets themselves (addTarget): what they hold counts.
  bool holdsRange(const CXXRecordDecl *RD, unsigned Depth) {
    if (!RD || !RD->hasDefinition() || Depth > 8)
      return true;
    RD = RD->getDefinition();
    for (QualType T : memberTypes(RD))
      if (mayReach(T))
        return true;
    for (const CXXBaseSpecifier &B : RD->bases())
      if (holdsRange(B.getType()->getAsCXXRecordDecl(), Depth + 1))
        return true;
    return false;
  }

  const Stmt *fail(const Stmt *S, const char *Why) {
    if (Reason.empty())
      Reason = Why;
    return S;
  }

  /// Scans the call operators of a callable handed to a function.
  const Stmt *scanCallable(const Expr *Arg, unsigned Depth) {
    const Expr *E = Arg->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      if (const auto *Fn = dyn_cast<FunctionDecl>(Ref->getDecl()))
        return scanFunction(Fn, Arg, Depth, /*EvenSystem=*/false);
    QualType T = E->getType().getNonReferenceType();
    if (T->isFunctionPointerType() || T->isFunctionType() ||
        T->isMemberFunctionPointerType())
      return fail(Arg, "opaque-call");
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition())
      return nullptr;
    RD = RD->getDefinition();
    for (const CXXMethodDecl *M : RD->methods()) {
      if (M->getOverloadedOperator() != OO_Call)
        continue;
      // Into system headers too: std::function calls whatever it holds.
      if (const Stmt *S = scanFunction(M, Arg, Depth, /*EvenSystem=*/true))
        return S;
    }
    // Generic lambdas and templated call operators: their instantiations.
    for (const Decl *D : RD->decls())
      if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
        if (FT->getTemplatedDecl()->getOverloadedOperator() == OO_Call)
          for (const FunctionDecl *Spec : FT->specializations())
            if (const Stmt *S =
                    scanFunction(Spec, Arg, Depth, /*EvenSystem=*/true))
              return S;
    return nullptr;
  }

  const Stmt *scanCall(const Expr *Call, const FunctionDecl *Callee,
                       const Expr *Object, llvm::ArrayRef<const Expr *> Args,
                       unsigned Depth) {
    if (!Callee)
      return fail(Call, "opaque-call");
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    if (isSystem(Callee)) {
      // Trusted to change only what it is given (see the class comment).
      if (Object && Method && !Method->isStatic() && !Method->isConst() &&
          mayReach(Object->getType()) && !spared(Object, Depth))
        return fail(Call, "body-may-modify-range");
      for (unsigned I = 0; I < Args.size(); ++I) {
        QualType Param;
        if (I < Callee->getNumParams())
          Param = Callee->getParamDecl(I)->getType();
        if (grantsAccess(Param, Args[I]) && !spared(Args[I], Depth))
          return fail(Args[I], "body-may-modify-range");
      }
      // ...but what it is given may run user code: callables.
      if (Object)
        if (const Stmt *S = scanCallable(Object, Depth))
          return S;
      for (const Expr *Arg : Args)
        if (const Stmt *S = scanCallable(Arg, Depth))
          return S;
      return nullptr;
    }
    if (Method && Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
        !Method->getParent()->hasAttr<FinalAttr>())
      return fail(Call, "opaque-call");
    return scanFunction(Callee, Call, Depth);
  }

  /// User code: whatever it does counts as done by the body.
  const Stmt *scanFunction(const FunctionDecl *FD, const Stmt *Site,
                           unsigned Depth, bool EvenSystem = false) {
    if (isSystem(FD) && !EvenSystem)
      return nullptr;
    const FunctionDecl *Def = nullptr;
    if (!FD->hasBody(Def) || !Def)
      return fail(Site, "opaque-call");
    if (!Visited.insert(Def).second)
      return nullptr; // scanned already, or being scanned (recursion)
    if (Depth >= MaxDepth || Visited.size() > MaxFunctions)
      return fail(Site, "opaque-call");
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          if (scanStmt(Init->getInit(), Depth + 1))
            return Site;
    if (scanStmt(Def->getBody(), Depth + 1))
      return Site;
    return nullptr;
  }

  const Stmt *scanDestructor(const CXXRecordDecl *RD, const Stmt *Site,
                             unsigned Depth) {
    if (!RD || !RD->hasDefinition())
      return nullptr;
    const CXXDestructorDecl *D = RD->getDefinition()->getDestructor();
    if (!D || D->isTrivial())
      return nullptr;
    return scanFunction(D, Site, Depth);
  }

  const Stmt *scanStmt(const Stmt *S, unsigned Depth) {
    if (!S)
      return nullptr;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      // Its body runs only when it is called, and calls are scanned.
      for (const Expr *Init : Lambda->capture_inits())
        if (const Stmt *Found = scanStmt(Init, Depth))
          return Found;
      return nullptr;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const Expr *Object = nullptr;
      llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
        Object = Member->getImplicitObjectArgument();
      } else if (isa<CXXOperatorCallExpr>(Call)) {
        if (isa_and_nonnull<CXXMethodDecl>(Callee) && !Args.empty()) {
          Object = Args.front();
          Args.erase(Args.begin());
        }
      } else if (!Callee && isa<CXXPseudoDestructorExpr>(
                                Call->getCallee()->IgnoreParens())) {
        Callee = nullptr; // `p->~T()` of a scalar: nothing to run
        for (const Stmt *Child : S->children())
          if (const Stmt *Found = scanStmt(Child, Depth))
            return Found;
        return nullptr;
      }
      if (const Stmt *Found = scanCall(Call, Callee, Object, Args, Depth))
        return Found;
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
      llvm::SmallVector<const Expr *, 4> Args(Construct->arguments());
      if (const Stmt *Found = scanCall(Construct, Construct->getConstructor(),
                                       nullptr, Args, Depth))
        return Found;
    } else if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S)) {
      QualType T = Delete->getDestroyedType();
      if (mayReach(T))
        return fail(Delete, "body-may-modify-range");
      if (const Stmt *Found =
              scanDestructor(T->getAsCXXRecordDecl(), Delete, Depth))
        return Found;
    } else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(S)) {
      if (const CXXDestructorDecl *D = Bind->getTemporary()->getDestructor())
        if (const Stmt *Found = scanFunction(D, Bind, Depth))
          return Found;
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          if (const Stmt *Found = scanDestructor(
                  Var->getType()->getAsCXXRecordDecl(), DS, Depth))
            return Found;
    }
    for (const Stmt *Child : S->children())
      if (const Stmt *Found = scanStmt(Child, Depth))
        return Found;
    return nullptr;
  }

  ASTContext &Ctx;
  const CXXForRangeStmt &Loop;
  QualType RangeType;
  const CXXRecordDecl *RangeRecord;
  NamedObject RangeObject;
  std::vector<const Expr *> Guards;
  /// rangeHoldsItsOwnType(), once asked.
  std::optional<bool> SelfContaining;
  llvm::SmallPtrSet<const Decl *, 8> Targets;
  llvm::DenseMap<const Type *, bool> Reach;
  llvm::SmallPtrSet<const FunctionDecl *, 32> Visited;
  std::string Reason;
};

/// The range holds its elements itself (a container, or a class derived
/// from one), so changing it means calling it. A view, span or user range
/// only refers to elements owned elsewhere, which code can change without
/// touching the range object: those are not analysed.
bool ownsElements(const CXXRecordDecl *RD, unsigned Depth = 0) {
  static const ContainerCatalog Catalog = ContainerCatalog::builtin();
  static const char *const Sequences[] = {
      "std::vector", "std::deque", "std::list", "std::forward_list",
      "std::array", "std::basic_string"};
  if (!RD || Depth > 8)
    return false;
  std::string Name = normalizedQualifiedName(RD);
  if (!Name.empty() &&
      (Catalog.lookup(Name) || llvm::is_contained(Sequences, Name)))
    return true;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    for (const CXXBaseSpecifier &B : Def->bases())
      if (ownsElements(B.getType()->getAsCXXRecordDecl(), Depth + 1))
        return true;
  return false;
}

SnapshotVerdict analyzeOne(const CXXForRangeStmt &For, ASTContext &Ctx) {
  SnapshotVerdict V;
  const Expr *Init = For.getRangeInit();
  if (!Init || !Init->isLValue()) {
    V.Reason = "range-not-lvalue";
    V.Culprit = Init;
    return V;
  }
  if (Init->getBeginLoc().isMacroID() || Init->getEndLoc().isMacroID()) {
    V.Reason = "range-in-macro";
    V.Culprit = Init;
    return V;
  }
  QualType RangeType = Init->getType().getNonReferenceType();
  const CXXRecordDecl *Range = RangeType->getAsCXXRecordDecl();
  // Arrays have no structure to change.
  if (RangeType->isArrayType() ? false : !ownsElements(Range)) {
    V.Reason = "range-not-a-container";
    V.Culprit = Init;
    return V;
  }
  ModificationScan Scan(Ctx, For, RangeType, Range);
  std::string Reason;
  if (const Stmt *Found = Scan.scan(For.getBody(), Reason)) {
    V.Reason = Reason;
    V.Culprit = Found;
    return V;
  }
  V.Safe = true;
  V.Guards = Scan.guards();
  return V;
}

} // namespace

LoopInstances::LoopInstances(ASTContext &Ctx) {
  InstanceCollector Collector(ByLocation);
  const SourceManager &SM = Ctx.getSourceManager();
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    SourceLocation Loc = D->getLocation();
    if (Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
      continue;
    Collector.TraverseDecl(D);
  }
}

llvm::SmallVector<const CXXForRangeStmt *, 4>
LoopInstances::of(const CXXForRangeStmt &Any) const {
  auto It = ByLocation.find(Any.getBeginLoc().getRawEncoding());
  llvm::SmallVector<const CXXForRangeStmt *, 4> Out;
  if (It != ByLocation.end())
    Out = It->second;
  if (!llvm::is_contained(Out, &Any) && Any.getRangeInit() &&
      !Any.getRangeInit()->isInstantiationDependent())
    Out.push_back(&Any);
  return Out;
}

SnapshotVerdict
analyzeSnapshotSafety(llvm::ArrayRef<const CXXForRangeStmt *> Instances,
                      ASTContext &Ctx) {
  if (Instances.empty()) {
    SnapshotVerdict V;
    V.Reason = "not-instantiated";
    return V;
  }
  SnapshotVerdict All;
  All.Safe = true;
  for (const CXXForRangeStmt *For : Instances) {
    SnapshotVerdict V = analyzeOne(*For, Ctx);
    if (!V.Safe)
      return V;
    llvm::append_range(All.Guards, V.Guards);
  }
  return All;
}

} // namespace maplens
