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
