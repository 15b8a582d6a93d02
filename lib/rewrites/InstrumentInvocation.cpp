//===--- InstrumentInvocation.cpp -----------------------------------------===//

#include "rewrites/InstrumentInvocation.h"

#include "checks/FindLoopSites.h"
#include "core/ClangCompat.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <set>

namespace maplens {

using namespace clang;

std::shared_ptr<CompilerInvocation>
makeSideParseInvocation(const CompilerInvocation &Invocation) {
  auto Inv = std::make_shared<CompilerInvocation>(Invocation);
  FrontendOptions &FO = Inv->getFrontendOpts();
  FO.ProgramAction = frontend::ParseSyntaxOnly;
  FO.OutputFile.clear();
  FO.AddPluginActions.clear();
  // Plugins added after the main action run in every CompilerInstance of
  // the process; this keeps maplens's own from recursing.
  FO.PluginArgs["maplens"] = {"mode=off"};
  Inv->getDependencyOutputOpts() = DependencyOutputOptions();
  // Warnings (and -Werror) are the real compile's business.
  Inv->getDiagnosticOpts().IgnoreWarnings = true;
  // No "N errors generated." from a parse nobody sees.
  Inv->getDiagnosticOpts().ShowCarets = false;
  return Inv;
}

namespace {
/// Records the file of every error.
class ErrorFileCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    std::string File;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const SourceManager &SM = Info.getSourceManager();
      SourceLocation Loc = SM.getFileLoc(Info.getLocation());
      if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getFileID(Loc)))
        File = FE->getName().str();
    }
    Files.insert(File);
  }
  std::set<std::string> Files;
};

class PlanConsumer : public ASTConsumer {
public:
  PlanConsumer(CompilerInstance &CI, const MapLensOptions &Opts,
               std::function<bool(llvm::StringRef)> &Accept,
               InstrumentPlan &Out)
      : CI(CI), Opts(Opts), Accept(Accept), Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    std::vector<FoundSite> Sites = findFoundSites(Ctx, Opts);
    // The plugin compiles the edits in this translation unit only.
    InstrumentLoopsRewrite Rewrite(Ctx, Accept, EditScope::ThisTranslationUnit);
    Out = Rewrite.plan(Sites);
  }

private:
  CompilerInstance &CI;
  const MapLensOptions &Opts;
  std::function<bool(llvm::StringRef)> &Accept;
  InstrumentPlan &Out;
};

class PlanAction : public ASTFrontendAction {
public:
  PlanAction(const MapLensOptions &Opts,
             std::function<bool(llvm::StringRef)> &Accept,
             InstrumentPlan &Out)
      : Opts(Opts), Accept(Accept), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return std::make_unique<PlanConsumer>(CI, Opts, Accept, Out);
  }

private:
  const MapLensOptions &Opts;
  std::function<bool(llvm::StringRef)> &Accept;
  InstrumentPlan &Out;
};
} // namespace

static bool sameFile(llvm::StringRef A, llvm::StringRef B) {
  if (A == B)
    return true;
  llvm::SmallString<256> RA, RB;
  if (llvm::sys::fs::real_path(A, RA) || llvm::sys::fs::real_path(B, RB))
    return false;
  return RA == RB;
}

std::vector<std::string>
filesWithErrors(const CompilerInvocation &Invocation,
                const std::map<std::string, std::string> &Overrides,
                bool &Failed) {
  std::shared_ptr<CompilerInvocation> Inv =
      makeSideParseInvocation(Invocation);
  for (const auto &Entry : Overrides)
    Inv->getPreprocessorOpts().addRemappedFile(
        Entry.first,
        llvm::MemoryBuffer::getMemBufferCopy(Entry.second, Entry.first)
            .release());
  ErrorFileCollector Errors;
  std::unique_ptr<CompilerInstance> CI =
      compat::makeCompilerInstance(std::move(Inv), &Errors);
  SyntaxOnlyAction Action;
  bool Ok = CI->ExecuteAction(Action);
  Failed = !Ok || CI->getDiagnostics().hasErrorOccurred();
  std::vector<std::string> Files(Errors.Files.begin(), Errors.Files.end());
  return Files;
}

InstrumentedTranslationUnit
instrumentInvocation(const CompilerInvocation &Invocation,
                     const MapLensOptions &Opts,
                     std::function<bool(llvm::StringRef)> AcceptFile,
                     IncludeStyle Style, llvm::StringRef IncludeSpelling) {
  InstrumentedTranslationUnit Result;
  {
    IgnoringDiagConsumer Ignore;
    std::unique_ptr<CompilerInstance> CI = compat::makeCompilerInstance(
        makeSideParseInvocation(Invocation), &Ignore);
    PlanAction Action(Opts, AcceptFile, Result.Plan);
    bool Ok = CI->ExecuteAction(Action);
    if (!Ok || CI->getDiagnostics().hasErrorOccurred()) {
      Result.ParseFailed = true;
      return Result;
    }
  }
  for (const auto &Entry : Result.Plan.Files) {
    llvm::Expected<std::string> Text =
        renderInstrumentedFile(Entry.second, Style, IncludeSpelling);
    if (!Text) {
      Result.Dropped.push_back({Entry.first, llvm::toString(Text.takeError())});
      continue;
    }
    Result.Texts[Entry.first] = std::move(*Text);
  }
  // A rewrite that would not compile is not used: drop the files the errors
  // are in (or all of them, for errors elsewhere) and check again.
  for (int Round = 0; Round < 3 && !Result.Texts.empty(); ++Round) {
    bool Failed = false;
    std::vector<std::string> Bad =
        filesWithErrors(Invocation, Result.Texts, Failed);
    if (!Failed)
      return Result;
    std::vector<std::string> Drop;
    for (const auto &Entry : Result.Texts)
      if (llvm::any_of(Bad, [&](const std::string &B) {
            return !B.empty() && sameFile(B, Entry.first);
          }))
        Drop.push_back(Entry.first);
    if (Drop.empty() || Round == 2)
      for (const auto &Entry : Result.Texts)
        Drop.push_back(Entry.first);
    for (const std::string &D : Drop)
      if (Result.Texts.erase(D))
        Result.Dropped.push_back(
            {D, "the instrumented file would not compile"});
  }
  return Result;
}

} // namespace maplens
