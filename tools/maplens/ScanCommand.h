//===--- ScanCommand.h - `maplens scan` ----------------------------------===//
//
/// \file
/// Lists the loops that walk associative containers, as clang-style text or
/// as the versioned JSON of docs/sites-json.md. User docs: docs/cli.md.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_TOOLS_SCANCOMMAND_H
#define MAPLENS_TOOLS_SCANCOMMAND_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"

#include <memory>

namespace maplens {

llvm::cl::SubCommand &scanSubcommand();

/// Runs the command after its options were parsed; returns an ExitCode.
int runScan(std::unique_ptr<clang::tooling::CompilationDatabase> Fixed);

} // namespace maplens

#endif // MAPLENS_TOOLS_SCANCOMMAND_H
