//===--- SiteIdentity.h - Stable ids for loop sites ----------------------===//
//
/// \file
/// A site id must be the same for the same source on every machine and run,
/// so that profiles from different builds and hosts merge (later issues key
/// reports on it). It therefore hashes only what the source says:
///
///   - the file's path relative to the project root (the nearest ancestor
///     directory holding `.git`, or the `root` option), never an absolute
///     path, which differs between checkouts;
///   - the enclosing function's qualified name;
///   - the loop kind and the loop header's text with white space folded;
///   - how many identical headers precede it in the same function.
///
/// Line numbers are deliberately left out: an edit above a loop must not
/// change its id. docs/sites-json.md states this contract.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_CORE_SITEIDENTITY_H
#define MAPLENS_CORE_SITEIDENTITY_H

#include "core/LoopSite.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace maplens {

/// Maps absolute file paths to project-relative ones. Caches per directory;
/// one instance per translation unit (not thread-safe).
class ProjectRootResolver {
public:
  /// With a non-empty FixedRoot every path is made relative to it (paths
  /// outside it keep their absolute form).
  explicit ProjectRootResolver(std::string FixedRoot = "");

  /// The project root for this absolute path; "" when none is found.
  std::string rootFor(llvm::StringRef AbsolutePath);

  /// AbsolutePath relative to its project root, with '/' separators; the
  /// absolute path itself when it has no root.
  std::string projectRelative(llvm::StringRef AbsolutePath);

private:
  std::string FixedRoot;
  llvm::StringMap<std::string> RootOfDirectory;
};

/// Collapses every run of white space into one space and trims the ends.
std::string foldWhitespace(llvm::StringRef Text);

/// Text as it was before maplens wrapped range-for ranges for snapshot
/// walks: every `maplens_loop_<hex>.range(E)` becomes `E`, so a loop keeps
/// its id (which hashes its header text) once instrumented.
std::string withoutProbeRanges(llvm::StringRef Text);

/// 64-bit FNV-1a; stable by definition, unlike std::hash.
uint64_t stableHash64(llvm::StringRef Data, uint64_t Seed = 0xcbf29ce484222325ULL);

/// The id: 16 lower-case hex digits of a hash over the parts listed above.
std::string computeSiteId(llvm::StringRef ProjectFile,
                          llvm::StringRef Function, LoopKind Kind,
                          llvm::StringRef FoldedText, unsigned Ordinal);

} // namespace maplens

#endif // MAPLENS_CORE_SITEIDENTITY_H
