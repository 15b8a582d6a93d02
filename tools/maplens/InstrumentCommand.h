//===--- InstrumentCommand.h - `maplens instrument` ------------------------===//
//
/// \file
/// Instruments the loops of a project's sources with timing probes: in
/// place, into a copy of the tree, or as exported fixes for
/// clang-apply-replacements. User docs: docs/cli.md.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_TOOLS_INSTRUMENTCOMMAND_H
#define MAPLENS_TOOLS_INSTRUMENTCOMMAND_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"

#include <memory>

namespace maplens {

llvm::cl::SubCommand &instrumentSubcommand();

int runInstrument(std::unique_ptr<clang::tooling::CompilationDatabase> Fixed);

} // namespace maplens

#endif // MAPLENS_TOOLS_INSTRUMENTCOMMAND_H
