//===--- TranslationUnitRunner.h - Parse many TUs in parallel ------------===//
//
/// \file
/// Runs a callback on the AST of each file, `Jobs` at a time. Each
/// translation unit's diagnostics are buffered and printed whole, in
/// completion order, with a `[k/N] file` progress line for multi-file runs,
/// so parallel output never interleaves mid-message.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_TOOLS_TRANSLATIONUNITRUNNER_H
#define MAPLENS_TOOLS_TRANSLATIONUNITRUNNER_H

#include "clang/AST/ASTContext.h"
#include "clang/Tooling/CompilationDatabase.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace maplens {

struct TranslationUnitOutcome {
  /// False if the file had no compile command, did not compile, or could
  /// not be read.
  bool Succeeded = false;
};

struct RunnerOptions {
  /// 0: one per hardware thread.
  unsigned Jobs = 0;
  bool ShowProgress = true;
  /// Contents that replace files on disk (path -> text), e.g. to check
  /// that instrumented sources compile before writing them.
  const std::map<std::string, std::string> *Overlay = nullptr;
  /// Print no compiler diagnostics.
  bool DiscardDiagnostics = false;
};

/// Called once per successfully parsed AST of Files[FileIndex]; may be
/// called concurrently for different indices.
using TranslationUnitCallback =
    std::function<void(size_t FileIndex, clang::ASTContext &Ctx)>;

std::vector<TranslationUnitOutcome>
runOnTranslationUnits(const clang::tooling::CompilationDatabase &Database,
                      const std::vector<std::string> &Files,
                      const RunnerOptions &Options,
                      const TranslationUnitCallback &Callback);

} // namespace maplens

#endif // MAPLENS_TOOLS_TRANSLATIONUNITRUNNER_H
