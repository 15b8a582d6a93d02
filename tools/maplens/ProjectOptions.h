//===--- ProjectOptions.h - Options of the commands that parse a project -===//
//
/// \file
/// `maplens scan` and `maplens instrument` both parse translation units from
/// a compilation database or `-- ARGS`, so they take the same options for
/// it: FILES, -p, -j, --filter, --containers, --root, --extra-arg,
/// --extra-arg-before and --quiet. They are declared once, here, and
/// registered in both subcommands.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_TOOLS_PROJECTOPTIONS_H
#define MAPLENS_TOOLS_PROJECTOPTIONS_H

#include "CompilationSetup.h"
#include "TranslationUnitRunner.h"

#include "core/MapLensOptions.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace maplens {

/// --filter, --containers and --root as analysis options; an error names
/// the bad flag.
llvm::Expected<MapLensOptions> projectAnalysisOptions();

/// FILES, -p, --extra-arg, --extra-arg-before, and the `-- ARGS` database.
CompilationRequest projectCompilationRequest(
    std::unique_ptr<clang::tooling::CompilationDatabase> Fixed);

/// -j and --quiet.
RunnerOptions projectRunnerOptions();

bool projectQuiet();
/// The -p directory as given ("" when absent).
const std::string &projectBuildPath();

} // namespace maplens

#endif // MAPLENS_TOOLS_PROJECTOPTIONS_H
