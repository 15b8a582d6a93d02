//===--- ContiguousPass.h - May a loop be compiled twice, over copies? ----===//
//
/// \file
/// A range-based for whose range may walk a snapshot (SnapshotSafety.h) can
/// have its snapshot executions compiled as a loop of their own, which the
/// compiler then optimizes as it would a loop over a contiguous copy: the
/// two-pass form of the instrument rewrite puts the loop statement in a
/// generic lambda, `loop.run([&](auto &pass) { for (x : pass.range(m))
/// ... })`, instantiated once per pass (docs/probe-runtime.md). Three
/// questions decide how:
///
///  - analyzeTwoPassForm: does moving the statement into a lambda that is
///    instantiated twice keep its meaning? Not if it returns from the
///    function, jumps out with goto, is a coroutine step, names its
///    function (`__func__`), has static locals (there would be two),
///    reads variadic arguments, or needs C++20 to capture what it uses.
///  - bodyOnlyReadsElements: may the contiguous pass walk *copies* of the
///    elements instead of pointers to them? Only if the body can neither
///    change an element's value nor keep an element's address: every store
///    it (and every function it calls) makes is to a local variable; in
///    the body itself, to `other[k]` of another container of the range's
///    type (which the snapshot safety verdict proves or guards to be
///    another object); or by a standard container into its own storage,
///    the container an object no element can hold (by type). The loop
///    variable is used only to read values, also through const members of
///    standard containers and strings and nested loops over them
///    (docs/rewrites/instrument-loops.md lists the rules).
///  - rangeEvaluatesTwiceUnchanged: may the range expression be evaluated
///    once more, before the lambda, so that the runtime chooses the pass
///    by the range's size (`loop.run(m, [&](auto &pass) ...)`)? Only if
///    evaluating it has no effect and needs nothing the loop statement
///    declares: a variable, a data member, `*p` of a plain pointer.
///  - loopMayBreak: may the body leave the loop by break?
///
/// All are conservative: "no" may be a false alarm, and costs only
/// accuracy (pointers instead of copies, or an in-loop snapshot walk).
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_ANALYSIS_CONTIGUOUSPASS_H
#define MAPLENS_ANALYSIS_CONTIGUOUSPASS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace maplens {

/// Why the loop statement cannot be compiled twice in a lambda ("" if it
/// can): "returns", "goto", "coroutine", "names-function", "static-local",
/// "va-arg", "captures-binding", "variable-length-array",
/// "dependent-template-name", "decltype", "before-c++14".
std::string analyzeTwoPassForm(const clang::CXXForRangeStmt &For,
                               const clang::ASTContext &Ctx);

/// True if, in every instance, the body (and what it calls) only reads the
/// elements it is handed: see the file comment.
bool bodyOnlyReadsElements(
    llvm::ArrayRef<const clang::CXXForRangeStmt *> Instances,
    clang::ASTContext &Ctx);

/// True if the loop has no init-statement and its range expression is
/// built only of variables (and structured bindings), `this`, data member
/// accesses (`.`, and `->` on a plain pointer) and `*` on a plain pointer,
/// none of them volatile: evaluating it again, just before the loop
/// statement, reads the same object and changes nothing. Calls of any kind
/// (overloaded operators included) fail, as do names a template leaves
/// unresolved but plain member accesses.
bool rangeEvaluatesTwiceUnchanged(const clang::CXXForRangeStmt &For);

/// True if the loop's body holds a `break` that leaves this loop (not one
/// of a nested loop or switch, nor one in a lambda). Without one, and with
/// no return or goto (analyzeTwoPassForm), a two-pass execution whose
/// lambda returns has walked the whole range: `probe::run_no_break`
/// then counts its iterations as the range's size.
bool loopMayBreak(const clang::CXXForRangeStmt &For);

} // namespace maplens

#endif // MAPLENS_ANALYSIS_CONTIGUOUSPASS_H
