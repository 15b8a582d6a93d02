//===--- LoopSite.h - One loop that walks an associative container -------===//
//
/// \file
/// The record every maplens layer passes on: the detector produces LoopSites,
/// front ends print them, rewrites (later) consume them. The JSON form is
/// documented in docs/sites-json.md; keep the two in step.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_CORE_LOOPSITE_H
#define MAPLENS_CORE_LOOPSITE_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace maplens {

/// How the loop walks the container.
enum class LoopKind {
  RangeFor,     ///< `for (x : m)`
  IteratorLoop, ///< `for`/`while`/`do` advancing an iterator of `m`
  View,         ///< `for (x : std::views::keys(m))` and other range views
  Algorithm,    ///< `std::for_each(m.begin(), m.end(), f)`, `ranges::...`
};

/// What walking one element costs, roughly, by data structure.
enum class ContainerFamily {
  OrderedTree, ///< red-black and B-trees: std::map, absl::btree_map, QMap
  NodeHash,    ///< chained or node-based hash tables: std::unordered_map
  FlatHash,    ///< open addressing: absl::flat_hash_map, llvm::DenseMap
  Other,       ///< sorted vectors, user-added names
};

/// How each element is bound in the loop.
enum class ElementBinding {
  Value,             ///< `for (auto kv : m)`, a copy per element
  Reference,         ///< `for (auto &kv : m)`, `auto &&`
  ConstReference,    ///< `for (const auto &kv : m)`
  StructuredBinding, ///< `for (auto &[k, v] : m)`
  Iterator,          ///< iterator loops: elements reached through `*it`
  Callable,          ///< algorithms: elements passed to a function object
};

/// Why a site cannot be rewritten; None when it can.
enum class SkipReason {
  None,
  MacroExpansion, ///< the loop is (partly) spelled inside a macro
  SystemHeader,   ///< only reported with the system-headers option
  NoFile,         ///< the loop is not in a file on disk (e.g. <scratch>)
  ConstexprFunction, ///< a constexpr/consteval function cannot hold probes
  NotInFunction,  ///< e.g. a default member initializer's lambda
};

struct LoopSite {
  /// 16 hex digits; the same for the same source on any machine. See
  /// SiteIdentity.h for what it hashes.
  std::string Id;
  /// Absolute, normalized path of the file the loop is spelled in.
  std::string File;
  /// File relative to the project root (see SiteIdentity.h).
  std::string ProjectFile;
  unsigned Line = 0;
  unsigned Column = 0;
  LoopKind Kind = LoopKind::RangeFor;
  /// The container's type as the code names it (typedefs kept)...
  std::string ContainerWritten;
  /// ...and with all sugar removed, default template arguments omitted.
  std::string ContainerCanonical;
  ContainerFamily Family = ContainerFamily::Other;
  ElementBinding Binding = ElementBinding::Value;
  bool InMacro = false;
  bool InTemplate = false;
  bool Rewritable = true;
  SkipReason Skip = SkipReason::None;
  /// Qualified name of the enclosing function ("" at namespace scope).
  std::string Function;
  /// The loop's header as written, white space folded, e.g.
  /// "for (const auto &[k, v] : index)".
  std::string Text;
};

llvm::StringRef toString(LoopKind K);
llvm::StringRef toString(ContainerFamily F);
llvm::StringRef toString(ElementBinding B);
/// "" for SkipReason::None.
llvm::StringRef toString(SkipReason R);

std::optional<LoopKind> parseLoopKind(llvm::StringRef S);
std::optional<ContainerFamily> parseContainerFamily(llvm::StringRef S);
std::optional<ElementBinding> parseElementBinding(llvm::StringRef S);
std::optional<SkipReason> parseSkipReason(llvm::StringRef S);

/// One line for humans, shared by the plugin's remark and `maplens scan`:
/// "range-for loop walks 'Index' (aka 'std::map<int, int>'); family:
/// ordered-tree", plus "; not rewritable: REASON" when it is not.
std::string describeSite(const LoopSite &S);

/// Orders sites by file, line, column, kind; used wherever output must be
/// deterministic.
bool siteLocationLess(const LoopSite &A, const LoopSite &B);

} // namespace maplens

#endif // MAPLENS_CORE_LOOPSITE_H
