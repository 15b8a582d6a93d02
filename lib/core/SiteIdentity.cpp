//===--- SiteIdentity.cpp -------------------------------------------------===//

#include "core/SiteIdentity.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
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

std::string withoutProbeRanges(llvm::StringRef Text) {
  static const llvm::StringLiteral Prefix = "maplens_loop_";
  std::string Out;
  Out.reserve(Text.size());
  size_t Pos = 0;
  while (Pos < Text.size()) {
    size_t Hit = Text.find(Prefix, Pos);
    if (Hit == llvm::StringRef::npos)
      break;
    size_t Hex = Hit + Prefix.size();
    size_t After = Hex;
    while (After < Text.size() && llvm::isHexDigit(Text[After]))
      ++After;
    llvm::StringRef Call = Text.substr(After);
    if (After == Hex || !Call.starts_with(".range(")) {
      Out.append(Text.begin() + Pos, Text.begin() + Hex);
      Pos = Hex;
      continue;
    }
    // Drop the call and its matching parenthesis, keep the argument.
    size_t Open = After + llvm::StringRef(".range(").size();
    int Depth = 1;
    size_t Close = Open;
    for (; Close < Text.size(); ++Close) {
      if (Text[Close] == '(')
        ++Depth;
      else if (Text[Close] == ')' && --Depth == 0)
        break;
    }
    if (Close >= Text.size()) { // unbalanced: leave it as it is
      Out.append(Text.begin() + Pos, Text.end());
      return Out;
    }
    Out.append(Text.begin() + Pos, Text.begin() + Hit);
    Out += withoutProbeRanges(Text.slice(Open, Close));
    Pos = Close + 1;
  }
  Out.append(Text.begin() + std::min(Pos, Text.size()), Text.end());
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
