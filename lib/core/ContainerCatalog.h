//===--- ContainerCatalog.h - Which class templates are associative ------===//
//
/// \file
/// The list of associative containers maplens knows, by normalized qualified
/// name (inline and implementation namespaces such as `std::__1`,
/// `std::__cxx11` or `absl::lts_2024...` dropped), each with its family.
/// Users add and remove names with the `containers` option; see
/// docs/options.md.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_CORE_CONTAINERCATALOG_H
#define MAPLENS_CORE_CONTAINERCATALOG_H

#include "core/LoopSite.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace maplens {

class ContainerCatalog {
public:
  /// The built-in list: the standard library, absl, boost, folly, tsl, LLVM
  /// and Qt containers (docs/containers.md has the table).
  static ContainerCatalog builtin();

  /// Applies a comma-separated edit list: `NAME` or `+NAME` adds NAME with
  /// family `other`, `NAME=FAMILY` adds it with that family, `-NAME` removes
  /// it. Names are qualified without a leading `::`. On error nothing is
  /// changed.
  llvm::Error applySpec(llvm::StringRef Spec);

  /// The family of the class (template) with this normalized qualified name.
  std::optional<ContainerFamily> lookup(llvm::StringRef QualifiedName) const;

  /// The family of the containers whose iterators are the class (template)
  /// with this normalized qualified name: iterator classes that live beside
  /// their containers rather than inside them (libstdc++'s
  /// `std::_Rb_tree_iterator`, libc++'s `std::__hash_iterator`, LLVM's
  /// `llvm::DenseMapIterator` ...). Nothing once none of those containers is catalogued any more.
  /// (An iterator class nested in a container is that container's:
  /// ContainerTypeMatcher::matchIterator asks lookup() about its parent.)
  std::optional<ContainerFamily>
  iteratorFamily(llvm::StringRef QualifiedName) const;

  /// All names, sorted; for documentation and --list-containers.
  std::vector<std::pair<std::string, ContainerFamily>> entries() const;

private:
  llvm::StringMap<ContainerFamily> Families;
};

} // namespace maplens

#endif // MAPLENS_CORE_CONTAINERCATALOG_H
