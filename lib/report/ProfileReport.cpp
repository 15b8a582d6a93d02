//===--- ProfileReport.cpp ------------------------------------------------===//

#include "report/ProfileReport.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace maplens {

namespace json = llvm::json;

static llvm::Error fail(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Message.str());
}

static llvm::Error readString(const json::Object &O, llvm::StringRef Key,
                              std::string &Out, const llvm::Twine &Where) {
  std::optional<llvm::StringRef> V = O.getString(Key);
  if (!V)
    return fail(Where + ": '" + Key + "' is missing or not a string");
  Out = V->str();
  return llvm::Error::success();
}

template <class T>
static llvm::Error readCount(const json::Object &O, llvm::StringRef Key,
                             T &Out, const llvm::Twine &Where) {
  const json::Value *V = O.get(Key);
  std::optional<int64_t> I = V ? V->getAsInteger() : std::nullopt;
  if (!I) {
    // Counts above INT64_MAX arrive as unsigned.
    std::optional<uint64_t> U = V ? V->getAsUINT64() : std::nullopt;
    if (!U)
      return fail(Where + ": '" + Key + "' is missing or not an integer");
    Out = static_cast<T>(*U);
    return llvm::Error::success();
  }
  if (*I < 0)
    return fail(Where + ": '" + Key + "' is negative");
  Out = static_cast<T>(*I);
  return llvm::Error::success();
}

llvm::Expected<Profile> parseProfile(llvm::StringRef Text) {
  if (Text.empty())
    return fail("empty file (not a maplens profile)");
  llvm::Expected<json::Value> Doc = json::parse(Text);
  if (!Doc)
    return fail("not valid JSON (truncated?): " +
                llvm::toString(Doc.takeError()));
  const json::Object *Root = Doc->getAsObject();
  if (!Root || Root->getString("format") != llvm::StringRef("maplens-profile"))
    return fail("not a maplens profile (no \"format\": \"maplens-profile\")");
  std::optional<int64_t> Version = Root->getInteger("version");
  if (!Version)
    return fail("'version' is missing");
  if (*Version != ProfileFormatVersion)
    return fail("profile version " + llvm::Twine(*Version) +
                " is not supported (this maplens reads version " +
                llvm::Twine(ProfileFormatVersion) + ")");
  Profile P;
  if (llvm::Error E = readString(*Root, "program", P.Program, "profile"))
    return E;
  if (llvm::Error E = readCount(*Root, "pid", P.Pid, "profile"))
    return E;
  if (llvm::Error E = readCount(*Root, "wall_ns", P.WallNs, "profile"))
    return E;
  if (llvm::Error E = readCount(*Root, "cpu_ns", P.CpuNs, "profile"))
    return E;
  const json::Array *Sites = Root->getArray("sites");
  if (!Sites)
    return fail("'sites' is missing or not an array");
  for (size_t I = 0; I < Sites->size(); ++I) {
    std::string Where = "sites[" + std::to_string(I) + "]";
    const json::Object *O = (*Sites)[I].getAsObject();
    if (!O)
      return fail(Where + " is not an object");
    ProfileSite S;
    for (auto [Key, Field] :
         {std::pair<const char *, std::string *>{"id", &S.Id},
          {"file", &S.File},
          {"container", &S.Container},
          {"function", &S.Function},
          {"loop", &S.Loop}})
      if (llvm::Error E = readString(*O, Key, *Field, Where))
        return E;
    if (llvm::Error E = readCount(*O, "line", S.Line, Where))
      return E;
    if (llvm::Error E = readCount(*O, "column", S.Column, Where))
      return E;
    for (auto [Key, Field] :
         {std::pair<const char *, uint64_t *>{"executions", &S.Executions},
          {"iterations", &S.Iterations},
          {"loop_ns", &S.LoopNs},
          {"iteration_ns", &S.IterationNs}})
      if (llvm::Error E = readCount(*O, Key, *Field, Where))
        return E;
    if (S.IterationNs > S.LoopNs)
      return fail(Where + ": iteration_ns exceeds loop_ns");
    // Optional (files may hold no samples); where present, counts.
    if (const json::Object *Samples = O->getObject("samples")) {
      std::string In = Where + ".samples";
      for (auto [Key, Field] :
           {std::pair<const char *, uint64_t *>{"snapshot_executions",
                                                &S.SnapshotExecutions},
            {"gaps", &S.Gaps}})
        if (Samples->get(Key))
          if (llvm::Error E = readCount(*Samples, Key, *Field, In))
            return E;
    }
    P.Sites.push_back(std::move(S));
  }
  return P;
}

Report mergeProfiles(llvm::ArrayRef<Profile> Profiles) {
  Report R;
  llvm::StringMap<size_t> Index;
  for (const Profile &P : Profiles) {
    ++R.Processes;
    R.WallNs += P.WallNs;
    R.CpuNs += P.CpuNs;
    for (const ProfileSite &S : P.Sites) {
      auto [It, New] = Index.try_emplace(S.Id, R.Sites.size());
      if (New) {
        ReportSite RS;
        static_cast<ProfileSite &>(RS) = S;
        R.Sites.push_back(RS);
        continue;
      }
      ReportSite &T = R.Sites[It->second];
      T.Executions += S.Executions;
      T.Iterations += S.Iterations;
      T.LoopNs += S.LoopNs;
      T.IterationNs += S.IterationNs;
      T.SnapshotExecutions += S.SnapshotExecutions;
      T.Gaps += S.Gaps;
    }
  }
  for (ReportSite &S : R.Sites) {
    S.BodyNs = S.LoopNs - S.IterationNs;
    S.SplitBasis = S.SnapshotExecutions ? "snapshots"
                   : S.Gaps             ? "gaps"
                                        : "none";
    S.IterationShare =
        S.LoopNs ? static_cast<double>(S.IterationNs) / S.LoopNs : 0;
    S.ProgramShare = R.WallNs ? static_cast<double>(S.LoopNs) / R.WallNs : 0;
  }
  std::stable_sort(R.Sites.begin(), R.Sites.end(),
                   [](const ReportSite &A, const ReportSite &B) {
                     if (A.LoopNs != B.LoopNs)
                       return A.LoopNs > B.LoopNs;
                     return A.Id < B.Id;
                   });
  return R;
}

static std::string duration(uint64_t Ns) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  if (Ns >= 1000000000)
    OS << llvm::format("%.2f s", Ns / 1e9);
  else if (Ns >= 1000000)
    OS << llvm::format("%.1f ms", Ns / 1e6);
  else if (Ns >= 1000)
    OS << llvm::format("%.1f us", Ns / 1e3);
  else
    OS << Ns << " ns";
  return OS.str();
}

static std::string percent(double Share) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << llvm::format("%.1f%%", Share * 100);
  return OS.str();
}

static std::string where(const ReportSite &S) {
  return S.File + ":" + std::to_string(S.Line) + ":" +
         std::to_string(S.Column);
}

/// One sentence on what a loop's numbers mean for the user.
static std::string verdict(const ReportSite &S) {
  std::string Loc = where(S);
  double PerIteration =
      S.Iterations ? static_cast<double>(S.LoopNs) / S.Iterations : 0;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << Loc << " (" << S.Function << "): " << percent(S.ProgramShare)
     << " of the run, ";
  if (S.IterationShare >= 0.5)
    OS << percent(S.IterationShare)
       << " of it walking the " << S.Container
       << ". Scanning a contiguous snapshot instead would save most of "
          "that.";
  else if (S.IterationShare >= 0.2)
    OS << percent(S.IterationShare) << " of it walking the container; the "
       << "body dominates, but a contiguous snapshot would still help.";
  else
    OS << "almost all of it in the loop body ("
       << percent(1 - S.IterationShare)
       << "): the container is not the problem here.";
  OS << llvm::format(" (%.1f ns per iteration)", PerIteration);
  // How much the split can be trusted, where it rests on little.
  if (S.SplitBasis == "snapshots" &&
      S.SnapshotExecutions < FewSnapshotExecutions)
    OS << " The split rests on " << S.SnapshotExecutions
       << " snapshot execution" << (S.SnapshotExecutions == 1 ? "" : "s")
       << ": rough, as one execution of a loop may cost twice another.";
  else if (S.SplitBasis == "gaps")
    OS << " The split comes from timed gaps between bodies (no execution "
          "walked a snapshot): rough where a step costs a few ns.";
  else if (S.SplitBasis == "none" && S.Executions)
    OS << " No split was measured.";
  return OS.str();
}

std::string formatReportText(const Report &R, unsigned Top) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "maplens report: " << R.Processes << " process"
     << (R.Processes == 1 ? "" : "es") << ", wall " << duration(R.WallNs)
     << ", cpu " << duration(R.CpuNs) << ", " << R.Sites.size() << " loop"
     << (R.Sites.size() == 1 ? "" : "s") << "\n\n";
  std::vector<std::vector<std::string>> Rows;
  Rows.push_back({"program", "loop", "iteration", "body", "iter%", "execs",
                  "iterations", "location", "container"});
  uint64_t Loop = 0, Iter = 0, Body = 0, Execs = 0, Iters = 0;
  for (const ReportSite &S : R.Sites) {
    Rows.push_back({percent(S.ProgramShare), duration(S.LoopNs),
                    duration(S.IterationNs), duration(S.BodyNs),
                    percent(S.IterationShare), std::to_string(S.Executions),
                    std::to_string(S.Iterations), where(S), S.Container});
    Loop += S.LoopNs;
    Iter += S.IterationNs;
    Body += S.BodyNs;
    Execs += S.Executions;
    Iters += S.Iterations;
  }
  Rows.push_back({percent(R.WallNs ? static_cast<double>(Loop) / R.WallNs : 0),
                  duration(Loop), duration(Iter), duration(Body),
                  percent(Loop ? static_cast<double>(Iter) / Loop : 0),
                  std::to_string(Execs), std::to_string(Iters), "total", ""});
  std::vector<size_t> Width(Rows[0].size(), 0);
  for (const auto &Row : Rows)
    for (size_t C = 0; C < Row.size(); ++C)
      Width[C] = std::max(Width[C], Row[C].size());
  for (size_t I = 0; I < Rows.size(); ++I) {
    const auto &Row = Rows[I];
    std::string Line;
    for (size_t C = 0; C < Row.size(); ++C) {
      // Numbers right-aligned, text left-aligned.
      bool Left = C >= 7;
      std::string Pad(Width[C] - Row[C].size(), ' ');
      Line += Left ? Row[C] + (C + 1 < Row.size() ? Pad : "") : Pad + Row[C];
      if (C + 1 < Row.size())
        Line += "  ";
    }
    while (!Line.empty() && Line.back() == ' ')
      Line.pop_back();
    OS << Line << "\n";
  }
  if (!R.Sites.empty()) {
    OS << "\n";
    for (size_t I = 0; I < R.Sites.size() && I < Top; ++I)
      OS << "- " << verdict(R.Sites[I]) << "\n";
  }
  return OS.str();
}

std::string formatReportJson(const Report &R) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("version", ProfileFormatVersion);
    J.attributeObject("program", [&] {
      J.attribute("processes", static_cast<int64_t>(R.Processes));
      J.attribute("wall_ns", static_cast<int64_t>(R.WallNs));
      J.attribute("cpu_ns", static_cast<int64_t>(R.CpuNs));
    });
    J.attributeArray("sites", [&] {
      for (const ReportSite &S : R.Sites)
        J.object([&] {
          J.attribute("id", S.Id);
          J.attribute("file", S.File);
          J.attribute("line", static_cast<int64_t>(S.Line));
          J.attribute("column", static_cast<int64_t>(S.Column));
          J.attribute("container", S.Container);
          J.attribute("function", S.Function);
          J.attribute("loop", S.Loop);
          J.attribute("executions", static_cast<int64_t>(S.Executions));
          J.attribute("iterations", static_cast<int64_t>(S.Iterations));
          J.attribute("loop_ns", static_cast<int64_t>(S.LoopNs));
          J.attribute("iteration_ns", static_cast<int64_t>(S.IterationNs));
          J.attribute("body_ns", static_cast<int64_t>(S.BodyNs));
          J.attribute("iteration_share", S.IterationShare);
          J.attribute("program_share", S.ProgramShare);
          J.attribute("split_basis", S.SplitBasis);
          J.attribute("snapshot_executions",
                      static_cast<int64_t>(S.SnapshotExecutions));
          J.attribute("sampled_gaps", static_cast<int64_t>(S.Gaps));
        });
    });
  });
  OS << "\n";
  return OS.str();
}

static std::string markdownCell(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '|')
      Out += "\\|";
    else
      Out += C;
  }
  return Out;
}

std::string formatReportMarkdown(const Report &R, unsigned Top) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << "## maplens report\n\n"
     << R.Processes << " process" << (R.Processes == 1 ? "" : "es")
     << ", wall " << duration(R.WallNs) << ", cpu " << duration(R.CpuNs)
     << ".\n\n"
     << "| program | loop time | iteration | body | iteration share | "
        "executions | iterations | loop | container |\n"
     << "|---:|---:|---:|---:|---:|---:|---:|---|---|\n";
  for (const ReportSite &S : R.Sites)
    OS << "| " << percent(S.ProgramShare) << " | " << duration(S.LoopNs)
       << " | " << duration(S.IterationNs) << " | " << duration(S.BodyNs)
       << " | " << percent(S.IterationShare) << " | " << S.Executions
       << " | " << S.Iterations << " | `" << markdownCell(where(S)) << "` `"
       << markdownCell(S.Loop) << "` | `" << markdownCell(S.Container)
       << "` |\n";
  if (!R.Sites.empty()) {
    OS << "\n";
    for (size_t I = 0; I < R.Sites.size() && I < Top; ++I)
      OS << "- " << verdict(R.Sites[I]) << "\n";
  }
  return OS.str();
}

/// Folded-stack frames may not contain ';' (separator) or end in a number
/// after a space (the count); keep them readable and safe.
static std::string frame(llvm::StringRef S) {
  std::string Out;
  for (char C : S)
    Out += (C == ';' || C == '\n') ? ',' : C;
  return Out;
}

std::string formatReportFolded(const Report &R) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  uint64_t InLoops = 0;
  for (const ReportSite &S : R.Sites) {
    std::string Stack = "maplens;" + frame(S.Function.empty() ? "<global>"
                                                              : S.Function) +
                        ";" + frame(S.Loop + " @ " + where(S));
    if (S.IterationNs)
      OS << Stack << ";iteration " << S.IterationNs << "\n";
    if (S.BodyNs)
      OS << Stack << ";body " << S.BodyNs << "\n";
    InLoops += S.LoopNs;
  }
  // Nested loops are counted in their parents too, so this is a floor.
  if (R.WallNs > InLoops)
    OS << "maplens;[outside instrumented loops] " << (R.WallNs - InLoops)
       << "\n";
  return OS.str();
}

} // namespace maplens
