//===--- CompilationSetup.cpp ---------------------------------------------===//

#include "CompilationSetup.h"

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <optional>
#include <string>
#include <vector>

namespace maplens {

using namespace clang::tooling;

static llvm::Error planError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Message.str().c_str());
}

static bool hasResourceDir(const CommandLineArguments &Args) {
  return llvm::any_of(Args, [](const std::string &A) {
    return llvm::StringRef(A).starts_with("-resource-dir");
  });
}

llvm::Expected<CompilationPlan> planCompilation(CompilationRequest Request) {
  CompilationPlan Plan;
  std::string Error;
  if (Request.FixedDatabase) {
    if (Request.Files.empty())
      return planError("compiler arguments were given after '--' but no "
                       "input file");
    Plan.Database = std::move(Request.FixedDatabase);
  } else if (!Request.BuildPath.empty()) {
    if (!llvm::sys::fs::is_directory(Request.BuildPath))
      return planError("-p '" + Request.BuildPath + "': no such directory");
    Plan.Database =
        CompilationDatabase::autoDetectFromDirectory(Request.BuildPath, Error);
    if (!Plan.Database)
      return planError("no compilation database in '" + Request.BuildPath +
                       "': " + Error);
  } else if (!Request.Files.empty()) {
    const std::string &First = Request.Files.front();
    Plan.Database =
        llvm::sys::fs::is_directory(First)
            ? CompilationDatabase::autoDetectFromDirectory(First, Error)
            : CompilationDatabase::autoDetectFromSource(First, Error);
    if (!Plan.Database)
      return planError(
          "no compile_commands.json found in any parent directory of '" +
          Request.Files.front() +
          "'; pass -p BUILD_DIR, or compiler arguments after '--'");
  } else {
    return planError("no input: give source files, -p BUILD_DIR, or both");
  }

  if (Request.Files.empty())
    Request.Files = Plan.Database->getAllFiles();
  if (Request.Files.empty())
    return planError("the compilation database in '" + Request.BuildPath +
                     "' lists no files");
  auto Absolute = [](llvm::StringRef F) {
    llvm::SmallString<256> Abs(F);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    return std::string(Abs);
  };
  // The database's files, absolute: read once, and only if a FILE is a
  // directory.
  std::optional<std::vector<std::string>> Listed;
  for (const std::string &F : Request.Files) {
    std::string Abs = Absolute(F);
    if (!llvm::sys::fs::is_directory(Abs)) {
      Plan.Files.push_back(Abs);
      continue;
    }
    // A directory stands for the database's files under it: `maplens scan
    // -p build src/`.
    if (!Listed) {
      Listed.emplace();
      for (const std::string &L : Plan.Database->getAllFiles())
        Listed->push_back(Absolute(L));
    }
    size_t Before = Plan.Files.size();
    for (const std::string &L : *Listed)
      if (llvm::StringRef(L).starts_with(Abs + "/"))
        Plan.Files.push_back(L);
    if (Plan.Files.size() == Before)
      return planError("'" + F + "' is a directory, and the compilation "
                       "database lists no file under it");
  }

  // Adjust every command: the user's extra arguments, then the resource
  // directory of the clang maplens was built against.
  std::unique_ptr<CompilationDatabase> DB = std::move(Plan.Database);
  auto Adjusting = std::make_unique<ArgumentsAdjustingCompilations>(std::move(DB));
  if (!Request.ExtraArgsBefore.empty())
    Adjusting->appendArgumentsAdjuster(getInsertArgumentAdjuster(
        Request.ExtraArgsBefore, ArgumentInsertPosition::BEGIN));
  if (!Request.ExtraArgs.empty())
    Adjusting->appendArgumentsAdjuster(getInsertArgumentAdjuster(
        Request.ExtraArgs, ArgumentInsertPosition::END));
  Adjusting->appendArgumentsAdjuster(
      [](const CommandLineArguments &Args, llvm::StringRef) {
        if (hasResourceDir(Args))
          return Args;
        // Right after the compiler name: commands may end in `-- FILE`.
        CommandLineArguments Out = Args;
        Out.insert(Out.begin() + (Out.empty() ? 0 : 1),
                   std::string("-resource-dir=") + MAPLENS_CLANG_RESOURCE_DIR);
        return Out;
      });
  Plan.Database = std::move(Adjusting);
  return Plan;
}

} // namespace maplens
