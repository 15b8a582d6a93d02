//===--- InstrumentLoopsRewrite.cpp ---------------------------------------===//

#include "rewrites/InstrumentLoopsRewrite.h"

#include "analysis/AlgorithmCalls.h"
#include "analysis/ContainerTypes.h"
#include "analysis/ContiguousPass.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <set>
#include <tuple>

#ifndef MAPLENS_RUNTIME_INCLUDE_DIR
#error "MAPLENS_RUNTIME_INCLUDE_DIR must name lib/runtime/include"
#endif

namespace maplens {

using namespace clang;

std::string defaultProbeIncludeSpelling() {
  return std::string("\"") + MAPLENS_RUNTIME_INCLUDE_DIR + "/maplens/probe.h\"";
}

/// A C++ string literal for Text. The first character is written as an
/// octal escape so the literal never contains the loop's header text
/// verbatim: site ids count identical headers earlier in a function, and
/// the descriptor of an instrumented loop must not count as one.
static std::string cxxLiteral(llvm::StringRef Text, bool HideFirst) {
  std::string Out = "\"";
  for (size_t I = 0; I < Text.size(); ++I) {
    unsigned char C = static_cast<unsigned char>(Text[I]);
    if ((I == 0 && HideFirst) || C < 0x20 || C >= 0x7f || C == '?') {
      // Octal escapes take at most three digits: safe before any digit.
      char Buf[8];
      snprintf(Buf, sizeof Buf, "\\%03o", C);
      Out += Buf;
    } else if (C == '"' || C == '\\') {
      Out += '\\';
      Out += static_cast<char>(C);
    } else {
      Out += static_cast<char>(C);
    }
  }
  return Out + "\"";
}

/// What one site adds, before offsets are resolved into a file.
struct InstrumentLoopsRewrite::SitePieces {
  FileID File;
  unsigned LoopBegin = 0; ///< `{ static site ...; loop ...; ` goes here
  unsigned LoopEnd = 0;   ///< ` }` goes here
  unsigned BodyBegin = 0; ///< the body guard (after `{`, or `{ guard; `)
  bool BodyIsCompound = true;
  unsigned BodyEnd = 0;   ///< ` }` for a body that was not a block
  unsigned TopLevelBegin = 0; ///< the top-level declaration holding the loop
  std::string Open, BodyOpen;
  /// `{ static site ...; loop ...; ` in the two-pass form (it goes on to
  /// open the lambda), and the text that closes it.
  std::string OpenTwoPass;
  /// The range expression's text, for `probe::run(..., RANGE, ...)`, where
  /// evaluating it twice changes nothing; else empty.
  std::string KnownRange;
  /// With KnownRange: the body cannot leave the loop by break, so the
  /// runtime is called as probe::run_no_break.
  bool NoBreak = false;
  /// How a range-for walks snapshots; the range expression to wrap.
  SnapshotForm Form = SnapshotForm::None;
  unsigned RangeBegin = 0, RangeEnd = 0;
  /// `, a, b`: the objects the body changes that must not be the range
  /// (SnapshotVerdict::Guards), for the range wrapper or probe::run.
  std::string Guards;
  /// Algorithm calls: only their function object is wrapped, between
  /// LoopBegin (Open) and LoopEnd (`)`).
  bool Algorithm = false;
};

InstrumentLoopsRewrite::InstrumentLoopsRewrite(
    ASTContext &Ctx, std::function<bool(llvm::StringRef)> AcceptFile,
    EditScope Scope)
    : Ctx(Ctx), AcceptFile(std::move(AcceptFile)), Scope(Scope) {}

/// Offset just past the token at Loc.
static unsigned offsetAfterToken(SourceLocation Loc, const SourceManager &SM,
                                 const LangOptions &LO) {
  SourceLocation End = Lexer::getLocForEndOfToken(Loc, 0, SM, LO);
  return SM.getFileOffset(End);
}

/// The sub-statement a statement ends with (`for (...) BODY`, `if (...) A
/// else B`, `label: S`...), or null if it ends with its own token.
static const Stmt *trailingSubStatement(const Stmt *S) {
  if (const auto *If = dyn_cast<IfStmt>(S))
    return If->getElse() ? If->getElse() : If->getThen();
  if (const auto *For = dyn_cast<ForStmt>(S))
    return For->getBody();
  if (const auto *For = dyn_cast<CXXForRangeStmt>(S))
    return For->getBody();
  if (const auto *While = dyn_cast<WhileStmt>(S))
    return While->getBody();
  if (const auto *Switch = dyn_cast<SwitchStmt>(S))
    return Switch->getBody();
  if (const auto *Label = dyn_cast<LabelStmt>(S))
    return Label->getSubStmt();
  if (const auto *Attributed = dyn_cast<AttributedStmt>(S))
    return Attributed->getSubStmt();
  if (const auto *Case = dyn_cast<SwitchCase>(S))
    return Case->getSubStmt();
  if (const auto *Try = dyn_cast<CXXTryStmt>(S))
    return Try->getHandler(Try->getNumHandlers() - 1)->getHandlerBlock();
  return nullptr;
}

/// Where a statement ends, its terminating semicolon included: the offset
/// after its last character. Statements that end in a sub-statement end
/// where that does; the others (expressions, return, do-while...) end at
/// the `;` after their last token.
static std::optional<unsigned> statementEnd(const Stmt *S,
                                            const SourceManager &SM,
                                            const LangOptions &LO) {
  while (S)
    if (const Stmt *Sub = trailingSubStatement(S))
      S = Sub;
    else
      break;
  if (!S)
    return std::nullopt;
  if (const auto *C = dyn_cast<CompoundStmt>(S))
    return offsetAfterToken(C->getRBracLoc(), SM, LO);
  SourceLocation Last = S->getEndLoc();
  if (Last.isInvalid() || Last.isMacroID())
    return std::nullopt;
  if (isa<DeclStmt>(S) || isa<NullStmt>(S)) {
    // Their range already ends at the semicolon.
    Token Tok;
    if (!Lexer::getRawToken(Last, Tok, SM, LO, /*IgnoreWhiteSpace=*/true) &&
        Tok.is(tok::semi))
      return offsetAfterToken(Last, SM, LO);
  }
  std::optional<Token> Next = Lexer::findNextToken(Last, SM, LO);
  if (!Next || !Next->is(tok::semi) || Next->getLocation().isMacroID())
    return std::nullopt;
  return offsetAfterToken(Next->getLocation(), SM, LO);
}

/// The function object of an algorithm call: its last argument as written
/// (defaulted ones, such as an omitted projection, are not written).
static const Expr *algorithmCallable(const CallExpr *Call) {
  if (!Call)
    return nullptr;
  for (unsigned I = Call->getNumArgs(); I > 0; --I) {
    const Expr *Arg = Call->getArg(I - 1);
    if (!isa<CXXDefaultArgExpr>(Arg))
      return Arg;
  }
  return nullptr;
}

/// True if E contains a call of maplens::probe::algorithm_loop::each.
static bool containsEachCall(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *M = Member->getMethodDecl())
      if (M->getName() == "each" &&
          M->getParent()->getQualifiedNameAsString() ==
              "maplens::probe::algorithm_loop")
        return true;
  for (const Stmt *Child : S->children())
    if (containsEachCall(Child))
      return true;
  return false;
}

bool InstrumentLoopsRewrite::isAlreadyInstrumented(const SiteAnchor &A) const {
  if (const auto *Call = dyn_cast_or_null<CallExpr>(A.Statement))
    if (!A.Body)
      return containsEachCall(algorithmCallable(Call));
  const auto *Body = dyn_cast_or_null<CompoundStmt>(A.Body);
  if (!Body || Body->body_empty())
    return false;
  const auto *Decl = dyn_cast<DeclStmt>(Body->body_front());
  if (!Decl || !Decl->isSingleDecl())
    return false;
  const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl());
  const CXXRecordDecl *Record =
      Var ? Var->getType()->getAsCXXRecordDecl() : nullptr;
  if (!Record)
    return false;
  std::string Name = Record->getQualifiedNameAsString();
  return Name == "maplens::probe::body" ||
         Name == "maplens::probe::iterator_body";
}

/// The initializer of a site's static descriptor (probe::site).
static std::string descriptorFields(const LoopSite &S) {
  std::string Container = S.ContainerCanonical.empty() ? S.ContainerWritten
                                                       : S.ContainerCanonical;
  return cxxLiteral(S.Id, false) + ", " + cxxLiteral(S.ProjectFile, false) +
         ", " + std::to_string(S.Line) + ", " + std::to_string(S.Column) +
         ", " + cxxLiteral(Container, false) + ", " +
         cxxLiteral(S.Function, false) + ", " + cxxLiteral(S.Text, true);
}

const std::vector<std::pair<unsigned, unsigned>> &
InstrumentLoopsRewrite::topLevelRanges(FileID File) {
  auto Cached = TopLevel.find(File);
  if (Cached != TopLevel.end())
    return Cached->second;
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<std::pair<unsigned, unsigned>> &Ranges = TopLevel[File];
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    SourceRange R = D->getSourceRange();
    if (R.isInvalid())
      continue;
    SourceLocation B = SM.getExpansionLoc(R.getBegin());
    SourceLocation E = SM.getExpansionLoc(R.getEnd());
    if (SM.getFileID(B) != File || SM.getFileID(E) != File)
      continue;
    Ranges.push_back({SM.getFileOffset(B), SM.getFileOffset(E)});
  }
  return Ranges;
}

unsigned InstrumentLoopsRewrite::topLevelBegin(FileID File,
                                               unsigned Offset) {
  // The top-level declaration around the loop: the include must come
  // before it.
  for (const auto &R : topLevelRanges(File))
    if (R.first <= Offset && Offset <= R.second)
      return R.first;
  return Offset;
}

bool InstrumentLoopsRewrite::planSite(const FoundSite &F, SitePieces &P,
                                      std::string &Reason) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  const LoopSite &S = F.Site;
  const SiteAnchor &A = F.Anchor;
  if (S.Kind == LoopKind::Algorithm)
    return planAlgorithm(F, P, Reason);
  if (!A.Statement || !A.Body || !A.Var) {
    Reason = "no-element-variable";
    return false;
  }
  // The element the body guard touches on sampled gaps: the loop variable
  // (first name of a structured binding), or the iterator.
  std::string Element;
  if (const auto *Decomp = dyn_cast<DecompositionDecl>(A.Var)) {
    if (!Decomp->bindings().empty())
      Element = Decomp->bindings()[0]->getName().str();
  } else if (A.Var->getIdentifier()) {
    Element = A.Var->getName().str();
  }
  if (Element.empty()) {
    Reason = "no-element-variable";
    return false;
  }

  SourceLocation Begin = A.Statement->getBeginLoc();
  SourceLocation BodyBegin = A.Body->getBeginLoc();
  if (Begin.isMacroID() || BodyBegin.isMacroID()) {
    Reason = "macro-expansion";
    return false;
  }
  std::optional<unsigned> End = statementEnd(A.Statement, SM, LO);
  std::optional<unsigned> BodyEnd = statementEnd(A.Body, SM, LO);
  if (!End || !BodyEnd) {
    Reason = "unknown-loop-end";
    return false;
  }
  P.File = SM.getFileID(Begin);
  if (SM.getFileID(BodyBegin) != P.File) {
    Reason = "macro-expansion";
    return false;
  }
  P.LoopBegin = SM.getFileOffset(Begin);
  P.LoopEnd = *End;
  P.BodyEnd = *BodyEnd;
  if (const auto *Block = dyn_cast<CompoundStmt>(A.Body)) {
    P.BodyIsCompound = true;
    P.BodyBegin = offsetAfterToken(Block->getLBracLoc(), SM, LO);
  } else {
    P.BodyIsCompound = false;
    P.BodyBegin = SM.getFileOffset(BodyBegin);
  }

  P.TopLevelBegin = topLevelBegin(P.File, P.LoopBegin);

  std::string Tag = llvm::StringRef(S.Id).take_front(8).str();
  std::string SiteVar = "maplens_site_" + Tag;
  std::string LoopVar = "maplens_loop_" + Tag;
  std::string Site = "{ static ::maplens::probe::site " + SiteVar + "{" +
                     descriptorFields(S) + "}; ";
  P.Open = Site + "::maplens::probe::loop " + LoopVar + "(" + SiteVar + "); ";
  bool ThroughIterator =
      S.Kind == LoopKind::IteratorLoop && A.IteratorPointsAtElement;
  std::string Guard = std::string("::maplens::probe::") +
                      (ThroughIterator ? "iterator_body" : "body") +
                      " maplens_body_" + Tag + "(" + LoopVar + ", " + Element +
                      ");";
  P.BodyOpen = P.BodyIsCompound ? " " + Guard : "{ " + Guard + " ";
  planSnapshot(F, P);
  // The lambda's parameter takes the loop object's name, so that the range
  // wrapper and the body probe read the same in both forms. Where the
  // range may be evaluated twice, it comes first: the runtime then chooses
  // the pass by its size (ContiguousPass.h), and short executions take the
  // fast path of probe::run, which counts them in the thread's
  // short_counts, declared here as a static thread_local. A loop that
  // cannot break is run by probe::run_no_break, whose fast path takes the
  // range's size for the count of a complete walk.
  std::string Lambda = "[&](auto &" + LoopVar + ") { ";
  if (P.KnownRange.empty()) {
    std::string Runs = "maplens_runs_" + Tag;
    P.OpenTwoPass = Site + "::maplens::probe::loop " + Runs + "(" + SiteVar +
                    "); " + Runs + ".run(" + Lambda;
  } else {
    std::string Shorts = "maplens_shorts_" + Tag;
    P.OpenTwoPass =
        Site + "static thread_local ::maplens::probe::short_counts " + Shorts +
        "; ::maplens::probe::" + (P.NoBreak ? "run_no_break(" : "run(") +
        SiteVar + ", " + Shorts + ", " + P.KnownRange + ", " + Lambda;
  }
  return true;
}

/// Algorithms whose last argument, when it is a function object, is called
/// exactly once per element they visit: wrapping it counts iterations
/// exactly and marks each element's pass through the "body".
static bool callsLastArgumentPerElement(llvm::StringRef Name,
                                        unsigned UserArgs) {
  Name.consume_front("std::ranges::") || Name.consume_front("std::");
  if (Name == "accumulate")
    return UserArgs == 4; // with 3 there is no function object
  static const char *const PerElement[] = {
      "for_each", "for_each_n", "count_if", "all_of",     "any_of",
      "none_of",  "find_if",    "find_if_not", "copy_if", "transform",
      "fold_left"};
  return llvm::is_contained(PerElement, Name);
}

static bool isCallableType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isFunctionPointerType() || T->isFunctionType() ||
      T->isMemberPointerType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->isLambda())
    return true;
  for (const Decl *D : RD->decls()) {
    if (const auto *M = dyn_cast<CXXMethodDecl>(D))
      if (M->getOverloadedOperator() == OO_Call)
        return true;
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      if (FT->getTemplatedDecl()->getOverloadedOperator() == OO_Call)
        return true;
  }
  // Function objects of the standard library and others derive theirs.
  for (const CXXBaseSpecifier &B : RD->bases())
    if (isCallableType(B.getType()))
      return true;
  return false;
}

/// Walks up from S through the expressions that only pass its value on.
static DynTypedNode valueUser(ASTContext &Ctx, const Stmt *S) {
  DynTypedNode Node = DynTypedNode::create(*S);
  while (true) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return DynTypedNode();
    const DynTypedNode &P = Parents[0];
    const auto *E = P.get<Expr>();
    if (E && (isa<ExprWithCleanups>(E) || isa<ImplicitCastExpr>(E) ||
              isa<ParenExpr>(E) || isa<CXXBindTemporaryExpr>(E) ||
              isa<MaterializeTemporaryExpr>(E) || isa<CXXConstructExpr>(E))) {
      Node = P;
      continue;
    }
    return P;
  }
}

/// Whether Call may be evaluated at compile time (a constexpr or constinit
/// variable's initializer, a static_assert...): a probe cannot run there.
static bool inConstantContext(ASTContext &Ctx, const Stmt *Call) {
  DynTypedNode Node = DynTypedNode::create(*Call);
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return false;
    Node = Parents[0];
    if (const auto *Var = Node.get<VarDecl>())
      if (Var->isConstexpr() || Var->hasAttr<ConstInitAttr>())
        return true;
    if (Node.get<StaticAssertDecl>() || Node.get<TemplateArgument>())
      return true;
    if (Node.get<FunctionDecl>())
      return false;
  }
  return true;
}

bool InstrumentLoopsRewrite::planAlgorithm(const FoundSite &F, SitePieces &P,
                                           std::string &Reason) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LoopSite &S = F.Site;
  const auto *Call = dyn_cast_or_null<CallExpr>(F.Anchor.Statement);
  std::string Name = Call ? walkingAlgorithmCallee(Call) : std::string();
  unsigned UserArgs = 0;
  if (Call)
    for (const Expr *Arg : Call->arguments())
      UserArgs += !isa<CXXDefaultArgExpr>(Arg);
  if (Call && isa<CXXOperatorCallExpr>(Call))
    --UserArgs; // the niebloid object
  const Expr *Callable = algorithmCallable(Call);
  if (!Callable || !callsLastArgumentPerElement(Name, UserArgs) ||
      !isCallableType(Callable->getType())) {
    // count, find, min_element, reduce...: nothing runs once per element
    // in user code that a probe could count.
    Reason = "algorithm-without-element-function";
    return false;
  }
  // With an execution policy the function object may run on several
  // threads at once; one probe::loop must not be entered concurrently.
  for (const Expr *Arg : Call->arguments()) {
    const CXXRecordDecl *RD =
        Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
    if (RD && llvm::StringRef(normalizedQualifiedName(RD))
                  .contains("execution::")) {
      Reason = "parallel-algorithm";
      return false;
    }
  }
  if (llvm::StringRef(Name).ends_with("for_each") ||
      llvm::StringRef(Name).ends_with("for_each_n")) {
    // They return the function object, whose type the wrap changes.
    DynTypedNode User = valueUser(Ctx, Call);
    const auto *Cast = User.get<ExplicitCastExpr>();
    if (!User.get<CompoundStmt>() &&
        !(Cast && Cast->getType()->isVoidType())) {
      Reason = "algorithm-result-used";
      return false;
    }
  }
  if (inConstantContext(Ctx, Call)) {
    Reason = "constant-expression";
    return false;
  }
  SourceLocation B = Callable->getBeginLoc(), E = Callable->getEndLoc();
  if (B.isInvalid() || E.isInvalid()) {
    Reason = "algorithm-without-element-function";
    return false;
  }
  if (B.isMacroID() || E.isMacroID() || Call->getBeginLoc().isMacroID()) {
    Reason = "macro-expansion";
    return false;
  }
  P.File = SM.getFileID(B);
  if (SM.getFileID(E) != P.File) {
    Reason = "macro-expansion";
    return false;
  }
  P.Algorithm = true;
  P.LoopBegin = SM.getFileOffset(B);
  P.LoopEnd = offsetAfterToken(E, SM, Ctx.getLangOpts());
  P.TopLevelBegin = topLevelBegin(P.File, P.LoopBegin);
  std::string Tag = llvm::StringRef(S.Id).take_front(8).str();
  std::string SiteVar = "maplens_site_" + Tag;
  // A lambda holds the static descriptor: a call is an expression, where no
  // declaration can go.
  P.Open = "::maplens::probe::algorithm_loop([]() -> ::maplens::probe::site "
           "& { static ::maplens::probe::site " +
           SiteVar + "{" + descriptorFields(S) + "}; return " + SiteVar +
           "; }()).each(";
  return true;
}

void InstrumentLoopsRewrite::planSnapshot(const FoundSite &F, SitePieces &P) {
  // Only range-based for loops have a range to wrap; iterator loops and
  // views over temporaries keep the gap estimate (docs/probe-runtime.md).
  const auto *For = dyn_cast<CXXForRangeStmt>(F.Anchor.Statement);
  if (!For || !For->getRangeInit())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  // Source edits of a template outside the main file (a header's) are
  // compiled in translation units never analysed, whose instantiations may
  // change the range: walking a snapshot there would walk freed nodes.
  // The main file's templates are instantiated only here.
  if (Scope == EditScope::SourceFiles && F.Site.InTemplate &&
      SM.getFileID(SM.getExpansionLoc(For->getBeginLoc())) !=
          SM.getMainFileID())
    return;
  if (!Instances)
    Instances = std::make_unique<LoopInstances>(Ctx);
  llvm::SmallVector<const CXXForRangeStmt *, 4> Instances =
      this->Instances->of(*For);
  SnapshotVerdict Verdict = analyzeSnapshotSafety(Instances, Ctx);
  if (!Verdict.Safe)
    return;
  std::string Guards;
  if (!guardsText(Verdict, P.File, Guards))
    return;
  const Expr *Init = For->getRangeInit();
  // `a, b` would become two arguments.
  if (const auto *Comma = dyn_cast<BinaryOperator>(Init->IgnoreParens()))
    if (Comma->getOpcode() == BO_Comma)
      return;
  SourceLocation B = Init->getBeginLoc(), E = Init->getEndLoc();
  if (B.isMacroID() || E.isMacroID() || SM.getFileID(B) != P.File ||
      SM.getFileID(E) != P.File)
    return;
  P.Form = SnapshotForm::InLoop;
  if (analyzeTwoPassForm(*For, Ctx).empty())
    P.Form = bodyOnlyReadsElements(Instances, Ctx) ? SnapshotForm::TwoPassCopies
                                                   : SnapshotForm::TwoPass;
  P.RangeBegin = SM.getFileOffset(B);
  P.RangeEnd = offsetAfterToken(E, SM, Ctx.getLangOpts());
  if (P.Form != SnapshotForm::InLoop && rangeEvaluatesTwiceUnchanged(*For)) {
    // Copied before the loop statement, on its line: never a line break.
    llvm::StringRef Text = SM.getBufferData(P.File).slice(P.RangeBegin,
                                                          P.RangeEnd);
    if (!Text.contains('\n') && !Text.contains('\r')) {
      P.KnownRange = Text.str();
      P.NoBreak = !loopMayBreak(*For);
    }
  }
  // Guards are checked against the range before a pass is chosen, which
  // loop::run (range unknown until the pass walks it) cannot do.
  P.Guards = std::move(Guards);
  if (!P.Guards.empty() && P.KnownRange.empty())
    P.Form = SnapshotForm::InLoop;
  // Where a guard is the range, the body may grow it: the fast path of
  // probe::run_no_break would count the range's size before the loop.
  if (!P.Guards.empty())
    P.NoBreak = false;
}

/// `, a, b` for the verdict's guards, each once, as spelled in File. False
/// if one cannot be copied to the loop's line: a guard written by a macro,
/// or over several lines.
bool InstrumentLoopsRewrite::guardsText(const SnapshotVerdict &Verdict,
                                        FileID File, std::string &Out) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<std::string> Seen;
  Out.clear();
  for (const Expr *G : Verdict.Guards) {
    SourceLocation B = G->getBeginLoc(), E = G->getEndLoc();
    if (B.isInvalid() || E.isInvalid() || B.isMacroID() || E.isMacroID() ||
        SM.getFileID(B) != File || SM.getFileID(E) != File)
      return false;
    llvm::StringRef Text = Lexer::getSourceText(
        CharSourceRange::getTokenRange(B, E), SM, Ctx.getLangOpts());
    if (Text.empty() || Text.contains('\n') || Text.contains('\r'))
      return false;
    if (llvm::is_contained(Seen, Text))
      continue;
    Seen.push_back(Text.str());
    Out += ", " + Text.str();
  }
  return true;
}

/// True if Text has an `#include` line naming maplens/probe.h.
static bool includesProbe(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Text.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.ltrim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (Line.consume_front("include") && Line.contains("maplens/probe.h"))
      return true;
  }
  return false;
}

/// True for a line holding only spaces and tabs.
static bool isBlankLine(llvm::StringRef Text, unsigned LineStart) {
  for (size_t I = LineStart; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\n' || C == '\r')
      return true;
    if (C != ' ' && C != '\t')
      return false;
  }
  return false; // the end of the file without a line break
}

std::vector<unsigned>
InstrumentLoopsRewrite::includeSlots(FileID FID, unsigned FirstUse) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  llvm::StringRef Text = SM.getBufferData(FID);
  // Ranges a blank line must not be in: top-level declarations of this
  // file (namespaces and extern "C" blocks included) and comments.
  std::vector<std::pair<unsigned, unsigned>> Taken = topLevelRanges(FID);
  Lexer Raw(SM.getLocForStartOfFile(FID), LO, Text.begin(), Text.begin(),
            Text.end());
  Raw.SetCommentRetentionState(true);
  Token Tok;
  while (!Raw.LexFromRawLexer(Tok)) {
    if (Tok.is(tok::comment)) {
      unsigned B = SM.getFileOffset(Tok.getLocation());
      Taken.push_back({B, B + Tok.getLength()});
    }
    if (SM.getFileOffset(Tok.getLocation()) > FirstUse)
      break;
  }
  std::vector<unsigned> Slots;
  for (unsigned Line = 0; Line < Text.size() && Line < FirstUse;) {
    if (isBlankLine(Text, Line)) {
      bool Inside = llvm::any_of(Taken, [&](const auto &R) {
        return R.first <= Line && Line <= R.second;
      });
      if (!Inside)
        Slots.push_back(Line);
    }
    size_t Next = Text.find('\n', Line);
    if (Next == llvm::StringRef::npos)
      break;
    Line = static_cast<unsigned>(Next + 1);
  }
  return Slots;
}

InstrumentPlan InstrumentLoopsRewrite::plan(llvm::ArrayRef<FoundSite> Sites) {
  InstrumentPlan Plan;
  const SourceManager &SM = Ctx.getSourceManager();
  struct Planned {
    const FoundSite *Site;
    SitePieces Pieces;
  };
  std::vector<Planned> Good;
  for (const FoundSite &F : Sites) {
    if (!AcceptFile(F.Site.File))
      continue;
    if (!F.Site.Rewritable) {
      Plan.Skipped.push_back({F.Site, toString(F.Site.Skip).str()});
      continue;
    }
    if (isAlreadyInstrumented(F.Anchor)) {
      Plan.AlreadyInstrumented.push_back(F.Site);
      continue;
    }
    Planned P{&F, {}};
    std::string Reason;
    if (!planSite(F, P.Pieces, Reason)) {
      Plan.Skipped.push_back({F.Site, Reason});
      continue;
    }
    Good.push_back(std::move(P));
  }

  // Nesting depth among the planned loops of one file orders insertions
  // that fall on the same offset.
  for (Planned &P : Good) {
    unsigned Depth = 0;
    for (const Planned &Q : Good)
      if (&Q != &P && Q.Pieces.File == P.Pieces.File &&
          Q.Pieces.LoopBegin <= P.Pieces.LoopBegin &&
          P.Pieces.LoopEnd <= Q.Pieces.LoopEnd &&
          (Q.Pieces.LoopBegin != P.Pieces.LoopBegin ||
           Q.Pieces.LoopEnd != P.Pieces.LoopEnd))
        ++Depth;
    const SitePieces &X = P.Pieces;
    const LoopSite &S = P.Site->Site;
    FileInstrumentation &FI = Plan.Files[S.File];
    if (FI.Path.empty()) {
      FI.Path = S.File;
      FI.Original = SM.getBufferData(X.File).str();
      FI.HasProbeInclude = includesProbe(FI.Original);
    }
    int D = static_cast<int>(Depth);
    if (X.Algorithm) {
      FI.Inserts.push_back({X.LoopBegin, -1000 + 2 * D, X.Open});
      FI.Inserts.push_back({X.LoopEnd, 1000 - 2 * D + 1, ")"});
      FI.SiteIds.push_back(S.Id);
      Plan.Instrumented.push_back(S);
      continue;
    }
    if (X.Form == SnapshotForm::None) {
      FI.Inserts.push_back({X.LoopBegin, -1000 + 2 * D, X.Open});
      FI.Inserts.push_back({X.LoopEnd, 1000 - 2 * D + 1, " }"});
    } else {
      // Text by form: None, InLoop, TwoPass, TwoPassCopies.
      std::string LoopVar = "maplens_loop_" + S.Id.substr(0, 8);
      auto Add = [&](unsigned Offset, int Order,
                     std::vector<std::string> ByForm) {
        Insertion I(Offset, Order, ByForm[static_cast<int>(X.Form)]);
        I.SnapshotOf = S.Id;
        I.TextByForm = std::move(ByForm);
        FI.Inserts.push_back(std::move(I));
      };
      Add(X.LoopBegin, -1000 + 2 * D,
          {X.Open, X.Open, X.OpenTwoPass, X.OpenTwoPass});
      // Guards go to the range wrapper in the in-loop form, and after the
      // lambda to probe::run in the two-pass forms.
      std::string CloseRun = " }" + X.Guards + "); }";
      Add(X.LoopEnd, 1000 - 2 * D + 1, {" }", " }", CloseRun, CloseRun});
      Add(X.RangeBegin, 0,
          {"", LoopVar + ".range(", LoopVar + ".range(",
           LoopVar + ".values("});
      Add(X.RangeEnd, 0, {"", X.Guards + ")", ")", ")"});
      Plan.SnapshotWalks[S.Id] = X.Form;
    }
    FI.Inserts.push_back({X.BodyBegin, -1000 + 2 * D + 1, X.BodyOpen});
    if (!X.BodyIsCompound)
      FI.Inserts.push_back({X.BodyEnd, 1000 - 2 * D, " }"});
    FI.SiteIds.push_back(S.Id);
    Plan.Instrumented.push_back(S);
  }

  for (auto &Entry : Plan.Files) {
    FileInstrumentation &FI = Entry.second;
    unsigned FirstUse = ~0u;
    FileID FID;
    for (const Planned &P : Good)
      if (P.Site->Site.File == FI.Path && P.Pieces.TopLevelBegin < FirstUse) {
        FirstUse = P.Pieces.TopLevelBegin;
        FID = P.Pieces.File;
      }
    FI.IncludeSlots = includeSlots(FID, FirstUse);
  }
  return Plan;
}

void mergeInstrumentPlans(InstrumentPlan &Into, InstrumentPlan From) {
  std::set<std::string> Known;
  for (const LoopSite &S : Into.Instrumented)
    Known.insert(S.Id);
  // A loop both plans instrument gets the weaker of their forms.
  auto FormIn = [](const InstrumentPlan &P, const std::string &Id) {
    auto It = P.SnapshotWalks.find(Id);
    return It == P.SnapshotWalks.end() ? SnapshotForm::None : It->second;
  };
  std::map<std::string, SnapshotForm> Forms;
  for (const LoopSite &S : From.Instrumented)
    if (Known.count(S.Id))
      Forms[S.Id] = std::min(FormIn(Into, S.Id), FormIn(From, S.Id));
  for (const auto &Entry : From.SnapshotWalks)
    if (!Known.count(Entry.first))
      Forms[Entry.first] = Entry.second;
  // Translation units that saw a loop differently (other guards: other
  // instances of its template, other macros) would insert two texts at
  // one place: such a loop walks no snapshots.
  std::map<std::tuple<std::string, unsigned, int, std::string>,
           const std::vector<std::string> *>
      ByPlace;
  for (const auto &Entry : Into.Files)
    for (const Insertion &I : Entry.second.Inserts)
      if (!I.SnapshotOf.empty())
        ByPlace[{Entry.first, I.Offset, I.Order, I.SnapshotOf}] = &I.TextByForm;
  for (const auto &Entry : From.Files)
    for (const Insertion &I : Entry.second.Inserts) {
      auto It = ByPlace.find({Entry.first, I.Offset, I.Order, I.SnapshotOf});
      if (!I.SnapshotOf.empty() && It != ByPlace.end() &&
          *It->second != I.TextByForm)
        Forms[I.SnapshotOf] = SnapshotForm::None;
    }
  for (const auto &Entry : Forms) {
    if (Entry.second == SnapshotForm::None)
      Into.SnapshotWalks.erase(Entry.first);
    else
      Into.SnapshotWalks[Entry.first] = Entry.second;
  }
  auto Settle = [&](std::vector<Insertion> &Inserts) {
    for (Insertion &I : Inserts) {
      auto It = Forms.find(I.SnapshotOf);
      if (!I.SnapshotOf.empty() && It != Forms.end())
        I.Text = I.TextByForm[static_cast<int>(It->second)];
    }
    llvm::erase_if(Inserts, [](const Insertion &I) { return I.Text.empty(); });
  };
  for (auto &Entry : Into.Files)
    Settle(Entry.second.Inserts);
  for (auto &Entry : From.Files)
    Settle(Entry.second.Inserts);
  for (auto &Entry : From.Files) {
    FileInstrumentation &Src = Entry.second;
    auto It = Into.Files.find(Entry.first);
    if (It == Into.Files.end()) {
      Into.Files.emplace(Entry.first, std::move(Src));
      continue;
    }
    FileInstrumentation &Dst = It->second;
    std::set<std::tuple<unsigned, int, std::string>> Have;
    for (const Insertion &I : Dst.Inserts)
      Have.insert({I.Offset, I.Order, I.Text});
    for (Insertion &I : Src.Inserts)
      if (Have.insert({I.Offset, I.Order, I.Text}).second)
        Dst.Inserts.push_back(std::move(I));
    for (std::string &Id : Src.SiteIds)
      if (!llvm::is_contained(Dst.SiteIds, Id))
        Dst.SiteIds.push_back(std::move(Id));
    // Keep the slots both translation units agree on.
    std::vector<unsigned> Common;
    for (unsigned Slot : Dst.IncludeSlots)
      if (llvm::is_contained(Src.IncludeSlots, Slot))
        Common.push_back(Slot);
    Dst.IncludeSlots = std::move(Common);
  }
  for (LoopSite &S : From.Instrumented)
    if (Known.insert(S.Id).second)
      Into.Instrumented.push_back(std::move(S));
  auto AddUnique = [](std::vector<LoopSite> &To, LoopSite S) {
    for (const LoopSite &T : To)
      if (T.Id == S.Id)
        return;
    To.push_back(std::move(S));
  };
  for (LoopSite &S : From.AlreadyInstrumented)
    AddUnique(Into.AlreadyInstrumented, std::move(S));
  for (NotInstrumented &N : From.Skipped) {
    bool Dup = Known.count(N.Site.Id) > 0;
    for (const NotInstrumented &M : Into.Skipped)
      Dup |= M.Site.Id == N.Site.Id;
    if (!Dup)
      Into.Skipped.push_back(std::move(N));
  }
}

/// All insertions of F plus the include, sorted for application.
static llvm::Expected<std::vector<Insertion>>
allInsertions(const FileInstrumentation &F, IncludeStyle Style,
              llvm::StringRef IncludeSpelling) {
  std::vector<Insertion> All = F.Inserts;
  if (!F.HasProbeInclude) {
    if (Style == IncludeStyle::LineDirective) {
      All.push_back({0, -100000,
                     "#include " + IncludeSpelling.str() + "\n#line 1\n"});
    } else if (!F.IncludeSlots.empty()) {
      // The last blank line before the first loop's declaration: nearest to
      // the code that needs it, after the file's own includes.
      All.push_back({F.IncludeSlots.back(), -100000,
                     "#include " + IncludeSpelling.str()});
    } else {
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "no blank line at file scope before the first loop to hold "
          "'#include " +
              IncludeSpelling.str() + "'");
    }
  }
  std::stable_sort(All.begin(), All.end(),
                   [](const Insertion &A, const Insertion &B) {
                     return A.Offset != B.Offset ? A.Offset < B.Offset
                                                 : A.Order < B.Order;
                   });
  return All;
}

llvm::Expected<std::string>
renderInstrumentedFile(const FileInstrumentation &F, IncludeStyle Style,
                       llvm::StringRef IncludeSpelling) {
  llvm::Expected<std::vector<Insertion>> All =
      allInsertions(F, Style, IncludeSpelling);
  if (!All)
    return All.takeError();
  std::string Out;
  Out.reserve(F.Original.size() + 256 * All->size());
  unsigned Pos = 0;
  for (const Insertion &I : *All) {
    Out.append(F.Original, Pos, I.Offset - Pos);
    Out += I.Text;
    Pos = I.Offset;
  }
  Out.append(F.Original, Pos, std::string::npos);
  return Out;
}

llvm::Expected<tooling::Replacements>
instrumentationReplacements(const FileInstrumentation &F,
                            llvm::StringRef IncludeSpelling) {
  llvm::Expected<std::vector<Insertion>> All =
      allInsertions(F, IncludeStyle::BlankLine, IncludeSpelling);
  if (!All)
    return All.takeError();
  tooling::Replacements Result;
  // One replacement per offset, its texts already in order.
  for (size_t I = 0; I < All->size();) {
    std::string Text;
    unsigned Offset = (*All)[I].Offset;
    for (; I < All->size() && (*All)[I].Offset == Offset; ++I)
      Text += (*All)[I].Text;
    if (llvm::Error E =
            Result.add(tooling::Replacement(F.Path, Offset, 0, Text)))
      return E;
  }
  return Result;
}

} // namespace maplens
