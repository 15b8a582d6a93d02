//===--- ProfileReport.h - Read, merge and present probe profiles --------===//
//
/// \file
/// The last step of the data flow: profile files written by
/// <maplens/probe.h> (schema: docs/profile-json.md) are read strictly,
/// merged by site id across processes and runs, and presented as text,
/// JSON, Markdown or folded stacks (`maplens report`, docs/report.md).
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_REPORT_PROFILEREPORT_H
#define MAPLENS_REPORT_PROFILEREPORT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace maplens {

/// The profile format version this build reads and the runtime writes.
constexpr int ProfileFormatVersion = 1;

struct ProfileSite {
  std::string Id, File, Container, Function, Loop;
  unsigned Line = 0, Column = 0;
  uint64_t Executions = 0, Iterations = 0, LoopNs = 0, IterationNs = 0;
  /// What the split was measured from (the file's `samples`; 0 where a
  /// file has none): executions over a snapshot, and sampled gaps.
  uint64_t SnapshotExecutions = 0, Gaps = 0;
};

struct Profile {
  std::string Program;
  uint64_t Pid = 0, WallNs = 0, CpuNs = 0;
  std::vector<ProfileSite> Sites;
};

/// Parses one profile file's text. Errors say what is wrong; the caller
/// adds the file name.
llvm::Expected<Profile> parseProfile(llvm::StringRef Text);

/// Snapshot executions below this many make a split rough: one execution
/// of a loop may cost twice another (docs/probe-runtime.md, PageRank).
constexpr uint64_t FewSnapshotExecutions = 8;

struct ReportSite : ProfileSite {
  uint64_t BodyNs = 0;
  /// "snapshots" (executions over a snapshot were compared with those over
  /// the container), "gaps" (sampled gaps between bodies) or "none".
  std::string SplitBasis;
  double IterationShare = 0; ///< IterationNs / LoopNs
  double ProgramShare = 0;   ///< LoopNs / the processes' wall time
};

struct Report {
  unsigned Processes = 0;
  uint64_t WallNs = 0, CpuNs = 0;
  /// Sorted by LoopNs, largest first.
  std::vector<ReportSite> Sites;
};

/// Sums sites with the same id (one loop seen by several processes, runs or
/// template instantiations) and computes the shares.
Report mergeProfiles(llvm::ArrayRef<Profile> Profiles);

std::string formatReportText(const Report &R, unsigned Top);
std::string formatReportJson(const Report &R);
std::string formatReportMarkdown(const Report &R, unsigned Top);
/// Folded stacks: `program;function;loop;iteration NS` and `...;body NS`,
/// plus the time outside instrumented loops.
std::string formatReportFolded(const Report &R);

} // namespace maplens

#endif // MAPLENS_REPORT_PROFILEREPORT_H
