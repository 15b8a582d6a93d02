//===--- ExitCodes.h - The maplens command's exit codes ------------------===//
//
/// \file
/// Documented in docs/cli.md; scripts rely on them, so never renumber.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_TOOLS_EXITCODES_H
#define MAPLENS_TOOLS_EXITCODES_H

namespace maplens {

enum ExitCode : int {
  /// The command did its job (finding no site is success too).
  ExitSuccess = 0,
  /// An input could not be processed: a translation unit did not compile,
  /// a file is missing, the output could not be written.
  ExitInputError = 1,
  /// The command line is wrong: unknown command or option, bad option
  /// value, no compilation database or no input.
  ExitUsageError = 2,
};

} // namespace maplens

#endif // MAPLENS_TOOLS_EXITCODES_H
