//===--- Main.cpp - The maplens command -----------------------------------===//
//
/// \file
/// `maplens COMMAND [OPTIONS] [FILES...] [-- COMPILER_ARGS]`. Each command
/// lives in its own <Name>Command.cpp; this file only dispatches. User
/// docs: docs/cli.md.
//
//===----------------------------------------------------------------------===//

#include "ExitCodes.h"
#include "InstrumentCommand.h"
#include "ReportCommand.h"
#include "ScanCommand.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace maplens;

static void printVersion(llvm::raw_ostream &OS) {
  OS << "maplens " << MAPLENS_VERSION_STRING << " (LLVM "
     << MAPLENS_LLVM_VERSION << ")\n";
}

int main(int argc, const char **argv) {
  llvm::InitLLVM X(argc, argv);

  static const char *const Commands[] = {"scan", "instrument", "report"};
  if (argc >= 2 && argv[1][0] != '-') {
    bool Known = false;
    for (const char *C : Commands)
      Known |= std::strcmp(argv[1], C) == 0;
    if (!Known) {
      llvm::errs() << "maplens: error: unknown command '" << argv[1]
                   << "' (expected: scan, instrument, report); see 'maplens --help'\n";
      return ExitUsageError;
    }
  }

  // `-- ARGS` holds compiler arguments and must be split off before the
  // option parser sees it.
  int Argc = argc;
  std::string FixedError;
  std::unique_ptr<clang::tooling::CompilationDatabase> Fixed =
      clang::tooling::FixedCompilationDatabase::loadFromCommandLine(
          Argc, argv, FixedError);
  if (!FixedError.empty()) {
    llvm::errs() << "maplens: error: " << FixedError << "\n";
    return ExitUsageError;
  }

  llvm::cl::SetVersionPrinter(printVersion);
  if (!llvm::cl::ParseCommandLineOptions(
          Argc, argv,
          "maplens: find, and measure, loops that walk associative "
          "containers\n\n"
          "  maplens scan [options] [FILES...] [-- COMPILER_ARGS]\n"
          "  maplens instrument [options] [FILES...] [-- COMPILER_ARGS]\n"
          "  maplens report [options] PROFILE...\n",
          &llvm::errs()))
    return ExitUsageError;

  if (scanSubcommand())
    return runScan(std::move(Fixed));
  if (instrumentSubcommand())
    return runInstrument(std::move(Fixed));
  if (reportSubcommand())
    return runReport();

  llvm::errs() << "maplens: error: no command given (expected: scan, instrument, report); see "
                  "'maplens --help'\n";
  return ExitUsageError;
}
