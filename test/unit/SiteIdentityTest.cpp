#include "core/SiteIdentity.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include "gtest/gtest.h"

using namespace maplens;

TEST(SiteIdentity, FoldWhitespace) {
  EXPECT_EQ(foldWhitespace("  for (auto &kv :\n\t  m)  "), "for (auto &kv : m)");
  EXPECT_EQ(foldWhitespace(""), "");
}

TEST(SiteIdentity, IdIsStableAndSensitiveToEachPart) {
  std::string Id = computeSiteId("src/a.cpp", "f", LoopKind::RangeFor,
                                 "for (auto &kv : m)", 0);
  // A fixed value: ids must not change between maplens builds, or
  // profiles taken with one build stop matching another's.
  EXPECT_EQ(Id, computeSiteId("src/a.cpp", "f", LoopKind::RangeFor,
                              "for (auto &kv : m)", 0));
  EXPECT_EQ(Id.size(), 16u);
  EXPECT_NE(Id, computeSiteId("src/b.cpp", "f", LoopKind::RangeFor,
                              "for (auto &kv : m)", 0));
  EXPECT_NE(Id, computeSiteId("src/a.cpp", "g", LoopKind::RangeFor,
                              "for (auto &kv : m)", 0));
  EXPECT_NE(Id, computeSiteId("src/a.cpp", "f", LoopKind::View,
                              "for (auto &kv : m)", 0));
  EXPECT_NE(Id, computeSiteId("src/a.cpp", "f", LoopKind::RangeFor,
                              "for (auto &kv : n)", 0));
  EXPECT_NE(Id, computeSiteId("src/a.cpp", "f", LoopKind::RangeFor,
                              "for (auto &kv : m)", 1));
}

TEST(SiteIdentity, KnownHashValue) {
  // FNV-1a test vectors: the hash itself must never change.
  EXPECT_EQ(stableHash64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(stableHash64("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(SiteIdentity, ProjectRootIsNearestGitAncestor) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("maplens-root", Dir));
  llvm::SmallString<128> Git(Dir), Src(Dir);
  llvm::sys::path::append(Git, ".git");
  llvm::sys::path::append(Src, "src", "deep");
  ASSERT_FALSE(llvm::sys::fs::create_directories(Git));
  ASSERT_FALSE(llvm::sys::fs::create_directories(Src));
  llvm::SmallString<128> File(Src);
  llvm::sys::path::append(File, "x.cpp");

  ProjectRootResolver Roots;
  EXPECT_EQ(Roots.projectRelative(File), "src/deep/x.cpp");
  // Cached answer is the same.
  EXPECT_EQ(Roots.projectRelative(File), "src/deep/x.cpp");

  ProjectRootResolver Fixed{std::string(Src)};
  EXPECT_EQ(Fixed.projectRelative(File), "x.cpp");
  llvm::sys::fs::remove_directories(Dir);
}

TEST(SiteIdentity, ProbeRangeWrapsAreNotPartOfTheText) {
  EXPECT_EQ(withoutProbeRanges(
                "for (auto &kv : maplens_loop_1a2b3c4d.range(index))"),
            "for (auto &kv : index)");
  EXPECT_EQ(withoutProbeRanges("for (auto &x : maplens_loop_0f.range(get(a, "
                               "(b))))"),
            "for (auto &x : get(a, (b)))");
  // Two wraps in one text (ordinals count earlier headers of a function).
  EXPECT_EQ(withoutProbeRanges("for (x : maplens_loop_a.range(m)) f(); for "
                               "(y : maplens_loop_b.range(n))"),
            "for (x : m) f(); for (y : n)");
  // Not a wrap: left alone.
  EXPECT_EQ(withoutProbeRanges("for (x : maplens_loop_zz.range(m))"),
            "for (x : maplens_loop_zz.range(m))");
  EXPECT_EQ(withoutProbeRanges("for (x : maplens_loop_ab.range(m"),
            "for (x : maplens_loop_ab.range(m");
  EXPECT_EQ(withoutProbeRanges("for (x : maplens_loop_ab.size())"),
            "for (x : maplens_loop_ab.size())");
}
