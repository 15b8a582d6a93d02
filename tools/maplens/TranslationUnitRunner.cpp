//===--- TranslationUnitRunner.cpp ----------------------------------------===//

#include "TranslationUnitRunner.h"

#include "core/ClangCompat.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <mutex>

namespace maplens {

using namespace clang;
using namespace clang::tooling;

namespace {

class CallbackConsumer : public ASTConsumer {
public:
  CallbackConsumer(CompilerInstance &CI, size_t Index,
                   const TranslationUnitCallback &Callback)
      : CI(CI), Index(Index), Callback(Callback) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    // The compiler reported errors: the AST is incomplete and the run has
    // failed anyway.
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    Callback(Index, Ctx);
  }

private:
  CompilerInstance &CI;
  size_t Index;
  const TranslationUnitCallback &Callback;
};

class CallbackAction : public ASTFrontendAction {
public:
  CallbackAction(size_t Index, const TranslationUnitCallback &Callback)
      : Index(Index), Callback(Callback) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<CallbackConsumer>(CI, Index, Callback);
  }

private:
  size_t Index;
  const TranslationUnitCallback &Callback;
};

class CallbackActionFactory : public FrontendActionFactory {
public:
  CallbackActionFactory(size_t Index, const TranslationUnitCallback &Callback)
      : Index(Index), Callback(Callback) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<CallbackAction>(Index, Callback);
  }

private:
  size_t Index;
  const TranslationUnitCallback &Callback;
};

} // namespace

std::vector<TranslationUnitOutcome>
runOnTranslationUnits(const CompilationDatabase &Database,
                      const std::vector<std::string> &Files,
                      const RunnerOptions &Options,
                      const TranslationUnitCallback &Callback) {
  std::vector<TranslationUnitOutcome> Outcomes(Files.size());
  std::mutex OutputMutex;
  std::atomic<size_t> Done{0};
  const bool Colors = llvm::sys::Process::StandardErrHasColors();
  const bool Progress = Options.ShowProgress && Files.size() > 1;

  auto RunOne = [&](size_t I) {
    std::string Buffer;
    llvm::raw_string_ostream DiagStream(Buffer);
    compat::TextDiagnostics Diags =
        compat::makeTextDiagnosticPrinter(DiagStream, Colors);
    bool Ok = false;
    if (!llvm::sys::fs::exists(Files[I])) {
      DiagStream << "maplens: error: '" << Files[I]
                 << "': no such file\n";
    } else if (Database.getCompileCommands(Files[I]).empty()) {
      DiagStream << "maplens: error: no compile command for '" << Files[I]
                 << "' in the compilation database\n";
    } else {
      // Each tool gets its own physical file system: the real one shares
      // the process's working directory, which ClangTool changes per
      // command.
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS(
          llvm::vfs::createPhysicalFileSystem().release());
      if (Options.Overlay) {
        llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> Overlay(
            new llvm::vfs::OverlayFileSystem(FS));
        llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> Memory(
            new llvm::vfs::InMemoryFileSystem);
        for (const auto &Entry : *Options.Overlay)
          Memory->addFile(Entry.first, 0,
                          llvm::MemoryBuffer::getMemBufferCopy(Entry.second,
                                                               Entry.first));
        Overlay->pushOverlay(Memory);
        FS = Overlay;
      }
      ClangTool Tool(Database, {Files[I]},
                     std::make_shared<PCHContainerOperations>(), FS);
      // Counts errors (the tool's result depends on the count) but prints
      // nothing; IgnoringDiagConsumer would hide failures.
      DiagnosticConsumer Silent;
      Tool.setDiagnosticConsumer(Options.DiscardDiagnostics
                                     ? &Silent
                                     : Diags.Printer.get());
      CallbackActionFactory Factory(I, Callback);
      Ok = Tool.run(&Factory) == 0;
    }
    DiagStream.flush();
    Outcomes[I].Succeeded = Ok;
    std::lock_guard<std::mutex> Lock(OutputMutex);
    size_t K = ++Done;
    if (Progress)
      llvm::errs() << "[" << K << "/" << Files.size() << "] " << Files[I]
                   << (Ok ? "" : " (failed)") << "\n";
    llvm::errs() << Buffer;
  };

  unsigned Jobs = Options.Jobs;
  if (Jobs == 0)
    Jobs = llvm::hardware_concurrency().compute_thread_count();
  if (Jobs <= 1 || Files.size() == 1) {
    for (size_t I = 0; I < Files.size(); ++I)
      RunOne(I);
    return Outcomes;
  }
  llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
  for (size_t I = 0; I < Files.size(); ++I)
    Pool.async([&RunOne, I] { RunOne(I); });
  Pool.wait();
  return Outcomes;
}

} // namespace maplens
