//===--- InstrumentLoopsRewrite.h - Wrap loops in timing probes ----------===//
//
/// \file
/// Turns the sites of one translation unit into text insertions that wrap
/// each loop in the probes of <maplens/probe.h>. The plugin's instrument
/// mode and `maplens instrument` both use it; they differ only in where the
/// probe's #include goes and what they do with the text.
///
/// Every insertion is on an existing line and adds no line break, so each
/// original line keeps its number (and, apart from the loop line's columns,
/// its text). A loop whose body already starts with a probe is recognized
/// and left alone: instrumenting twice changes nothing.
///
/// For the user-facing documentation see:
/// docs/rewrites/instrument-loops.md
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_REWRITES_INSTRUMENTLOOPSREWRITE_H
#define MAPLENS_REWRITES_INSTRUMENTLOOPSREWRITE_H

#include "analysis/SiteAnchor.h"
#include "analysis/SnapshotSafety.h"
#include "core/LoopSite.h"

#include "clang/AST/ASTContext.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace maplens {

/// How an instrumented range-based for may walk snapshots of its range
/// (docs/probe-runtime.md), weakest first. Each form needs what the one
/// before it needs, and more.
enum class SnapshotForm {
  /// Never: the body may change the range (analysis/SnapshotSafety.h).
  None,
  /// `for (x : loop.range(m))`: some timed executions walk an array of the
  /// range's iterators, in the same loop.
  InLoop,
  /// `loop.run([&](auto &pass) { for (x : pass.range(m)) ... })`: the loop
  /// is compiled twice, once as a pass over an array of pointers to the
  /// elements (analysis/ContiguousPass.h).
  TwoPass,
  /// The same with `pass.values(m)`: the second pass may walk copies.
  TwoPassCopies,
};

/// Text inserted at Offset. Several insertions at one offset are applied in
/// ascending Order (outer loops open first and close last).
struct Insertion {
  Insertion() = default;
  Insertion(unsigned Offset, int Order, std::string Text)
      : Offset(Offset), Order(Order), Text(std::move(Text)) {}
  unsigned Offset = 0;
  int Order = 0;
  std::string Text;
  /// On the insertions that differ between snapshot forms: the id of their
  /// site, and the text for each form (indexed by SnapshotForm; empty: no
  /// insertion). Plans of different translation units must agree on the
  /// form; see mergeInstrumentPlans.
  std::string SnapshotOf;
  std::vector<std::string> TextByForm;
};

/// The planned edits of one file.
struct FileInstrumentation {
  /// Absolute, normalized path.
  std::string Path;
  /// The text the edits apply to.
  std::string Original;
  std::vector<Insertion> Inserts;
  /// Ids of the sites instrumented in this file.
  std::vector<std::string> SiteIds;
  /// Start offsets of blank lines at file scope before the first
  /// instrumented loop's declaration: where the probe's #include may go
  /// without adding a line.
  std::vector<unsigned> IncludeSlots;
  /// The file already includes <maplens/probe.h>.
  bool HasProbeInclude = false;
};

struct NotInstrumented {
  LoopSite Site;
  /// "macro-expansion", "algorithm-result-used", ...; docs/rewrites/
  /// instrument-loops.md lists them.
  std::string Reason;
};

struct InstrumentPlan {
  /// By path.
  std::map<std::string, FileInstrumentation> Files;
  std::vector<LoopSite> Instrumented;
  /// The instrumented sites whose range is wrapped so that sampled
  /// executions can walk a snapshot (analysis/SnapshotSafety.h), by id,
  /// with the form they use (never SnapshotForm::None).
  std::map<std::string, SnapshotForm> SnapshotWalks;
  std::vector<LoopSite> AlreadyInstrumented;
  std::vector<NotInstrumented> Skipped;
};

/// Where the probe's #include goes.
enum class IncludeStyle {
  /// On a blank line at file scope (source edits: no line is added). A file
  /// without one is not instrumented.
  BlankLine,
  /// At the top, followed by `#line 1` (in-memory buffers of the plugin:
  /// the compiler still reports original line numbers).
  LineDirective,
};

/// Where the edits will be compiled: it decides which loops in templates
/// may walk snapshots.
enum class EditScope {
  /// Only in the translation unit analysed (the plugin's in-memory text):
  /// every instantiation that will run the edited loop is in view.
  ThisTranslationUnit,
  /// Wherever the edited files are compiled (source edits): a header's
  /// template may be instantiated in a translation unit never analysed,
  /// with a body that does change its range.
  SourceFiles,
};

class InstrumentLoopsRewrite {
public:
  /// The name shown in brackets after every message about this rewrite.
  static constexpr llvm::StringLiteral Name = "maplens-instrument-loops";

  /// Only files for which AcceptFile(path) is true are instrumented; the
  /// others' sites are neither edited nor listed.
  InstrumentLoopsRewrite(clang::ASTContext &Ctx,
                         std::function<bool(llvm::StringRef)> AcceptFile,
                         EditScope Scope);

  InstrumentPlan plan(llvm::ArrayRef<FoundSite> Sites);

private:
  struct SitePieces;
  void planSnapshot(const FoundSite &F, SitePieces &P);
  bool guardsText(const SnapshotVerdict &Verdict, clang::FileID File,
                  std::string &Out);
  bool planAlgorithm(const FoundSite &F, SitePieces &P, std::string &Reason);
  /// Begin and end offsets of the top-level declarations wholly in File,
  /// collected once per file (every site asks).
  const std::vector<std::pair<unsigned, unsigned>> &
  topLevelRanges(clang::FileID File);
  unsigned topLevelBegin(clang::FileID File, unsigned Offset);
  bool planSite(const FoundSite &F, SitePieces &Out, std::string &Reason);
  bool isAlreadyInstrumented(const SiteAnchor &A) const;
  std::vector<unsigned> includeSlots(clang::FileID FID, unsigned FirstUse);

  clang::ASTContext &Ctx;
  std::function<bool(llvm::StringRef)> AcceptFile;
  EditScope Scope;
  /// Built on first need: instances of every range-for in the unit.
  std::unique_ptr<LoopInstances> Instances;
  /// topLevelRanges, by file.
  std::map<clang::FileID, std::vector<std::pair<unsigned, unsigned>>>
      TopLevel;
};

/// Adds From's files and sites to Into. Insertions of a file seen by both
/// (a header included by several translation units) are united, except
/// that a loop gets the weakest snapshot form that the translation units
/// that instrumented it planned: a range is wrapped for snapshots only if
/// every one of them found that safe.
void mergeInstrumentPlans(InstrumentPlan &Into, InstrumentPlan From);

/// The file's instrumented text. IncludeSpelling is what follows #include
/// (`"/abs/probe.h"` or `<maplens/probe.h>`). Fails with BlankLine style when
/// the file has no include slot.
llvm::Expected<std::string>
renderInstrumentedFile(const FileInstrumentation &F, IncludeStyle Style,
                       llvm::StringRef IncludeSpelling);

/// The same edits as Replacements (for --export-fixes).
llvm::Expected<clang::tooling::Replacements>
instrumentationReplacements(const FileInstrumentation &F,
                            llvm::StringRef IncludeSpelling);

/// The spelling of the probe header shipped with this build of maplens:
/// `"/absolute/path/maplens/probe.h"`.
std::string defaultProbeIncludeSpelling();

} // namespace maplens

#endif // MAPLENS_REWRITES_INSTRUMENTLOOPSREWRITE_H
