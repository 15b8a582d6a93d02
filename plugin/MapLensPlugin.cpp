//===--- MapLensPlugin.cpp - The maplens clang plugin ---------------------===//
//
/// \file
/// `clang++ -fplugin=MapLens.so -fplugin-arg-maplens-KEY=VALUE ...`
///
/// A thin adapter over lib/. Two modes do work:
///  - list (the default): runs findFoundSites() after the main action and
///    reports each site as a remark. It only reads the AST, so the object
///    file, dependency files and diagnostics of the build are those of a
///    build without it.
///  - instrument: before the main file is parsed, parses it on the side,
///    instruments its loops (and those of the project's headers) with
///    instrumentInvocation(), and hands the compiler the instrumented text
///    in place of the files' contents. Nothing on disk changes; a `#line`
///    directive keeps every line number exact.
/// User documentation: docs/plugin.md.
//
//===----------------------------------------------------------------------===//

#include "checks/FindLoopSites.h"
#include "core/MapLensOptions.h"
#include "rewrites/InstrumentInvocation.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace maplens {
namespace {

using namespace clang;

enum class PluginMode { List, Instrument, Off };

/// Says, once the main file has been parsed, which loops were left alone and
/// why. Not before: the `#line` directive that maps the instrumented buffer
/// back to the original line numbers only takes effect when it is lexed.
class InstrumentRemarksConsumer : public ASTConsumer {
public:
  InstrumentRemarksConsumer(CompilerInstance &CI, InstrumentedTranslationUnit TU)
      : CI(CI), TU(std::move(TU)) {}

  void HandleTranslationUnit(ASTContext &) override {
    SourceManager &SM = CI.getSourceManager();
    FileManager &FM = CI.getFileManager();
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // The #include and #line lines each instrumented buffer starts with.
    const unsigned AddedLines = 2;
    unsigned SkipID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark,
        "loop not instrumented: %0 [maplens-instrument-loops]");
    unsigned DropID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark,
        "'%0' not instrumented: %1 [maplens-instrument-loops]");
    for (const NotInstrumented &N : TU.Plan.Skipped) {
      SourceLocation Loc;
      if (auto File = FM.getOptionalFileRef(N.Site.File))
        Loc = SM.translateFileLineCol(
            *File, N.Site.Line + (TU.Texts.count(N.Site.File) ? AddedLines : 0),
            N.Site.Column);
      Diags.Report(Loc, SkipID) << N.Reason;
    }
    for (const auto &D : TU.Dropped)
      Diags.Report(DropID) << D.first << D.second;
  }

private:
  CompilerInstance &CI;
  InstrumentedTranslationUnit TU;
};

/// Replaces the contents of the instrumented files in CI's source manager
/// before anything is lexed. Returns the consumer that reports what was not
/// instrumented.
static std::unique_ptr<ASTConsumer>
instrumentBeforeParsing(CompilerInstance &CI, const MapLensOptions &Opts) {
  SourceManager &SM = CI.getSourceManager();
  FileManager &FM = CI.getFileManager();
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  if (!Main)
    return std::make_unique<ASTConsumer>(); // stdin: nothing to re-read
  InstrumentedTranslationUnit TU = instrumentInvocation(
      CI.getInvocation(), Opts, [](llvm::StringRef) { return true; },
      IncludeStyle::LineDirective, defaultProbeIncludeSpelling());
  if (TU.ParseFailed)
    return std::make_unique<ASTConsumer>(); // the real parse reports errors

  for (auto &Entry : TU.Texts) {
    llvm::Expected<FileEntryRef> File = FM.getFileRef(Entry.first);
    if (!File) {
      llvm::consumeError(File.takeError());
      continue;
    }
    SM.overrideFileContents(
        *File, llvm::MemoryBuffer::getMemBufferCopy(Entry.second, Entry.first));
    if (File->getUniqueID() == Main->getUniqueID()) {
      // The main file's FileID was sized for the old text: make a new one.
      SM.setMainFileID(SM.createFileID(*File, SourceLocation(), SrcMgr::C_User));
    }
  }
  return std::make_unique<InstrumentRemarksConsumer>(CI, std::move(TU));
}

/// For its lifetime, remarks are printed one line each (no source line and
/// caret under them) and llvm::errs() is buffered; afterwards the stream is
/// flushed and the compiler's settings are restored.
///
/// Why one line: the listing is an inventory, the same lines `maplens scan`
/// prints (the lit tests hold both front ends to them); a source line and a
/// caret under each of thousands of remarks triples its length, and
/// rendering them was half of what the plugin added to a compile of a
/// loop-dense translation unit (docs/performance.md).
/// Why buffered: llvm::errs() is unbuffered so that a diagnostic shows
/// before a crash, and clang's printer writes one remark in dozens of small
/// pieces: 4,500 remarks cost 300,000 write calls. The remarks are printed
/// one after another with nothing in between that could crash.
class ListingOutput {
public:
  explicit ListingOutput(DiagnosticOptions &Opts)
      : Opts(Opts), ShowCarets(Opts.ShowCarets) {
    Opts.ShowCarets = false;
    llvm::errs().SetBuffered();
  }
  ~ListingOutput() {
    llvm::errs().flush();
    llvm::errs().SetUnbuffered();
    Opts.ShowCarets = ShowCarets;
  }
  ListingOutput(const ListingOutput &) = delete;
  ListingOutput &operator=(const ListingOutput &) = delete;

private:
  DiagnosticOptions &Opts;
  bool ShowCarets;
};

class ListSitesConsumer : public ASTConsumer {
public:
  ListSitesConsumer(CompilerInstance &CI, MapLensOptions Opts)
      : CI(CI), Opts(std::move(Opts)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // A translation unit with errors has a partial AST; the compiler has
    // already said what is wrong, and sites found in it would be guesses.
    if (Diags.hasErrorOccurred())
      return;
    std::vector<FoundSite> Sites = findFoundSites(Ctx, Opts);
    if (Sites.empty())
      return;
    unsigned RemarkID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark, "%0 [maplens-range-over-map]");
    const SourceManager &SM = Ctx.getSourceManager();
    ListingOutput Listing(CI.getDiagnosticOpts());
    for (const FoundSite &F : Sites) {
      // Where the site's line and column point: the loop's expansion.
      SourceLocation Loc = SM.getExpansionLoc(F.Anchor.Statement->getBeginLoc());
      Diags.Report(Loc, RemarkID) << describeSite(F.Site);
    }
  }

private:
  CompilerInstance &CI;
  MapLensOptions Opts;
};

class MapLensAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    if (Mode == PluginMode::Off)
      return std::make_unique<ASTConsumer>();
    if (Mode == PluginMode::Instrument)
      return instrumentBeforeParsing(CI, Opts);
    return std::make_unique<ListSitesConsumer>(CI, Opts);
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    unsigned ErrorID = Diags.getCustomDiagID(
        DiagnosticsEngine::Error, "maplens plugin: %0");
    for (const std::string &Arg : Args) {
      auto [Key, Value] = llvm::StringRef(Arg).split('=');
      if (Key == "mode") {
        if (Value == "list") {
          Mode = PluginMode::List;
        } else if (Value == "instrument") {
          Mode = PluginMode::Instrument;
        } else if (Value == "off") {
          Mode = PluginMode::Off;
        } else {
          Diags.Report(ErrorID) << ("unknown mode '" + Value +
                                    "' (expected list, instrument or off)")
                                       .str();
          return false;
        }
        continue;
      }
      if (!MapLensOptions::isAnalysisKey(Key)) {
        Diags.Report(ErrorID)
            << ("unknown argument '-fplugin-arg-maplens-" + Arg +
                "' (expected mode, filter, containers, system-headers or "
                "root)");
        return false;
      }
      if (llvm::Error E = Opts.set(Key, Value)) {
        Diags.Report(ErrorID) << llvm::toString(std::move(E));
        return false;
      }
    }
    return true;
  }

  // After the main action: the build's own output is produced first and is
  // unaffected by whatever the plugin does.
  ActionType getActionType() override { return AddAfterMainAction; }

private:
  PluginMode Mode = PluginMode::List;
  MapLensOptions Opts;
};

} // namespace
} // namespace maplens

static clang::FrontendPluginRegistry::Add<maplens::MapLensAction>
    RegisterMapLens("maplens",
                    "find loops over associative containers (maplens)");
