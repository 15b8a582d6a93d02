//===--- MapLensPlugin.cpp - The maplens clang plugin ---------------------===//
//
/// \file
/// `clang++ -fplugin=MapLens.so -fplugin-arg-maplens-KEY=VALUE ...`
///
/// A thin adapter: it parses its arguments into MapLensOptions, runs
/// findLoopSites() after the main action and reports each site as a remark.
/// It runs *after* the compiler's own action and only reads the AST, so the
/// object file, dependency files and diagnostics of the build are those of
/// a build without it. User documentation: docs/plugin.md.
//
//===----------------------------------------------------------------------===//

#include "checks/FindLoopSites.h"
#include "checks/RangeOverMapCheck.h"
#include "core/MapLensOptions.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"

#include <memory>
#include <string>
#include <vector>

namespace maplens {
namespace {

using namespace clang;

enum class PluginMode { List, Off };

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
    std::vector<LoopSite> Sites = findLoopSites(Ctx, Opts);
    if (Sites.empty())
      return;
    unsigned RemarkID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark, "%0 [maplens-range-over-map]");
    const SourceManager &SM = Ctx.getSourceManager();
    for (const LoopSite &S : Sites) {
      // Re-find the location: sites carry file/line/column, and the
      // diagnostic wants a SourceLocation in this compilation.
      SourceLocation Loc;
      if (auto File = SM.getFileManager().getOptionalFileRef(S.File))
        Loc = SM.translateFileLineCol(*File, S.Line, S.Column);
      Diags.Report(Loc, RemarkID) << describeSite(S);
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
        } else if (Value == "off") {
          Mode = PluginMode::Off;
        } else {
          Diags.Report(ErrorID)
              << ("unknown mode '" + Value + "' (expected list or off)").str();
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
