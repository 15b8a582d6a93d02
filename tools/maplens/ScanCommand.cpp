//===--- ScanCommand.cpp --------------------------------------------------===//

#include "ScanCommand.h"

#include "CompilationSetup.h"
#include "ExitCodes.h"
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

static cl::SubCommand ScanCommand(
    "scan", "List the loops that walk associative containers");
static cl::OptionCategory ScanCategory("maplens scan options");

static cl::list<std::string> Sources(cl::Positional, cl::desc("[FILES...]"),
                                     cl::sub(ScanCommand),
                                     cl::cat(ScanCategory));
static cl::opt<std::string>
    BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
              cl::value_desc("build-dir"), cl::sub(ScanCommand),
              cl::cat(ScanCategory));
enum class OutputFormat { Text, Json };
static cl::opt<OutputFormat> Format(
    "format", cl::desc("Output format"), cl::init(OutputFormat::Text),
    cl::values(clEnumValN(OutputFormat::Text, "text",
                          "clang-style 'file:line:col: remark: ...' lines"),
               clEnumValN(OutputFormat::Json, "json",
                          "{\"version\": 1, \"sites\": [...]}")),
    cl::sub(ScanCommand), cl::cat(ScanCategory));
static cl::opt<std::string>
    OutputPath("o", cl::desc("Write the output to this file (atomically)"),
               cl::value_desc("file"), cl::init("-"), cl::sub(ScanCommand),
               cl::cat(ScanCategory));
static cl::opt<unsigned>
    Jobs("j", cl::desc("Translation units processed at once (0: all cores)"),
         cl::init(0), cl::Prefix, cl::sub(ScanCommand), cl::cat(ScanCategory));
static cl::opt<std::string>
    Filter("filter", cl::desc("Report only sites whose file path matches "
                              "this regular expression"),
           cl::value_desc("regex"), cl::sub(ScanCommand),
           cl::cat(ScanCategory));
static cl::list<std::string> Containers(
    "containers",
    cl::desc("Edit the container list: NAME[=FAMILY] adds, -NAME removes "
             "(comma-separated; repeatable)"),
    cl::value_desc("spec"), cl::sub(ScanCommand), cl::cat(ScanCategory));
static cl::opt<bool>
    SystemHeaders("system-headers",
                  cl::desc("Also report loops in system headers"),
                  cl::sub(ScanCommand), cl::cat(ScanCategory));
static cl::opt<std::string>
    Root("root", cl::desc("Directory site ids are relative to (default: "
                          "the nearest ancestor holding .git)"),
         cl::value_desc("dir"), cl::sub(ScanCommand), cl::cat(ScanCategory));
static cl::list<std::string>
    ExtraArgs("extra-arg",
              cl::desc("Append this argument to every compile command"),
              cl::sub(ScanCommand), cl::cat(ScanCategory));
static cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Prepend this argument to every compile command"),
    cl::sub(ScanCommand), cl::cat(ScanCategory));
static cl::opt<bool> KeepGoing(
    "keep-going",
    cl::desc("Write the sites of the files that compiled even if others "
             "did not (the exit code is still 1)"),
    cl::sub(ScanCommand), cl::cat(ScanCategory));
static cl::opt<bool> Quiet("quiet", cl::desc("No progress lines on stderr"),
                           cl::sub(ScanCommand), cl::cat(ScanCategory));

cl::SubCommand &scanSubcommand() { return ScanCommand; }

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
  MapLensOptions Opts;
  auto Set = [&](llvm::StringRef Key, llvm::StringRef Value) {
    if (llvm::Error E = Opts.set(Key, Value)) {
      usageError("--" + llvm::toString(std::move(E)));
      return false;
    }
    return true;
  };
  if (Filter.getNumOccurrences() && !Set("filter", Filter))
    return ExitUsageError;
  for (const std::string &Spec : Containers)
    if (!Set("containers", Spec))
      return ExitUsageError;
  if (Root.getNumOccurrences() && !Set("root", Root))
    return ExitUsageError;
  Opts.SystemHeaders = SystemHeaders;

  CompilationRequest Request;
  Request.FixedDatabase = std::move(Fixed);
  Request.BuildPath = BuildPath;
  Request.Files.assign(Sources.begin(), Sources.end());
  Request.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  Request.ExtraArgsBefore.assign(ExtraArgsBefore.begin(),
                                 ExtraArgsBefore.end());
  llvm::Expected<CompilationPlan> Plan = planCompilation(std::move(Request));
  if (!Plan)
    return usageError(llvm::toString(Plan.takeError()));

  std::vector<std::vector<LoopSite>> PerFile(Plan->Files.size());
  RunnerOptions Runner;
  Runner.Jobs = Jobs;
  Runner.ShowProgress = !Quiet;
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
