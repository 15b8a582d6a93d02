//===--- InstrumentInvocation.h - Instrument one compile command ---------===//
//
/// \file
/// Parses one compiler invocation on the side, plans the probes of
/// InstrumentLoopsRewrite, renders the instrumented files, and checks that
/// the translation unit still compiles with them. Files whose instrumented
/// text would not compile are left out, never half-instrumented.
///
/// The plugin's instrument mode calls this from inside a compilation (the
/// invocation is the compiler's own); `maplens instrument` uses the pieces
/// separately because it merges several translation units first.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_REWRITES_INSTRUMENTINVOCATION_H
#define MAPLENS_REWRITES_INSTRUMENTINVOCATION_H

#include "core/MapLensOptions.h"
#include "rewrites/InstrumentLoopsRewrite.h"

#include "clang/Frontend/CompilerInvocation.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace maplens {

struct InstrumentedTranslationUnit {
  /// Path -> instrumented text, for the files that compiled instrumented.
  std::map<std::string, std::string> Texts;
  InstrumentPlan Plan;
  /// Files left uninstrumented, with why.
  std::vector<std::pair<std::string, std::string>> Dropped;
  /// The side parse failed (the real compile will report why).
  bool ParseFailed = false;
};

/// A copy of Invocation that only parses: no output, no dependency file, no
/// warnings, the maplens plugin (if loaded) switched off.
std::shared_ptr<clang::CompilerInvocation>
makeSideParseInvocation(const clang::CompilerInvocation &Invocation);

/// Runs a side parse of Invocation with Overrides replacing file contents.
/// Returns the files that had errors ("" for errors without a file); empty
/// if it compiled.
std::vector<std::string>
filesWithErrors(const clang::CompilerInvocation &Invocation,
                const std::map<std::string, std::string> &Overrides,
                bool &Failed);

InstrumentedTranslationUnit
instrumentInvocation(const clang::CompilerInvocation &Invocation,
                     const MapLensOptions &Opts,
                     std::function<bool(llvm::StringRef)> AcceptFile,
                     IncludeStyle Style, llvm::StringRef IncludeSpelling);

} // namespace maplens

#endif // MAPLENS_REWRITES_INSTRUMENTINVOCATION_H
