//===--- ContainerTypes.cpp -----------------------------------------------===//

#include "analysis/ContainerTypes.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TemplateBase.h"
#include "llvm/ADT/SmallVector.h"

namespace maplens {

using namespace clang;

std::string normalizedQualifiedName(const NamedDecl *D) {
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  std::string Storage; // keeps "(anonymous)" alive
  const DeclContext *DC = D->getDeclContext();
  for (; DC && !DC->isTranslationUnit(); DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      // Inline namespaces are versioning devices (std::__1, absl::lts_...);
      // reserved ones are implementation detail (std::__debug).
      if (NS->isInline() || NS->getName().starts_with("__"))
        continue;
      Parts.push_back(NS->isAnonymousNamespace() ? llvm::StringRef("(anonymous)")
                                                 : NS->getName());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      if (!RD->getIdentifier())
        return std::string(); // members of unnamed classes: never catalogued
      Parts.push_back(RD->getName());
    } else if (isa<LinkageSpecDecl>(DC) || isa<ExportDecl>(DC)) {
      continue;
    } else {
      return std::string(); // function-local classes
    }
  }
  std::string Name;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    Name += *It;
    Name += "::";
  }
  if (!D->getIdentifier())
    return std::string();
  Name += D->getName();
  return Name;
}

static const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  return T->getAsCXXRecordDecl();
}

/// T as the match* functions compare it: references and cv-qualifiers
/// removed; null when T is null or dependent.
static QualType plainType(QualType T) {
  if (T.isNull() || T->isDependentType())
    return QualType();
  return T.getNonReferenceType().getUnqualifiedType();
}

/// The first template argument of Spec, when it is a type (the underlying
/// range of a view, the iterator of a reverse_iterator).
static QualType firstTypeArgument(const ClassTemplateSpecializationDecl *Spec) {
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type)
    return QualType();
  return Args[0].getAsType();
}

std::optional<ContainerFamily>
ContainerTypeMatcher::familyOf(const CXXRecordDecl *RD, unsigned Depth) {
  if (!RD || Depth > 16)
    return std::nullopt;
  RD = RD->getCanonicalDecl();
  auto Cached = Cache.find(RD);
  if (Cached != Cache.end())
    return Cached->second;

  std::optional<ContainerFamily> Result;
  std::string Name = normalizedQualifiedName(RD);
  if (!Name.empty())
    Result = Catalog.lookup(Name);
  // Classes derived from a container (and libraries that implement their
  // containers on a base template, such as llvm::DenseMapBase) inherit its
  // iteration.
  if (!Result) {
    if (const CXXRecordDecl *Def = RD->getDefinition()) {
      for (const CXXBaseSpecifier &Base : Def->bases()) {
        if (const CXXRecordDecl *B = recordOf(Base.getType())) {
          Result = familyOf(B, Depth + 1);
          if (Result)
            break;
        }
      }
    }
  }
  Cache[RD] = Result;
  return Result;
}

std::optional<ContainerMatch> ContainerTypeMatcher::matchContainer(QualType T) {
  T = plainType(T);
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return std::nullopt;
  std::optional<ContainerFamily> Family = familyOf(RD);
  if (!Family)
    return std::nullopt;
  return ContainerMatch{RD, *Family, T};
}

std::optional<ContainerFamily>
ContainerTypeMatcher::iteratorFamilyOf(const CXXRecordDecl *RD) {
  RD = RD->getCanonicalDecl();
  auto Cached = IteratorCache.find(RD);
  if (Cached != IteratorCache.end())
    return Cached->second;
  std::optional<ContainerFamily> Result;
  std::string Name = normalizedQualifiedName(RD);
  if (!Name.empty())
    Result = Catalog.iteratorFamily(Name);
  if (!Result)
    if (const auto *Parent = dyn_cast<CXXRecordDecl>(RD->getDeclContext()))
      Result = familyOf(Parent);
  IteratorCache[RD] = Result;
  return Result;
}

std::optional<ContainerMatch> ContainerTypeMatcher::matchIterator(QualType T) {
  T = plainType(T);
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return std::nullopt;
  const CXXRecordDecl *Iterator = RD;
  // rbegin()/rend() of the containers maplens knows.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (normalizedQualifiedName(Spec) == "std::reverse_iterator") {
      Iterator = recordOf(firstTypeArgument(Spec));
      if (!Iterator)
        return std::nullopt;
    }
  std::optional<ContainerFamily> Family = iteratorFamilyOf(Iterator);
  if (!Family)
    return std::nullopt;
  ContainerMatch M{RD, *Family, T};
  M.ThroughIterators = true;
  return M;
}

bool isStdRangeAdaptorView(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  std::string Name = normalizedQualifiedName(RD);
  llvm::StringRef N(Name);
  if (!N.consume_front("std::ranges::"))
    return false;
  // Multi-range views (zip_view, cartesian_product_view) walk several
  // ranges; their first argument still names one of them, which is enough
  // to say the loop walks that container.
  return N.ends_with("_view") && !N.contains("::");
}

std::optional<ContainerMatch> ContainerTypeMatcher::matchRange(QualType T) {
  if (std::optional<ContainerMatch> Direct = matchContainer(T))
    return Direct;
  // Unwrap std::ranges adaptors: elements_view<ref_view<map<K, V>>, 0>.
  QualType Cur = plainType(T);
  for (unsigned Depth = 0; Depth < 8 && !Cur.isNull(); ++Depth) {
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        Cur->getAsCXXRecordDecl());
    if (!Spec || !isStdRangeAdaptorView(Spec))
      return std::nullopt;
    QualType Underlying = firstTypeArgument(Spec);
    if (Underlying.isNull())
      return std::nullopt;
    Cur = Underlying.getNonReferenceType().getUnqualifiedType();
    if (std::optional<ContainerMatch> M = matchContainer(Cur)) {
      M->ThroughView = true;
      return M;
    }
  }
  return std::nullopt;
}

const Expr *findExprOfClass(const Expr *E, const CXXRecordDecl *RD) {
  if (!E || !RD)
    return nullptr;
  const CXXRecordDecl *Canon = RD->getCanonicalDecl();
  llvm::SmallVector<const Stmt *, 16> Work{E};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *X = dyn_cast<Expr>(S)) {
      QualType T = X->getType();
      if (!T.isNull()) {
        if (T->isPointerType())
          T = T->getPointeeType();
        const CXXRecordDecl *XR = recordOf(T);
        if (XR && XR->getCanonicalDecl() == Canon && !isa<CXXThisExpr>(X) &&
            !isa<ImplicitCastExpr>(X) && !isa<MaterializeTemporaryExpr>(X))
          return X;
      }
    }
    // Push children in reverse so the leftmost is examined first.
    llvm::SmallVector<const Stmt *, 4> Children(S->child_begin(),
                                                S->child_end());
    for (auto It = Children.rbegin(); It != Children.rend(); ++It)
      Work.push_back(*It);
  }
  return nullptr;
}

} // namespace maplens
