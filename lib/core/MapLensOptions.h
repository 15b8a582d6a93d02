//===--- MapLensOptions.h - Analysis options shared by all front ends ----===//
//
/// \file
/// The options that decide which sites are found. Every front end takes the
/// same keys: the plugin as `-fplugin-arg-maplens-KEY=VALUE`, `maplens scan`
/// as `--KEY=VALUE`. docs/options.md lists them.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_CORE_MAPLENSOPTIONS_H
#define MAPLENS_CORE_MAPLENSOPTIONS_H

#include "core/ContainerCatalog.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <string>

namespace maplens {

struct MapLensOptions {
  /// Only sites whose file path matches this regular expression (a partial
  /// match, like clang-tidy's -header-filter) are reported. Empty: all.
  std::string Filter;
  /// Also report loops in system headers (never rewritable).
  bool SystemHeaders = false;
  /// Directory site ids are computed relative to. Empty: the nearest
  /// ancestor of each file that contains `.git`.
  std::string Root;
  ContainerCatalog Containers = ContainerCatalog::builtin();

  /// Sets the analysis option KEY (filter, system-headers, root,
  /// containers). Returns an error naming the key for unknown keys and bad
  /// values.
  llvm::Error set(llvm::StringRef Key, llvm::StringRef Value);

  /// True if KEY is one of the analysis option names.
  static bool isAnalysisKey(llvm::StringRef Key);

  /// Whether a site in the file with this path passes Filter.
  bool fileMatchesFilter(llvm::StringRef Path) const;

private:
  std::shared_ptr<llvm::Regex> FilterRegex;
};

} // namespace maplens

#endif // MAPLENS_CORE_MAPLENSOPTIONS_H
