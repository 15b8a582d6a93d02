//===--- SiteJson.cpp -----------------------------------------------------===//

#include "core/SiteJson.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

namespace maplens {

namespace json = llvm::json;

static llvm::Error fieldError(llvm::StringRef Field, llvm::StringRef What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "field '%s' %s", Field.str().c_str(),
                                 What.str().c_str());
}

llvm::Expected<LoopSite> siteFromJson(const json::Value &V) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "a site is not an object");
  LoopSite S;
  auto Str = [&](llvm::StringRef Key, std::string &Out) -> llvm::Error {
    std::optional<llvm::StringRef> X = O->getString(Key);
    if (!X)
      return fieldError(Key, "is missing or not a string");
    Out = X->str();
    return llvm::Error::success();
  };
  auto UInt = [&](llvm::StringRef Key, unsigned &Out) -> llvm::Error {
    std::optional<int64_t> X = O->getInteger(Key);
    if (!X || *X < 0)
      return fieldError(Key, "is missing or not a non-negative integer");
    Out = static_cast<unsigned>(*X);
    return llvm::Error::success();
  };
  auto Bool = [&](llvm::StringRef Key, bool &Out) -> llvm::Error {
    std::optional<bool> X = O->getBoolean(Key);
    if (!X)
      return fieldError(Key, "is missing or not a boolean");
    Out = *X;
    return llvm::Error::success();
  };
  std::string Kind, Family, Binding;
  if (auto E = Str("id", S.Id))
    return E;
  if (auto E = Str("file", S.File))
    return E;
  if (auto E = UInt("line", S.Line))
    return E;
  if (auto E = UInt("column", S.Column))
    return E;
  if (auto E = Str("kind", Kind))
    return E;
  if (auto E = Str("family", Family))
    return E;
  if (auto E = Str("binding", Binding))
    return E;
  if (auto E = Bool("in_macro", S.InMacro))
    return E;
  if (auto E = Bool("in_template", S.InTemplate))
    return E;
  if (auto E = Bool("rewritable", S.Rewritable))
    return E;
  // Optional, descriptive fields.
  if (std::optional<llvm::StringRef> X = O->getString("project_file"))
    S.ProjectFile = X->str();
  if (std::optional<llvm::StringRef> X = O->getString("function"))
    S.Function = X->str();
  if (std::optional<llvm::StringRef> X = O->getString("text"))
    S.Text = X->str();

  const json::Object *C = O->getObject("container");
  if (!C || !C->getString("written") || !C->getString("canonical"))
    return fieldError("container",
                      "is missing or lacks 'written'/'canonical' strings");
  S.ContainerWritten = C->getString("written")->str();
  S.ContainerCanonical = C->getString("canonical")->str();

  std::optional<LoopKind> K = parseLoopKind(Kind);
  if (!K)
    return fieldError("kind", "has an unknown value '" + Kind + "'");
  S.Kind = *K;
  std::optional<ContainerFamily> F = parseContainerFamily(Family);
  if (!F)
    return fieldError("family", "has an unknown value '" + Family + "'");
  S.Family = *F;
  std::optional<ElementBinding> B = parseElementBinding(Binding);
  if (!B)
    return fieldError("binding", "has an unknown value '" + Binding + "'");
  S.Binding = *B;

  const json::Value *Skip = O->get("skip_reason");
  if (S.Rewritable) {
    if (Skip && !Skip->getAsNull())
      return fieldError("skip_reason", "must be null for a rewritable site");
    S.Skip = SkipReason::None;
  } else {
    std::optional<llvm::StringRef> R = Skip ? Skip->getAsString() : std::nullopt;
    std::optional<SkipReason> Parsed =
        R ? parseSkipReason(*R) : std::optional<SkipReason>();
    if (!Parsed || *Parsed == SkipReason::None)
      return fieldError("skip_reason",
                        "must name the reason of a non-rewritable site");
    S.Skip = *Parsed;
  }
  return S;
}

void writeSiteJson(llvm::json::OStream &J, const LoopSite &S) {
  // Written field by field so the output keeps the documented order
  // (json::Object would sort the keys).
  J.object([&] {
    J.attribute("id", S.Id);
    J.attribute("file", S.File);
    J.attribute("project_file", S.ProjectFile);
    J.attribute("line", static_cast<int64_t>(S.Line));
    J.attribute("column", static_cast<int64_t>(S.Column));
    J.attribute("kind", toString(S.Kind));
    J.attributeObject("container", [&] {
      J.attribute("written", S.ContainerWritten);
      J.attribute("canonical", S.ContainerCanonical);
    });
    J.attribute("family", toString(S.Family));
    J.attribute("binding", toString(S.Binding));
    J.attribute("in_macro", S.InMacro);
    J.attribute("in_template", S.InTemplate);
    J.attribute("rewritable", S.Rewritable);
    if (S.Rewritable)
      J.attribute("skip_reason", nullptr);
    else
      J.attribute("skip_reason", toString(S.Skip));
    J.attribute("function", S.Function);
    J.attribute("text", S.Text);
  });
}

std::string sitesDocumentToString(const std::vector<LoopSite> &Sites) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  {
    llvm::json::OStream J(OS, /*IndentSize=*/2);
    J.object([&] {
      J.attribute("version", SitesJsonVersion);
      J.attributeArray("sites", [&] {
        for (const LoopSite &S : Sites)
          writeSiteJson(J, S);
      });
    });
  }
  OS << "\n";
  OS.flush();
  return Out;
}

llvm::Expected<std::vector<LoopSite>>
parseSitesDocument(llvm::StringRef Text, llvm::StringRef FileName) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: %s", FileName.str().c_str(),
                                   Why.str().c_str());
  };
  llvm::Expected<json::Value> Doc = json::parse(Text);
  if (!Doc)
    return Fail("not valid JSON: " + llvm::toString(Doc.takeError()));
  const json::Object *Root = Doc->getAsObject();
  if (!Root || !Root->get("sites"))
    return Fail("not a maplens sites document (no \"sites\" member)");
  std::optional<int64_t> Version = Root->getInteger("version");
  if (!Version)
    return Fail("missing integer \"version\"");
  if (*Version != SitesJsonVersion)
    return Fail("unsupported sites document version " +
                llvm::Twine(*Version) + " (this maplens reads version " +
                llvm::Twine(SitesJsonVersion) + ")");
  const json::Array *Sites = Root->getArray("sites");
  if (!Sites)
    return Fail("\"sites\" is not an array");
  std::vector<LoopSite> Out;
  for (size_t I = 0; I < Sites->size(); ++I) {
    llvm::Expected<LoopSite> S = siteFromJson((*Sites)[I]);
    if (!S)
      return Fail("site " + llvm::Twine(I) + ": " +
                  llvm::toString(S.takeError()));
    Out.push_back(std::move(*S));
  }
  return Out;
}

} // namespace maplens
