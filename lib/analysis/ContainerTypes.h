//===--- ContainerTypes.h - Is this type an associative container? -------===//
//
/// \file
/// Type-level questions every detector asks: is T (through typedefs, alias
/// templates, cv-qualifiers, references and base classes) one of the
/// catalogued containers, and is T a `std::ranges` view over one.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_ANALYSIS_CONTAINERTYPES_H
#define MAPLENS_ANALYSIS_CONTAINERTYPES_H

#include "core/ContainerCatalog.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>

namespace maplens {

/// The qualified name of D with inline namespaces (`std::__1`,
/// `absl::lts_2024...`) and reserved implementation namespaces (`__debug`,
/// `__cxx1998`) left out, and no template arguments: `std::map`.
std::string normalizedQualifiedName(const clang::NamedDecl *D);

struct ContainerMatch {
  /// The class the code uses: the container itself or a class derived
  /// from one.
  const clang::CXXRecordDecl *Record = nullptr;
  ContainerFamily Family = ContainerFamily::Other;
  /// The container type (sugar kept, cv and references removed). For a view
  /// this is the type of the underlying container.
  clang::QualType Type;
  /// True when the range is a std::ranges view over the container.
  bool ThroughView = false;
  /// True when only the container's iterators are seen (matchIterator):
  /// Record and Type are then the iterator's.
  bool ThroughIterators = false;
};

/// Answers type questions against one catalog; caches per class, so keep one
/// per translation unit.
class ContainerTypeMatcher {
public:
  explicit ContainerTypeMatcher(const ContainerCatalog &Catalog)
      : Catalog(Catalog) {}

  /// T names a catalogued container (or a class derived from one).
  std::optional<ContainerMatch> matchContainer(clang::QualType T);

  /// Like matchContainer, and also accepts std::ranges views (ref_view,
  /// owning_view, elements_view, transform_view, filter_view, reverse_view,
  /// take_view, drop_view, ...) whose underlying range is a container.
  std::optional<ContainerMatch> matchRange(clang::QualType T);

  /// T is an iterator of a catalogued container: a class nested in one
  /// (`QMap<K, V>::iterator`), a standard library's iterator class
  /// (ContainerCatalog::iteratorFamily), or a std::reverse_iterator of
  /// either. For code that sees only iterators: `template <class It> f(It b,
  /// It e)` instantiated with a map's, `std::ranges::subrange(b, e)`, a class
  /// whose begin() returns a map's iterators.
  std::optional<ContainerMatch> matchIterator(clang::QualType T);

private:
  std::optional<ContainerFamily> familyOf(const clang::CXXRecordDecl *RD,
                                          unsigned Depth = 0);
  std::optional<ContainerFamily>
  iteratorFamilyOf(const clang::CXXRecordDecl *RD);

  const ContainerCatalog &Catalog;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::optional<ContainerFamily>>
      Cache;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::optional<ContainerFamily>>
      IteratorCache;
};

/// True for class templates of the standard ranges library that adapt a
/// single underlying range (their first template argument).
bool isStdRangeAdaptorView(const clang::CXXRecordDecl *RD);

/// The first expression inside E (pre-order, E itself included) whose type
/// is the class RD: used to recover how the code names the container inside
/// `std::views::keys(index)` or `m.begin()`.
const clang::Expr *findExprOfClass(const clang::Expr *E,
                                   const clang::CXXRecordDecl *RD);

} // namespace maplens

#endif // MAPLENS_ANALYSIS_CONTAINERTYPES_H
