//===--- ProjectOptions.cpp -----------------------------------------------===//

#include "ProjectOptions.h"

#include "InstrumentCommand.h"
#include "ScanCommand.h"

namespace maplens {

namespace cl = llvm::cl;

static cl::OptionCategory ProjectCategory("maplens project options");

namespace {
/// An option modifier: registers the option in every command that parses a
/// project, under one category.
struct ProjectCommands {
  template <class Opt> void apply(Opt &O) const {
    O.addSubCommand(scanSubcommand());
    O.addSubCommand(instrumentSubcommand());
    O.addCategory(ProjectCategory);
  }
};
} // namespace

static cl::list<std::string> Sources(cl::Positional, cl::desc("[FILES...]"),
                                     ProjectCommands());
static cl::opt<std::string>
    BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
              cl::value_desc("build-dir"), ProjectCommands());
static cl::opt<unsigned>
    Jobs("j", cl::desc("Translation units processed at once (0: all cores)"),
         cl::init(0), cl::Prefix, ProjectCommands());
static cl::opt<std::string>
    Filter("filter", cl::desc("Only loops in files whose path matches this "
                              "regular expression"),
           cl::value_desc("regex"), ProjectCommands());
static cl::list<std::string> Containers(
    "containers",
    cl::desc("Edit the container list: NAME[=FAMILY] adds, -NAME removes "
             "(comma-separated; repeatable)"),
    cl::value_desc("spec"), ProjectCommands());
static cl::opt<std::string>
    Root("root", cl::desc("The project root, which site ids and file names "
                          "are relative to (default: the nearest ancestor "
                          "holding .git)"),
         cl::value_desc("dir"), ProjectCommands());
static cl::list<std::string>
    ExtraArgs("extra-arg",
              cl::desc("Append this argument to every compile command"),
              ProjectCommands());
static cl::list<std::string> ExtraArgsBefore(
    "extra-arg-before",
    cl::desc("Prepend this argument to every compile command"),
    ProjectCommands());
static cl::opt<bool> Quiet("quiet", cl::desc("No progress lines on stderr"),
                           ProjectCommands());


llvm::Expected<MapLensOptions> projectAnalysisOptions() {
  MapLensOptions Opts;
  auto Set = [&](llvm::StringRef Key, llvm::StringRef Value) -> llvm::Error {
    if (llvm::Error E = Opts.set(Key, Value))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "--" + llvm::toString(std::move(E)));
    return llvm::Error::success();
  };
  if (Filter.getNumOccurrences())
    if (llvm::Error E = Set("filter", Filter))
      return E;
  for (const std::string &Spec : Containers)
    if (llvm::Error E = Set("containers", Spec))
      return E;
  if (Root.getNumOccurrences())
    if (llvm::Error E = Set("root", Root))
      return E;
  return Opts;
}

CompilationRequest projectCompilationRequest(
    std::unique_ptr<clang::tooling::CompilationDatabase> Fixed) {
  CompilationRequest Request;
  Request.FixedDatabase = std::move(Fixed);
  Request.BuildPath = BuildPath;
  Request.Files.assign(Sources.begin(), Sources.end());
  Request.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  Request.ExtraArgsBefore.assign(ExtraArgsBefore.begin(),
                                 ExtraArgsBefore.end());
  return Request;
}

RunnerOptions projectRunnerOptions() {
  RunnerOptions Runner;
  Runner.Jobs = Jobs;
  Runner.ShowProgress = !Quiet;
  return Runner;
}

bool projectQuiet() { return Quiet; }

const std::string &projectBuildPath() { return BuildPath; }

} // namespace maplens
