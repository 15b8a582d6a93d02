//===--- CompilationSetup.h - Find how to compile the user's files -------===//
//
/// \file
/// The conventions of clang's own tools: compiler arguments after `--`, or
/// a compile_commands.json found with `-p BUILD_DIR` or in a parent
/// directory of the first input file; `--extra-arg`/`--extra-arg-before`
/// adjust every command.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_TOOLS_COMPILATIONSETUP_H
#define MAPLENS_TOOLS_COMPILATIONSETUP_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace maplens {

struct CompilationRequest {
  /// From `-- ARGS`, if given.
  std::unique_ptr<clang::tooling::CompilationDatabase> FixedDatabase;
  std::string BuildPath;
  std::vector<std::string> Files;
  std::vector<std::string> ExtraArgs;
  std::vector<std::string> ExtraArgsBefore;
};

struct CompilationPlan {
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  /// Absolute paths, in the order given (or the database's order).
  std::vector<std::string> Files;
};

/// Resolves the database and the files to process. Errors name what was
/// looked for and where.
llvm::Expected<CompilationPlan> planCompilation(CompilationRequest Request);

} // namespace maplens

#endif // MAPLENS_TOOLS_COMPILATIONSETUP_H
