//===--- SnapshotSafety.h - May a loop walk a snapshot of its range? -----===//
//
/// \file
/// A range-based for may walk a snapshot of its range (an array of the
/// range's iterators, or later a presorted copy) instead of the range
/// itself only if nothing the body does can insert into, erase from or
/// otherwise restructure the range while the loop runs. The probe runtime
/// uses such snapshots to measure what a loop would cost over contiguous
/// memory (docs/probe-runtime.md); the presorted rewrite will use the same
/// verdict to decide which loops it may convert.
///
/// The analysis is conservative: "safe" is a proof under the assumptions
/// listed in docs/probe-runtime.md ("Which loops walk snapshots"), "unsafe"
/// may be a false alarm.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_ANALYSIS_SNAPSHOTSAFETY_H
#define MAPLENS_ANALYSIS_SNAPSHOTSAFETY_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace maplens {

struct SnapshotVerdict {
  bool Safe = false;
  /// Why not (empty when safe): "range-not-lvalue", "range-in-macro",
  /// "range-not-a-container", "body-may-modify-range", "opaque-call",
  /// "not-instantiated".
  std::string Reason;
  /// The expression behind the reason, when there is one.
  const clang::Stmt *Culprit = nullptr;
  /// Safe only in executions where none of these objects is the range: the
  /// body changes them (`other[k] = v`, `other.erase(k)`) and they have the
  /// range's type, so they may be the range under another name (a
  /// reference parameter, say). Each names the same object for the whole
  /// loop: a variable declared outside it, `this->member`, or a member of
  /// such a variable; the rewrite hands them to the probe, which compares
  /// addresses before it walks a snapshot. Objects that provably differ
  /// from the range (two variables that are not references, two members
  /// of one object) and variables made by the body need no guard. Across
  /// the instances of a template: each instance's guards, in order.
  std::vector<const clang::Expr *> Guards;
};

/// Every instantiation of the range-based for loops of one translation
/// unit, by the loop's source location: a loop in a template is safe only
/// if each of its instantiations is.
class LoopInstances {
public:
  /// Walks the translation unit's declarations outside system headers once.
  explicit LoopInstances(clang::ASTContext &Ctx);
  /// The non-dependent instances of the loop spelled where Any is (Any
  /// itself included when it is not dependent).
  llvm::SmallVector<const clang::CXXForRangeStmt *, 4>
  of(const clang::CXXForRangeStmt &Any) const;

private:
  llvm::DenseMap<unsigned,
                 llvm::SmallVector<const clang::CXXForRangeStmt *, 4>>
      ByLocation;
};

/// The verdict for one loop, over all its instances.
SnapshotVerdict
analyzeSnapshotSafety(llvm::ArrayRef<const clang::CXXForRangeStmt *> Instances,
                      clang::ASTContext &Ctx);

} // namespace maplens

#endif // MAPLENS_ANALYSIS_SNAPSHOTSAFETY_H
