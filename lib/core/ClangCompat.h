//===--- ClangCompat.h - The one place LLVM/Clang versions differ --------===//
//
/// \file
/// maplens supports LLVM 19 through 22. Every API difference between them is
/// bridged here and nowhere else; code elsewhere calls these helpers and
/// never tests CLANG_VERSION_MAJOR itself.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_CORE_CLANGCOMPAT_H
#define MAPLENS_CORE_CLANGCOMPAT_H

#include "clang/AST/PrettyPrinter.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Basic/Version.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"

#include <memory>

namespace maplens::compat {

/// Print `std::__1::map` and `std::__cxx11::basic_string` as `std::map` and
/// `std::basic_string`, on every libc++/libstdc++ and clang version.
/// Clang 20 turned the flag into a three-state mode.
inline void suppressInlineNamespaces(clang::PrintingPolicy &Policy) {
#if CLANG_VERSION_MAJOR >= 20
  Policy.SuppressInlineNamespace = llvm::to_underlying(
      clang::PrintingPolicy::SuppressInlineNamespaceMode::All);
#else
  Policy.SuppressInlineNamespace = true;
#endif
}

/// A TextDiagnosticPrinter together with the options it reads. Clang 21
/// made the printer borrow its DiagnosticOptions by reference instead of
/// sharing ownership through a ref-counted pointer.
struct TextDiagnostics {
  std::unique_ptr<clang::DiagnosticOptions> Options; // null before clang 21
  std::unique_ptr<clang::TextDiagnosticPrinter> Printer;
};

inline TextDiagnostics makeTextDiagnosticPrinter(llvm::raw_ostream &OS,
                                                 bool ShowColors) {
  TextDiagnostics D;
#if CLANG_VERSION_MAJOR >= 21
  D.Options = std::make_unique<clang::DiagnosticOptions>();
  D.Options->ShowColors = ShowColors;
  D.Printer = std::make_unique<clang::TextDiagnosticPrinter>(OS, *D.Options);
#else
  auto *Options = new clang::DiagnosticOptions(); // owned by the printer
  Options->ShowColors = ShowColors;
  D.Printer = std::make_unique<clang::TextDiagnosticPrinter>(OS, Options);
#endif
  return D;
}

/// A CompilerInstance for Invocation whose diagnostics go to Client (not
/// owned), ready for ExecuteAction. LLVM 22 takes the invocation in the
/// constructor and wants its file system created before the diagnostics.
inline std::unique_ptr<clang::CompilerInstance>
makeCompilerInstance(std::shared_ptr<clang::CompilerInvocation> Invocation,
                     clang::DiagnosticConsumer *Client) {
#if CLANG_VERSION_MAJOR >= 22
  auto CI = std::make_unique<clang::CompilerInstance>(std::move(Invocation));
  CI->createVirtualFileSystem();
#else
  auto CI = std::make_unique<clang::CompilerInstance>();
  CI->setInvocation(std::move(Invocation));
#endif
  CI->createDiagnostics(Client, /*ShouldOwnClient=*/false);
  return CI;
}

} // namespace maplens::compat

#endif // MAPLENS_CORE_CLANGCOMPAT_H
