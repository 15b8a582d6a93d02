//===--- ScanCommand.cpp --------------------------------------------------===//

#include "ScanCommand.h"

#include "CompilationSetup.h"
#include "ExitCodes.h"
#include "ProjectOptions.h"
#include "TranslationUnitRunner.h"

#include "checks/FindLoopSites.h"
#include "checks/RangeOverMapCheck.h"
#include "core/MapLensOptions.h"
#include "core/SiteJson.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <mutex>

namespace maplens {

namespace cl = llvm::cl;

cl::SubCommand &scanSubcommand() {
  // Function-local: ProjectOptions.cpp registers options in it during
  // static initialization.
  static cl::SubCommand Command(
      "scan", "List the loops that walk associative containers");
  return Command;
}
static cl::OptionCategory ScanCategory("maplens scan options");

enum class OutputFormat { Text, Json };
static cl::opt<OutputFormat> Format(
    "format", cl::desc("Output format"), cl::init(OutputFormat::Text),
    cl::values(clEnumValN(OutputFormat::Text, "text",
                          "clang-style 'file:line:col: remark: ...' lines"),
               clEnumValN(OutputFormat::Json, "json",
                          "{\"version\": 1, \"sites\": [...]}")),
    cl::sub(scanSubcommand()), cl::cat(ScanCategory));
static cl::opt<std::string>
    OutputPath("o", cl::desc("Write the output to this file (atomically)"),
               cl::value_desc("file"), cl::init("-"),
               cl::sub(scanSubcommand()), cl::cat(ScanCategory));
static cl::opt<bool>
    SystemHeaders("system-headers",
                  cl::desc("Also report loops in system headers"),
                  cl::sub(scanSubcommand()), cl::cat(ScanCategory));
static cl::opt<bool> KeepGoing(
    "keep-going",
    cl::desc("Write the sites of the files that compiled even if others "
             "did not (the exit code is still 1)"),
    cl::sub(scanSubcommand()), cl::cat(ScanCategory));


static int usageError(const llvm::Twine &Message) {
  llvm::errs() << "maplens scan: error: " << Message << "\n";
  return ExitUsageError;
}

static std::string formatText(const std::vector<LoopSite> &Sites) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const LoopSite &S : Sites)
    OS << S.File << ":" << S.Line << ":" << S.Column
       << ": remark: " << describeSite(S) << " [" << RangeOverMapCheck::Name
       << "]\n";
  OS.flush();
  return Out;
}

int runScan(std::unique_ptr<clang::tooling::CompilationDatabase> Fixed) {
  llvm::Expected<MapLensOptions> Parsed = projectAnalysisOptions();
  if (!Parsed)
    return usageError(llvm::toString(Parsed.takeError()));
  MapLensOptions Opts = std::move(*Parsed);
  Opts.SystemHeaders = SystemHeaders;

  CompilationRequest Request = projectCompilationRequest(std::move(Fixed));
  llvm::Expected<CompilationPlan> Plan = planCompilation(std::move(Request));
  if (!Plan)
    return usageError(llvm::toString(Plan.takeError()));

  std::vector<std::vector<LoopSite>> PerFile(Plan->Files.size());
  RunnerOptions Runner = projectRunnerOptions();
  std::vector<TranslationUnitOutcome> Outcomes = runOnTranslationUnits(
      *Plan->Database, Plan->Files, Runner,
      [&](size_t Index, clang::ASTContext &Ctx) {
        std::vector<LoopSite> Found = findLoopSites(Ctx, Opts);
        // A file with several compile commands is parsed several times.
        PerFile[Index].insert(PerFile[Index].end(), Found.begin(),
                              Found.end());
      });

  size_t Failed = std::count_if(
      Outcomes.begin(), Outcomes.end(),
      [](const TranslationUnitOutcome &O) { return !O.Succeeded; });
  if (Failed && !KeepGoing) {
    llvm::errs() << "maplens scan: error: " << Failed << " of "
                 << Plan->Files.size()
                 << " file(s) could not be analysed; no output written "
                    "(--keep-going writes the rest)\n";
    return ExitInputError;
  }

  // A loop in a header is seen by every file that includes it: one site.
  std::vector<LoopSite> Sites;
  llvm::StringSet<> SeenIds;
  for (std::vector<LoopSite> &Found : PerFile)
    for (LoopSite &S : Found)
      if (SeenIds.insert(S.Id).second)
        Sites.push_back(std::move(S));
  std::stable_sort(Sites.begin(), Sites.end(), siteLocationLess);

  std::string Output = Format == OutputFormat::Json
                           ? sitesDocumentToString(Sites)
                           : formatText(Sites);
  // Written to a temporary file and renamed: an interrupted run never
  // leaves a half-written output behind.
  if (llvm::Error E = llvm::writeToOutput(
          OutputPath, [&](llvm::raw_ostream &OS) -> llvm::Error {
            OS << Output;
            return llvm::Error::success();
          })) {
    llvm::errs() << "maplens scan: error: cannot write '" << OutputPath
                 << "': " << llvm::toString(std::move(E)) << "\n";
    return ExitInputError;
  }
  return Failed ? ExitInputError : ExitSuccess;
}

} // namespace maplens
