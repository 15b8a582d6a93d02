//===--- ContainerCatalog.cpp ---------------------------------------------===//

#include "core/ContainerCatalog.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>

namespace maplens {

namespace {
struct BuiltinEntry {
  const char *Name;
  ContainerFamily Family;
};

constexpr ContainerFamily Tree = ContainerFamily::OrderedTree;
constexpr ContainerFamily Node = ContainerFamily::NodeHash;
constexpr ContainerFamily Flat = ContainerFamily::FlatHash;
constexpr ContainerFamily Other = ContainerFamily::Other;

// Base classes are listed where a library derives its public containers from
// an implementation template (llvm::DenseMap from DenseMapBase, ...): a type
// matches when it or any of its bases is listed, which is also how classes
// users derive from a container are found.
const BuiltinEntry BuiltinEntries[] = {
    // Standard library.
    {"std::map", Tree},
    {"std::multimap", Tree},
    {"std::set", Tree},
    {"std::multiset", Tree},
    {"std::unordered_map", Node},
    {"std::unordered_multimap", Node},
    {"std::unordered_set", Node},
    {"std::unordered_multiset", Node},
    // Abseil.
    {"absl::flat_hash_map", Flat},
    {"absl::flat_hash_set", Flat},
    {"absl::node_hash_map", Node},
    {"absl::node_hash_set", Node},
    {"absl::btree_map", Tree},
    {"absl::btree_set", Tree},
    {"absl::btree_multimap", Tree},
    {"absl::btree_multiset", Tree},
    // Boost. boost::unordered_map is a using-declaration of
    // boost::unordered::unordered_map; both spellings are listed so that
    // either declaration style in a given Boost version is found.
    {"boost::unordered_map", Node},
    {"boost::unordered_multimap", Node},
    {"boost::unordered_set", Node},
    {"boost::unordered_multiset", Node},
    {"boost::unordered::unordered_map", Node},
    {"boost::unordered::unordered_multimap", Node},
    {"boost::unordered::unordered_set", Node},
    {"boost::unordered::unordered_multiset", Node},
    {"boost::unordered_flat_map", Flat},
    {"boost::unordered_flat_set", Flat},
    {"boost::unordered::unordered_flat_map", Flat},
    {"boost::unordered::unordered_flat_set", Flat},
    {"boost::unordered_node_map", Node},
    {"boost::unordered_node_set", Node},
    {"boost::unordered::unordered_node_map", Node},
    {"boost::unordered::unordered_node_set", Node},
    {"boost::container::map", Tree},
    {"boost::container::multimap", Tree},
    {"boost::container::set", Tree},
    {"boost::container::multiset", Tree},
    // Sorted vectors: walking them is already a contiguous scan.
    {"boost::container::flat_map", Other},
    {"boost::container::flat_multimap", Other},
    {"boost::container::flat_set", Other},
    {"boost::container::flat_multiset", Other},
    // folly F14. F14Vector* iterate their value vector, so they are "other".
    {"folly::F14NodeMap", Node},
    {"folly::F14NodeSet", Node},
    {"folly::F14ValueMap", Flat},
    {"folly::F14ValueSet", Flat},
    {"folly::F14FastMap", Flat},
    {"folly::F14FastSet", Flat},
    {"folly::F14VectorMap", Other},
    {"folly::F14VectorSet", Other},
    // tsl (Tessil).
    {"tsl::robin_map", Flat},
    {"tsl::robin_set", Flat},
    {"tsl::robin_pg_map", Flat},
    {"tsl::robin_pg_set", Flat},
    {"tsl::hopscotch_map", Flat},
    {"tsl::hopscotch_set", Flat},
    {"tsl::hopscotch_pg_map", Flat},
    {"tsl::hopscotch_pg_set", Flat},
    // LLVM ADT.
    {"llvm::DenseMap", Flat},
    {"llvm::SmallDenseMap", Flat},
    {"llvm::DenseMapBase", Flat},
    {"llvm::DenseSet", Flat},
    {"llvm::SmallDenseSet", Flat},
    {"llvm::detail::DenseSetImpl", Flat},
    {"llvm::SmallPtrSet", Flat},
    {"llvm::SmallPtrSetImpl", Flat},
    // StringMap's table holds pointers to separately allocated entries.
    {"llvm::StringMap", Node},
    // Qt. Qt 6's QMap wraps std::map; its QHash stores entries in spans.
    {"QMap", Tree},
    {"QMultiMap", Tree},
    {"QHash", Flat},
    {"QMultiHash", Flat},
    {"QSet", Flat},
};
/// Iterator classes at namespace scope, with the containers that use them
/// (implementation namespaces such as std::__detail and std::__1 dropped,
/// as everywhere in the catalog). Only names checked against the real
/// library: libstdc++ 12, libc++ 19 and 22, LLVM 19 and 22.
struct IteratorEntry {
  const char *Name;
  const char *const *Containers;
};
const char *const StdTrees[] = {"std::map", "std::multimap", "std::set",
                                "std::multiset", nullptr};
const char *const StdHashes[] = {"std::unordered_map",
                                 "std::unordered_multimap",
                                 "std::unordered_set",
                                 "std::unordered_multiset", nullptr};
const char *const LlvmDenseMaps[] = {"llvm::DenseMap", "llvm::SmallDenseMap",
                                     "llvm::DenseMapBase", nullptr};
const char *const LlvmStringMaps[] = {"llvm::StringMap", nullptr};
const char *const LlvmPtrSets[] = {"llvm::SmallPtrSet", "llvm::SmallPtrSetImpl",
                                   nullptr};
const IteratorEntry IteratorEntries[] = {
    // libstdc++.
    {"std::_Rb_tree_iterator", StdTrees},
    {"std::_Rb_tree_const_iterator", StdTrees},
    {"std::_Node_iterator", StdHashes},
    {"std::_Node_const_iterator", StdHashes},
    // libc++.
    {"std::__tree_iterator", StdTrees},
    {"std::__tree_const_iterator", StdTrees},
    {"std::__map_iterator", StdTrees},
    {"std::__map_const_iterator", StdTrees},
    {"std::__hash_iterator", StdHashes},
    {"std::__hash_const_iterator", StdHashes},
    {"std::__hash_map_iterator", StdHashes},
    {"std::__hash_map_const_iterator", StdHashes},
    // LLVM ADT (LLVM 19 has StringMap(Const)Iterator on StringMapIterBase;
    // LLVM 22 only the base). DenseSet's iterator is nested in DenseSetImpl.
    {"llvm::DenseMapIterator", LlvmDenseMaps},
    {"llvm::StringMapIterBase", LlvmStringMaps},
    {"llvm::StringMapIterator", LlvmStringMaps},
    {"llvm::StringMapConstIterator", LlvmStringMaps},
    {"llvm::SmallPtrSetIterator", LlvmPtrSets},
};
} // namespace

std::optional<ContainerFamily>
ContainerCatalog::iteratorFamily(llvm::StringRef QualifiedName) const {
  for (const IteratorEntry &E : IteratorEntries) {
    if (QualifiedName != E.Name)
      continue;
    for (const char *const *C = E.Containers; *C; ++C)
      if (std::optional<ContainerFamily> Family = lookup(*C))
        return Family;
    return std::nullopt;
  }
  return std::nullopt;
}

ContainerCatalog ContainerCatalog::builtin() {
  ContainerCatalog C;
  for (const BuiltinEntry &E : BuiltinEntries)
    C.Families[E.Name] = E.Family;
  return C;
}

static bool isValidQualifiedName(llvm::StringRef Name) {
  if (Name.empty() || Name.starts_with(":") || Name.ends_with(":"))
    return false;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Name.split(Parts, "::");
  return llvm::all_of(Parts, [](llvm::StringRef P) {
    return !P.empty() && !std::isdigit(static_cast<unsigned char>(P[0])) &&
           llvm::all_of(P, [](char C) {
             return std::isalnum(static_cast<unsigned char>(C)) || C == '_';
           });
  });
}

llvm::Error ContainerCatalog::applySpec(llvm::StringRef Spec) {
  llvm::StringMap<ContainerFamily> Edited = Families;
  llvm::SmallVector<llvm::StringRef, 8> Items;
  Spec.split(Items, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    bool Remove = Item.consume_front("-");
    if (!Remove)
      Item.consume_front("+");
    auto [Name, FamilyText] = Item.split('=');
    Name = Name.trim();
    if (Name.starts_with("::"))
      Name = Name.drop_front(2);
    if (!isValidQualifiedName(Name))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "containers: '%s' is not a qualified class name",
          Item.str().c_str());
    if (Remove) {
      if (!FamilyText.empty())
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "containers: '-%s' takes no family", Item.str().c_str());
      if (!Edited.erase(Name))
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "containers: cannot remove '%s': not a known container",
            Name.str().c_str());
      continue;
    }
    ContainerFamily Family = ContainerFamily::Other;
    if (!FamilyText.empty()) {
      std::optional<ContainerFamily> Parsed =
          parseContainerFamily(FamilyText.trim());
      if (!Parsed)
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "containers: unknown family '%s' (expected ordered-tree, "
            "node-hash, flat-hash or other)",
            FamilyText.str().c_str());
      Family = *Parsed;
    }
    Edited[Name] = Family;
  }
  Families = std::move(Edited);
  return llvm::Error::success();
}

std::optional<ContainerFamily>
ContainerCatalog::lookup(llvm::StringRef QualifiedName) const {
  auto It = Families.find(QualifiedName);
  if (It == Families.end())
    return std::nullopt;
  return It->second;
}

std::vector<std::pair<std::string, ContainerFamily>>
ContainerCatalog::entries() const {
  std::vector<std::pair<std::string, ContainerFamily>> Out;
  for (const auto &E : Families)
    Out.emplace_back(E.getKey().str(), E.getValue());
  llvm::sort(Out);
  return Out;
}

} // namespace maplens
