//===--- InstrumentCommand.cpp --------------------------------------------===//

#include "InstrumentCommand.h"

#include "CompilationSetup.h"
#include "ExitCodes.h"
#include "ProjectOptions.h"
#include "TranslationUnitRunner.h"

#include "checks/FindLoopSites.h"
#include "core/MapLensOptions.h"
#include "core/SiteIdentity.h"
#include "rewrites/InstrumentLoopsRewrite.h"

#include "clang/Tooling/ReplacementsYaml.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>
#include <set>

namespace maplens {

namespace cl = llvm::cl;

cl::SubCommand &instrumentSubcommand() {
  // Function-local: ProjectOptions.cpp registers options in it during
  // static initialization.
  static cl::SubCommand Command(
      "instrument", "Wrap the loops that walk associative containers in "
                    "timing probes (source edits)");
  return Command;
}
static cl::OptionCategory InstrumentCategory("maplens instrument options");

static cl::opt<bool> InPlace("in-place",
                             cl::desc("Rewrite the files in place (each "
                                      "atomically)"),
                             cl::sub(instrumentSubcommand()),
                             cl::cat(InstrumentCategory));
static cl::opt<std::string> OutputDir(
    "output-dir",
    cl::desc("Copy the project tree here and instrument the copy"),
    cl::value_desc("dir"), cl::sub(instrumentSubcommand()),
    cl::cat(InstrumentCategory));
static cl::opt<std::string> ExportFixes(
    "export-fixes",
    cl::desc("Write the edits as YAML for clang-apply-replacements"),
    cl::value_desc("file"), cl::sub(instrumentSubcommand()),
    cl::cat(InstrumentCategory));
static cl::opt<std::string> ProbeInclude(
    "probe-include",
    cl::desc("What the inserted #include names (default: this maplens's "
             "probe.h by absolute path; e.g. '<maplens/probe.h>' to use -I)"),
    cl::value_desc("spelling"), cl::sub(instrumentSubcommand()),
    cl::cat(InstrumentCategory));


static int usageError(const llvm::Twine &Message) {
  llvm::errs() << "maplens instrument: error: " << Message << "\n";
  return ExitUsageError;
}
static int inputError(const llvm::Twine &Message) {
  llvm::errs() << "maplens instrument: error: " << Message << "\n";
  return ExitInputError;
}

/// The permissions of the file at Path (an instrumented file keeps its
/// original's: a read-only or group-writable source stays so).
static llvm::Expected<llvm::sys::fs::perms>
permissionsOf(llvm::StringRef Path) {
  llvm::ErrorOr<llvm::sys::fs::perms> Perms =
      llvm::sys::fs::getPermissions(Path);
  if (!Perms)
    return llvm::createStringError(Perms.getError(), "cannot stat '%s': %s",
                                   Path.str().c_str(),
                                   Perms.getError().message().c_str());
  return *Perms;
}

/// Writes Text to Path with the permissions Mode: into a temporary file
/// beside it, then renamed over it, so Path is never half-written and a
/// failed write leaves the old file as it was.
static llvm::Error writeFileAtomically(llvm::StringRef Path,
                                       llvm::StringRef Text,
                                       llvm::sys::fs::perms Mode) {
  llvm::Expected<llvm::sys::fs::TempFile> Temp =
      llvm::sys::fs::TempFile::create(Path + "-%%%%%%.maplens-tmp");
  if (!Temp)
    return Temp.takeError();
  std::error_code EC;
  {
    llvm::raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
    OS << Text;
    OS.flush();
    EC = OS.error();
    OS.clear_error();
  }
  if (!EC)
    EC = llvm::sys::fs::setPermissions(Temp->FD, Mode);
  if (EC) {
    llvm::consumeError(Temp->discard());
    return llvm::createStringError(EC, "%s", EC.message().c_str());
  }
  return Temp->keep(Path);
}

/// Copies the tree at From to To, leaving out .git and the directories in
/// Skip (the output directory itself, the build directory).
static llvm::Error copyTree(llvm::StringRef From, llvm::StringRef To,
                            const std::vector<std::string> &Skip) {
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(From, EC), End;
       It != End && !EC; It.increment(EC)) {
    std::string Path = It->path();
    llvm::StringRef Name = llvm::sys::path::filename(Path);
    bool IsDir = It->type() == llvm::sys::fs::file_type::directory_file;
    llvm::SmallString<256> Real;
    if (IsDir && (Name == ".git" ||
                  (!llvm::sys::fs::real_path(Path, Real) &&
                   llvm::is_contained(Skip, std::string(Real))))) {
      It.no_push();
      continue;
    }
    llvm::SmallString<256> Target(To);
    llvm::sys::path::append(Target,
                            llvm::StringRef(Path).drop_front(From.size()));
    if (IsDir) {
      if (std::error_code E = llvm::sys::fs::create_directories(Target))
        return llvm::createStringError(E, "cannot create '%s': %s",
                                       Target.c_str(), E.message().c_str());
    } else if (It->type() == llvm::sys::fs::file_type::regular_file) {
      // With its permissions: a build in the copy runs the same scripts.
      llvm::ErrorOr<llvm::sys::fs::perms> Perms =
          llvm::sys::fs::getPermissions(Path);
      std::error_code E = Perms.getError();
      if (!E)
        E = llvm::sys::fs::copy_file(Path, Target);
      if (!E)
        E = llvm::sys::fs::setPermissions(Target, *Perms);
      if (E)
        return llvm::createStringError(E, "cannot copy '%s' to '%s': %s",
                                       Path.c_str(), Target.c_str(),
                                       E.message().c_str());
    }
  }
  if (EC)
    return llvm::createStringError(EC, "cannot read '%s': %s",
                                   From.str().c_str(), EC.message().c_str());
  return llvm::Error::success();
}

int runInstrument(std::unique_ptr<clang::tooling::CompilationDatabase> Fixed) {
  unsigned Modes = InPlace + !OutputDir.empty() + !ExportFixes.empty();
  if (Modes > 1)
    return usageError("--in-place, --output-dir and --export-fixes exclude "
                      "each other");
  llvm::Expected<MapLensOptions> Parsed = projectAnalysisOptions();
  if (!Parsed)
    return usageError(llvm::toString(Parsed.takeError()));
  const MapLensOptions Opts = std::move(*Parsed);
  std::string Spelling =
      ProbeInclude.empty() ? defaultProbeIncludeSpelling() : ProbeInclude;
  if (!(llvm::StringRef(Spelling).starts_with("<") ||
        llvm::StringRef(Spelling).starts_with("\"")))
    Spelling = "<" + Spelling + ">";

  CompilationRequest Request = projectCompilationRequest(std::move(Fixed));
  llvm::Expected<CompilationPlan> Plan = planCompilation(std::move(Request));
  if (!Plan)
    return usageError(llvm::toString(Plan.takeError()));

  // 1. Plan each translation unit, then unite the plans.
  std::vector<InstrumentPlan> PerTU(Plan->Files.size());
  RunnerOptions Runner = projectRunnerOptions();
  std::vector<TranslationUnitOutcome> Outcomes = runOnTranslationUnits(
      *Plan->Database, Plan->Files, Runner,
      [&](size_t Index, clang::ASTContext &Ctx) {
        std::vector<FoundSite> Sites = findFoundSites(Ctx, Opts);
        InstrumentLoopsRewrite Rewrite(
            Ctx, [](llvm::StringRef) { return true; }, EditScope::SourceFiles);
        mergeInstrumentPlans(PerTU[Index], Rewrite.plan(Sites));
      });
  size_t Failed = 0;
  for (const TranslationUnitOutcome &O : Outcomes)
    Failed += !O.Succeeded;
  if (Failed)
    return inputError(llvm::Twine(Failed) + " of " +
                      llvm::Twine(Plan->Files.size()) +
                      " file(s) could not be analysed; nothing written");
  InstrumentPlan All;
  for (InstrumentPlan &P : PerTU)
    mergeInstrumentPlans(All, P);

  // 2. Render, and 3. check that every affected translation unit still
  // compiles; files of one that does not are left alone.
  std::map<std::string, std::string> Texts;
  std::vector<std::pair<std::string, std::string>> Dropped;
  for (const auto &Entry : All.Files) {
    llvm::Expected<std::string> Text =
        renderInstrumentedFile(Entry.second, IncludeStyle::BlankLine, Spelling);
    if (!Text)
      Dropped.push_back({Entry.first, llvm::toString(Text.takeError())});
    else
      Texts[Entry.first] = std::move(*Text);
  }
  if (!Texts.empty()) {
    std::vector<std::string> Affected;
    std::vector<size_t> AffectedIndex;
    for (size_t I = 0; I < PerTU.size(); ++I)
      for (const auto &Entry : PerTU[I].Files)
        if (Texts.count(Entry.first)) {
          Affected.push_back(Plan->Files[I]);
          AffectedIndex.push_back(I);
          break;
        }
    RunnerOptions Check = projectRunnerOptions();
    Check.ShowProgress = false;
    Check.Overlay = &Texts;
    Check.DiscardDiagnostics = true;
    std::vector<TranslationUnitOutcome> Checked = runOnTranslationUnits(
        *Plan->Database, Affected, Check, [](size_t, clang::ASTContext &) {});
    for (size_t K = 0; K < Checked.size(); ++K) {
      if (Checked[K].Succeeded)
        continue;
      for (const auto &Entry : PerTU[AffectedIndex[K]].Files)
        if (Texts.erase(Entry.first))
          Dropped.push_back({Entry.first,
                             "the instrumented file would not compile (as "
                             "part of " + Affected[K] + ")"});
    }
  }

  // 4. Say what was done and what was not.
  llvm::raw_ostream &OS = llvm::outs();
  for (const NotInstrumented &N : All.Skipped)
    OS << N.Site.File << ":" << N.Site.Line << ":" << N.Site.Column
       << ": remark: loop not instrumented: " << N.Reason << " ["
       << InstrumentLoopsRewrite::Name << "]\n";
  for (const auto &D : Dropped)
    OS << D.first << ": remark: file not instrumented: " << D.second << " ["
       << InstrumentLoopsRewrite::Name << "]\n";
  size_t Loops = 0, Snapshots = 0;
  for (const auto &Entry : All.Files)
    if (Texts.count(Entry.first)) {
      Loops += Entry.second.SiteIds.size();
      for (const std::string &Id : Entry.second.SiteIds)
        Snapshots += All.SnapshotWalks.count(Id);
    }
  if (!projectQuiet())
    llvm::errs() << "maplens instrument: " << Loops << " loop(s) in "
                 << Texts.size() << " file(s) "
                 << (Modes ? "instrumented" : "would be instrumented (dry "
                                               "run: see --in-place, "
                                               "--output-dir, --export-fixes)")
                 << " (" << Snapshots << " with snapshot walks)"
                 << "; " << All.AlreadyInstrumented.size()
                 << " already instrumented; " << All.Skipped.size()
                 << " not instrumentable\n";

  // 5. Write.
  if (InPlace) {
    for (const auto &Entry : Texts) {
      llvm::Expected<llvm::sys::fs::perms> Mode = permissionsOf(Entry.first);
      if (!Mode)
        return inputError(llvm::toString(Mode.takeError()));
      if (llvm::Error E = writeFileAtomically(Entry.first, Entry.second, *Mode))
        return inputError("cannot write '" + Entry.first +
                          "': " + llvm::toString(std::move(E)));
    }
  } else if (!OutputDir.empty()) {
    if (Texts.empty())
      return ExitSuccess;
    ProjectRootResolver Roots(Opts.Root);
    std::string ProjectRoot = Roots.rootFor(Texts.begin()->first);
    if (ProjectRoot.empty())
      return inputError("no project root for '" + Texts.begin()->first +
                        "' (no .git above it; pass --root)");
    if (std::error_code EC = llvm::sys::fs::create_directories(OutputDir))
      return inputError("cannot create '" + OutputDir + "': " + EC.message());
    llvm::SmallString<256> OutReal, BuildReal;
    llvm::sys::fs::real_path(OutputDir, OutReal);
    std::vector<std::string> Skip = {std::string(OutReal)};
    const std::string &BuildPath = projectBuildPath();
    if (!BuildPath.empty() && !llvm::sys::fs::real_path(BuildPath, BuildReal))
      Skip.push_back(std::string(BuildReal));
    if (llvm::Error E = copyTree(ProjectRoot, OutReal, Skip))
      return inputError(llvm::toString(std::move(E)));
    for (const auto &Entry : Texts) {
      llvm::StringRef Rel(Entry.first);
      if (!Rel.consume_front(ProjectRoot))
        return inputError("'" + Entry.first + "' is outside the project root '" +
                          ProjectRoot + "'");
      llvm::SmallString<256> Target(OutReal);
      llvm::sys::path::append(Target, Rel);
      llvm::Expected<llvm::sys::fs::perms> Mode = permissionsOf(Entry.first);
      if (!Mode)
        return inputError(llvm::toString(Mode.takeError()));
      if (llvm::Error E = writeFileAtomically(Target, Entry.second, *Mode))
        return inputError("cannot write '" + std::string(Target) +
                          "': " + llvm::toString(std::move(E)));
    }
  } else if (!ExportFixes.empty()) {
    clang::tooling::TranslationUnitReplacements TUR;
    TUR.MainSourceFile = Plan->Files.empty() ? "" : Plan->Files.front();
    for (const auto &Entry : All.Files) {
      if (!Texts.count(Entry.first))
        continue;
      llvm::Expected<clang::tooling::Replacements> Reps =
          instrumentationReplacements(Entry.second, Spelling);
      if (!Reps)
        return inputError("'" + Entry.first +
                          "': " + llvm::toString(Reps.takeError()));
      TUR.Replacements.insert(TUR.Replacements.end(), Reps->begin(),
                              Reps->end());
    }
    if (llvm::Error E = llvm::writeToOutput(
            ExportFixes, [&](llvm::raw_ostream &Out) -> llvm::Error {
              llvm::yaml::Output YAML(Out);
              YAML << TUR;
              return llvm::Error::success();
            }))
      return inputError("cannot write '" + ExportFixes +
                        "': " + llvm::toString(std::move(E)));
  }
  return ExitSuccess;
}

} // namespace maplens
