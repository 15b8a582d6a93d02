#include "core/ContainerCatalog.h"

#include "gtest/gtest.h"

using namespace maplens;

TEST(ContainerCatalog, BuiltinFamilies) {
  ContainerCatalog C = ContainerCatalog::builtin();
  EXPECT_EQ(C.lookup("std::map"), ContainerFamily::OrderedTree);
  EXPECT_EQ(C.lookup("std::unordered_set"), ContainerFamily::NodeHash);
  EXPECT_EQ(C.lookup("absl::flat_hash_map"), ContainerFamily::FlatHash);
  EXPECT_EQ(C.lookup("boost::container::flat_map"), ContainerFamily::Other);
  EXPECT_EQ(C.lookup("std::vector"), std::nullopt);
  EXPECT_EQ(C.lookup("map"), std::nullopt);
}

TEST(ContainerCatalog, SpecAddsAndRemoves) {
  ContainerCatalog C = ContainerCatalog::builtin();
  ASSERT_FALSE(bool(C.applySpec("acme::Table=node-hash, ::acme::Tree, -QSet")));
  EXPECT_EQ(C.lookup("acme::Table"), ContainerFamily::NodeHash);
  EXPECT_EQ(C.lookup("acme::Tree"), ContainerFamily::Other);
  EXPECT_EQ(C.lookup("QSet"), std::nullopt);
}

TEST(ContainerCatalog, BadSpecChangesNothing) {
  ContainerCatalog C = ContainerCatalog::builtin();
  llvm::Error E = C.applySpec("acme::Good,acme::Bad=fast-hash");
  ASSERT_TRUE(bool(E));
  EXPECT_NE(llvm::toString(std::move(E)).find("unknown family 'fast-hash'"),
            std::string::npos);
  EXPECT_EQ(C.lookup("acme::Good"), std::nullopt);

  for (const char *Bad : {"-std::nonexistent", "acme::", "1abc", "a b", "-std::map=other"}) {
    llvm::Error Err = C.applySpec(Bad);
    EXPECT_TRUE(bool(Err)) << Bad;
    llvm::consumeError(std::move(Err));
  }
  EXPECT_EQ(C.lookup("std::map"), ContainerFamily::OrderedTree);
}

TEST(ContainerCatalog, StandardIteratorClassesBelongToTheirContainers) {
  ContainerCatalog C = ContainerCatalog::builtin();
  EXPECT_EQ(C.iteratorFamily("std::_Rb_tree_iterator"),
            ContainerFamily::OrderedTree);
  EXPECT_EQ(C.iteratorFamily("std::__hash_map_const_iterator"),
            ContainerFamily::NodeHash);
  EXPECT_EQ(C.iteratorFamily("std::_List_iterator"), std::nullopt);
  EXPECT_EQ(C.iteratorFamily("std::map"), std::nullopt);
  // Shared by map, multimap, set and multiset: counts while one is left.
  ASSERT_FALSE(bool(C.applySpec("-std::map,-std::multimap,-std::set")));
  EXPECT_EQ(C.iteratorFamily("std::_Rb_tree_const_iterator"),
            ContainerFamily::OrderedTree);
  ASSERT_FALSE(bool(C.applySpec("-std::multiset")));
  EXPECT_EQ(C.iteratorFamily("std::_Rb_tree_const_iterator"), std::nullopt);
}
