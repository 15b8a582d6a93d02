//===--- SiteBuilder.cpp --------------------------------------------------===//

#include "analysis/SiteBuilder.h"

#include "clang/AST/ASTLambda.h"

#include "core/ClangCompat.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"

namespace maplens {

using namespace clang;

SiteBuilder::SiteBuilder(ASTContext &Ctx, const MapLensOptions &Opts)
    : Ctx(Ctx), Opts(Opts), Roots(Opts.Root) {}

std::string SiteBuilder::printType(QualType T, bool Canonical) const {
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  compat::suppressInlineNamespaces(Policy);
  Policy.SuppressTagKeyword = true;
  Policy.SuppressDefaultTemplateArgs = true;
  Policy.SuppressUnwrittenScope = true;
  T = T.getNonReferenceType();
  if (Canonical)
    T = T.getCanonicalType();
  T = T.getUnqualifiedType();
  return T.getAsString(Policy);
}

std::string SiteBuilder::sourceText(SourceLocation Begin,
                                    SourceLocation End) const {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Begin.isInvalid() || End.isInvalid())
    return std::string();
  CharSourceRange Range = CharSourceRange::getTokenRange(
      SM.getExpansionRange(Begin).getBegin(), SM.getExpansionRange(End).getEnd());
  bool Invalid = false;
  llvm::StringRef Text =
      Lexer::getSourceText(Range, SM, Ctx.getLangOpts(), &Invalid);
  return Invalid ? std::string() : Text.str();
}

const SiteBuilder::FunctionNames &
SiteBuilder::namesOf(const FunctionDecl *Pattern) {
  auto [It, Inserted] = Functions.try_emplace(Pattern);
  if (Inserted) {
    It->second.Qualified = Pattern->getQualifiedNameAsString();
    It->second.Signature = Pattern->getType().getAsString();
  }
  return It->second;
}

const SiteBuilder::FilePaths &SiteBuilder::pathsOf(FileID FID,
                                                  FileEntryRef Entry) {
  auto [It, Inserted] = Files.try_emplace(FID);
  if (Inserted) {
    llvm::SmallString<256> Path(Entry.getName());
    Ctx.getSourceManager().getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    It->second.Absolute = std::string(Path);
    It->second.ProjectRelative = Roots.projectRelative(It->second.Absolute);
  }
  return It->second;
}

const std::string &SiteBuilder::printCanonicalType(QualType T) {
  QualType Canonical =
      T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  auto [It, Inserted] = CanonicalTypes.try_emplace(Canonical.getTypePtr());
  if (Inserted)
    It->second = printType(Canonical, /*Canonical=*/true);
  return It->second;
}

/// False when Raw, once its whitespace is folded, cannot contain Folded:
/// some run of Folded without spaces is missing from Raw. Folding only
/// changes whitespace, so the test never says false wrongly; a wrapped
/// range (`maplens_loop_1.range(m)`) is unwrapped by the folding this
/// stands in for, so text holding one is always searched in full.
static bool mayContainFolded(llvm::StringRef Raw, llvm::StringRef Folded) {
  if (Raw.contains("maplens_loop_"))
    return true;
  llvm::StringRef Longest;
  for (llvm::StringRef Rest = Folded; !Rest.empty();) {
    auto [Run, Tail] = Rest.split(' ');
    if (Run.size() > Longest.size())
      Longest = Run;
    Rest = Tail;
  }
  return Raw.contains(Longest);
}

unsigned SiteBuilder::ordinalIn(const FunctionDecl *FD, FileID FID,
                                SourceLocation Loc, llvm::StringRef Text) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation FnBegin = SM.getExpansionLoc(FD->getBeginLoc());
  if (FnBegin.isInvalid() || SM.getFileID(FnBegin) != FID ||
      SM.getFileOffset(FnBegin) >= SM.getFileOffset(Loc))
    return 0;
  bool Invalid = false;
  llvm::StringRef Before =
      Lexer::getSourceText(CharSourceRange::getCharRange(FnBegin, Loc), SM,
                           Ctx.getLangOpts(), &Invalid);
  if (Invalid || !mayContainFolded(Before, Text))
    return 0;
  std::string Folded = withoutProbeRanges(foldWhitespace(Before));
  unsigned Ordinal = 0;
  for (size_t Pos = Folded.find(Text); Pos != std::string::npos;
       Pos = Folded.find(Text, Pos + 1))
    ++Ordinal;
  return Ordinal;
}

static bool isInTemplate(const FunctionDecl *FD) {
  for (const DeclContext *DC = FD; DC; DC = DC->getParent()) {
    if (DC->isDependentContext())
      return true;
    if (const auto *F = dyn_cast<FunctionDecl>(DC)) {
      if (F->isTemplateInstantiation() || F->getDescribedFunctionTemplate())
        return true;
    } else if (const auto *R = dyn_cast<CXXRecordDecl>(DC)) {
      if (R->getDescribedClassTemplate())
        return true;
      if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(R))
        if (Spec->getSpecializationKind() != TSK_ExplicitSpecialization)
          return true;
    }
  }
  return false;
}

/// The function as written in the source: instantiations map back to their
/// pattern, so every instantiation names the same function.
static const FunctionDecl *patternOf(const FunctionDecl *FD) {
  if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
    return P;
  return FD;
}

std::optional<LoopSite>
SiteBuilder::build(const Stmt *Loop, LoopKind Kind, SourceLocation HeaderBegin,
                   SourceLocation HeaderEnd, const ContainerMatch &Container,
                   const Expr *ContainerExpr, ElementBinding Binding,
                   llvm::ArrayRef<const Stmt *> HeaderParts,
                   const EnclosingFunctions &Around) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Begin = Loop->getBeginLoc();
  SourceLocation Expansion = SM.getExpansionLoc(Begin);
  SourceLocation Spelling = SM.getSpellingLoc(Begin);
  if (Expansion.isInvalid())
    return std::nullopt;

  bool InSystemHeader = SM.isInSystemHeader(Expansion);
  if (InSystemHeader && !Opts.SystemHeaders)
    return std::nullopt;

  // Instantiations of a template share its source locations.
  if (!Seen.insert({Expansion.getRawEncoding(), Spelling.getRawEncoding()})
           .second)
    return std::nullopt;

  LoopSite Site;
  FileID FID = SM.getFileID(Expansion);
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(FID);
  if (Entry) {
    const FilePaths &Paths = pathsOf(FID, *Entry);
    Site.File = Paths.Absolute;
    Site.ProjectFile = Paths.ProjectRelative;
  } else {
    Site.File = SM.getBufferName(Expansion).str();
    Site.ProjectFile = Site.File;
  }
  if (!Opts.fileMatchesFilter(Site.File)) {
    return std::nullopt;
  }
  Site.Line = SM.getExpansionLineNumber(Begin);
  Site.Column = SM.getExpansionColumnNumber(Begin);
  Site.Kind = Kind;
  Site.Family = Container.Family;
  Site.Binding = Binding;

  QualType Written = ContainerExpr ? ContainerExpr->getType() : Container.Type;
  if (!Written.isNull() && Written->isPointerType())
    Written = Written->getPointeeType();
  if (Written.isNull() || Written->getAsCXXRecordDecl() == nullptr)
    Written = Container.Type;
  Site.ContainerWritten = printType(Written, /*Canonical=*/false);
  Site.ContainerCanonical = printCanonicalType(Written);

  // Macro status. A loop is "in a macro" when the statement itself comes
  // from an expansion; it is also not rewritable when any token of its
  // header does, since rewriting would have to edit the macro.
  Site.InMacro = Begin.isMacroID() || Loop->getEndLoc().isMacroID();
  bool HeaderHasMacro = HeaderBegin.isMacroID() || HeaderEnd.isMacroID();
  for (const Stmt *Part : HeaderParts)
    if (Part && (Part->getBeginLoc().isMacroID() || Part->getEndLoc().isMacroID()))
      HeaderHasMacro = true;

  const FunctionDecl *Innermost = Around.Innermost;
  const FunctionDecl *FD = Around.Named;
  // A generic lambda is a template even inside an ordinary function.
  Site.InTemplate = Innermost && isInTemplate(Innermost);
  std::string Signature;
  if (FD) {
    Site.InTemplate = Site.InTemplate || isInTemplate(FD);
    const FunctionNames &Names = namesOf(patternOf(FD));
    Site.Function = Names.Qualified;
    Signature = Names.Signature;
  }

  Site.Text =
      withoutProbeRanges(foldWhitespace(sourceText(HeaderBegin, HeaderEnd)));

  // Ordinal: identical headers earlier in the same function.
  unsigned Ordinal =
      FD && !Site.Text.empty() ? ordinalIn(FD, FID, Expansion, Site.Text) : 0;
  Site.Id = computeSiteId(Site.ProjectFile, Site.Function + Signature, Kind,
                          Site.Text, Ordinal);

  if (!Entry) {
    Site.Rewritable = false;
    Site.Skip = SkipReason::NoFile;
  } else if (InSystemHeader) {
    Site.Rewritable = false;
    Site.Skip = SkipReason::SystemHeader;
  } else if (Site.InMacro || HeaderHasMacro) {
    Site.Rewritable = false;
    Site.Skip = SkipReason::MacroExpansion;
  } else if (!Innermost) {
    // Probes and snapshots need a function body to live in.
    Site.Rewritable = false;
    Site.Skip = SkipReason::NotInFunction;
  } else if ((Innermost->isConstexpr() && !isLambdaCallOperator(Innermost)) ||
             (FD && FD->isConstexpr())) {
    // (A lambda's call operator is constexpr implicitly whenever it can be;
    // a probe's static just makes it stop being so.)
    // A constexpr function may not declare the static the probe needs (and
    // may run at compile time, where nothing can be measured).
    Site.Rewritable = false;
    Site.Skip = SkipReason::ConstexprFunction;
  }
  return Site;
}

} // namespace maplens
