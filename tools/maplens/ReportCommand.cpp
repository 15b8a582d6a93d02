//===--- ReportCommand.cpp ------------------------------------------------===//

#include "ReportCommand.h"

#include "ExitCodes.h"

#include "report/ProfileReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace maplens {

namespace cl = llvm::cl;

static cl::SubCommand ReportCommand(
    "report", "Merge profiles of instrumented runs and report each loop");
static cl::OptionCategory ReportCategory("maplens report options");

static cl::list<std::string>
    Profiles(cl::Positional, cl::desc("PROFILE... (files or directories)"),
             cl::sub(ReportCommand), cl::cat(ReportCategory));
enum class ReportFormat { Text, Json, Markdown, Folded };
static cl::opt<ReportFormat> Format(
    "format", cl::desc("Output format"), cl::init(ReportFormat::Text),
    cl::values(
        clEnumValN(ReportFormat::Text, "text", "aligned table and verdicts"),
        clEnumValN(ReportFormat::Json, "json",
                   "{\"version\": 1, \"program\": {...}, \"sites\": [...]}"),
        clEnumValN(ReportFormat::Markdown, "markdown", "a Markdown table"),
        clEnumValN(ReportFormat::Folded, "folded",
                   "folded stacks for flamegraph.pl, speedscope, inferno")),
    cl::sub(ReportCommand), cl::cat(ReportCategory));
static cl::opt<unsigned>
    Top("top", cl::desc("Verdicts for this many loops (text, markdown)"),
        cl::init(3), cl::sub(ReportCommand), cl::cat(ReportCategory));
static cl::opt<std::string>
    OutputPath("o", cl::desc("Write the report to this file (atomically)"),
               cl::value_desc("file"), cl::init("-"), cl::sub(ReportCommand),
               cl::cat(ReportCategory));

cl::SubCommand &reportSubcommand() { return ReportCommand; }

static int inputError(const llvm::Twine &Message) {
  llvm::errs() << "maplens report: error: " << Message << "\n";
  return ExitInputError;
}

int runReport() {
  if (Profiles.empty()) {
    llvm::errs() << "maplens report: error: no profile given (files, or "
                    "directories holding maplens-*.json)\n";
    return ExitUsageError;
  }
  // A directory stands for the maplens-*.json files in it.
  std::vector<std::string> Files;
  for (const std::string &P : Profiles) {
    if (!llvm::sys::fs::is_directory(P)) {
      Files.push_back(P);
      continue;
    }
    std::error_code EC;
    std::vector<std::string> InDir;
    for (llvm::sys::fs::directory_iterator It(P, EC), End; It != End && !EC;
         It.increment(EC)) {
      llvm::StringRef Name = llvm::sys::path::filename(It->path());
      if (Name.starts_with("maplens-") && Name.ends_with(".json"))
        InDir.push_back(It->path());
    }
    if (EC)
      return inputError("cannot read directory '" + P + "': " + EC.message());
    if (InDir.empty())
      return inputError("no maplens-*.json profile in '" + P + "'");
    std::sort(InDir.begin(), InDir.end());
    Files.insert(Files.end(), InDir.begin(), InDir.end());
  }

  std::vector<Profile> Parsed;
  for (const std::string &F : Files) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
        llvm::MemoryBuffer::getFile(F);
    if (!Buffer)
      return inputError("cannot read '" + F +
                        "': " + Buffer.getError().message());
    llvm::Expected<Profile> P = parseProfile((*Buffer)->getBuffer());
    if (!P)
      return inputError("'" + F + "': " + llvm::toString(P.takeError()));
    Parsed.push_back(std::move(*P));
  }

  Report R = mergeProfiles(Parsed);
  std::string Output;
  switch (Format) {
  case ReportFormat::Text:
    Output = formatReportText(R, Top);
    break;
  case ReportFormat::Json:
    Output = formatReportJson(R);
    break;
  case ReportFormat::Markdown:
    Output = formatReportMarkdown(R, Top);
    break;
  case ReportFormat::Folded:
    Output = formatReportFolded(R);
    break;
  }
  if (llvm::Error E = llvm::writeToOutput(
          OutputPath, [&](llvm::raw_ostream &OS) -> llvm::Error {
            OS << Output;
            return llvm::Error::success();
          }))
    return inputError("cannot write '" + OutputPath +
                      "': " + llvm::toString(std::move(E)));
  return ExitSuccess;
}

} // namespace maplens
