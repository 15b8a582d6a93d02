//===--- SiteIdentity.cpp -------------------------------------------------===//

#include "core/SiteIdentity.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>

namespace maplens {

ProjectRootResolver::ProjectRootResolver(std::string Root) {
  if (!Root.empty()) {
    llvm::SmallString<256> Abs(Root);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    FixedRoot = std::string(Abs);
  }
}

std::string ProjectRootResolver::rootFor(llvm::StringRef AbsolutePath) {
  if (!FixedRoot.empty())
    return FixedRoot;
  llvm::StringRef Dir = llvm::sys::path::parent_path(AbsolutePath);
  llvm::SmallVector<llvm::StringRef, 8> Visited;
  std::string Found;
  for (; !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    auto It = RootOfDirectory.find(Dir);
    if (It != RootOfDirectory.end()) {
      Found = It->second;
      break;
    }
    Visited.push_back(Dir);
    llvm::SmallString<256> Git(Dir);
    llvm::sys::path::append(Git, ".git");
    // `.git` is a directory in a clone and a file in a worktree/submodule.
    if (llvm::sys::fs::exists(Git)) {
      Found = Dir.str();
      break;
    }
    if (llvm::sys::path::parent_path(Dir) == Dir)
      break;
  }
  for (llvm::StringRef V : Visited)
    RootOfDirectory[V] = Found;
  return Found;
}

std::string ProjectRootResolver::projectRelative(llvm::StringRef AbsolutePath) {
  std::string Root = rootFor(AbsolutePath);
  llvm::SmallString<256> Path(AbsolutePath);
  if (!Root.empty() &&
      llvm::sys::path::replace_path_prefix(Path, Root, "")) {
    llvm::StringRef Rel = Path;
    Rel = Rel.ltrim("/\\");
    std::string Out = Rel.str();
    for (char &C : Out)
      if (C == '\\')
        C = '/';
    return Out;
  }
  return AbsolutePath.str();
}

std::string foldWhitespace(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  bool PendingSpace = false;
  for (char C : Text) {
    if (std::isspace(static_cast<unsigned char>(C))) {
      PendingSpace = !Out.empty();
      continue;
    }
    if (PendingSpace)
      Out.push_back(' ');
    PendingSpace = false;
    Out.push_back(C);
  }
  return Out;
}

uint64_t stableHash64(llvm::StringRef Data, uint64_t Seed) {
  uint64_t H = Seed;
  for (unsigned char C : Data) {
    H ^= C;
    H *= 0x100000001b3ULL;
  }
  return H;
}

std::string computeSiteId(llvm::StringRef ProjectFile,
                          llvm::StringRef Function, LoopKind Kind,
                          llvm::StringRef FoldedText, unsigned Ordinal) {
  // Parts are separated by NUL so that ("ab", "c") and ("a", "bc") differ.
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  OS << ProjectFile << '\0' << Function << '\0' << toString(Kind) << '\0'
     << FoldedText << '\0' << Ordinal;
  OS.flush();
  std::string Id;
  llvm::raw_string_ostream IdOS(Id);
  IdOS << llvm::format_hex_no_prefix(stableHash64(Key), 16);
  return IdOS.str();
}

} // namespace maplens
