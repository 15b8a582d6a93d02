//===--- ReportCommand.h - `maplens report` --------------------------------===//
//
/// \file
/// Merges profile files written by instrumented programs and prints the
/// per-loop report. User docs: docs/report.md.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_TOOLS_REPORTCOMMAND_H
#define MAPLENS_TOOLS_REPORTCOMMAND_H

#include "llvm/Support/CommandLine.h"

namespace maplens {

llvm::cl::SubCommand &reportSubcommand();

int runReport();

} // namespace maplens

#endif // MAPLENS_TOOLS_REPORTCOMMAND_H
