//===--- LoopSite.cpp -----------------------------------------------------===//

#include "core/LoopSite.h"

#include "llvm/ADT/StringSwitch.h"

#include <tuple>

namespace maplens {

llvm::StringRef toString(LoopKind K) {
  switch (K) {
  case LoopKind::RangeFor:
    return "range-for";
  case LoopKind::IteratorLoop:
    return "iterator-loop";
  case LoopKind::View:
    return "view";
  case LoopKind::Algorithm:
    return "algorithm";
  }
  return "range-for";
}

llvm::StringRef toString(ContainerFamily F) {
  switch (F) {
  case ContainerFamily::OrderedTree:
    return "ordered-tree";
  case ContainerFamily::NodeHash:
    return "node-hash";
  case ContainerFamily::FlatHash:
    return "flat-hash";
  case ContainerFamily::Other:
    return "other";
  }
  return "other";
}

llvm::StringRef toString(ElementBinding B) {
  switch (B) {
  case ElementBinding::Value:
    return "value";
  case ElementBinding::Reference:
    return "reference";
  case ElementBinding::ConstReference:
    return "const-reference";
  case ElementBinding::StructuredBinding:
    return "structured-binding";
  case ElementBinding::Iterator:
    return "iterator";
  case ElementBinding::Callable:
    return "callable";
  }
  return "value";
}

llvm::StringRef toString(SkipReason R) {
  switch (R) {
  case SkipReason::None:
    return "";
  case SkipReason::MacroExpansion:
    return "macro-expansion";
  case SkipReason::SystemHeader:
    return "system-header";
  case SkipReason::NoFile:
    return "no-file";
  case SkipReason::ConstexprFunction:
    return "constexpr-function";
  case SkipReason::NotInFunction:
    return "not-in-function";
  }
  return "";
}

std::optional<LoopKind> parseLoopKind(llvm::StringRef S) {
  return llvm::StringSwitch<std::optional<LoopKind>>(S)
      .Case("range-for", LoopKind::RangeFor)
      .Case("iterator-loop", LoopKind::IteratorLoop)
      .Case("view", LoopKind::View)
      .Case("algorithm", LoopKind::Algorithm)
      .Default(std::nullopt);
}

std::optional<ContainerFamily> parseContainerFamily(llvm::StringRef S) {
  return llvm::StringSwitch<std::optional<ContainerFamily>>(S)
      .Case("ordered-tree", ContainerFamily::OrderedTree)
      .Case("node-hash", ContainerFamily::NodeHash)
      .Case("flat-hash", ContainerFamily::FlatHash)
      .Case("other", ContainerFamily::Other)
      .Default(std::nullopt);
}

std::optional<ElementBinding> parseElementBinding(llvm::StringRef S) {
  return llvm::StringSwitch<std::optional<ElementBinding>>(S)
      .Case("value", ElementBinding::Value)
      .Case("reference", ElementBinding::Reference)
      .Case("const-reference", ElementBinding::ConstReference)
      .Case("structured-binding", ElementBinding::StructuredBinding)
      .Case("iterator", ElementBinding::Iterator)
      .Case("callable", ElementBinding::Callable)
      .Default(std::nullopt);
}

std::optional<SkipReason> parseSkipReason(llvm::StringRef S) {
  return llvm::StringSwitch<std::optional<SkipReason>>(S)
      .Case("", SkipReason::None)
      .Case("macro-expansion", SkipReason::MacroExpansion)
      .Case("system-header", SkipReason::SystemHeader)
      .Case("no-file", SkipReason::NoFile)
      .Case("constexpr-function", SkipReason::ConstexprFunction)
      .Case("not-in-function", SkipReason::NotInFunction)
      .Default(std::nullopt);
}

std::string describeSite(const LoopSite &S) {
  std::string Out;
  switch (S.Kind) {
  case LoopKind::RangeFor:
    Out = "range-for loop walks ";
    break;
  case LoopKind::IteratorLoop:
    Out = "iterator loop walks ";
    break;
  case LoopKind::View:
    Out = "range-for loop over a view walks ";
    break;
  case LoopKind::Algorithm:
    Out = "algorithm call walks ";
    break;
  }
  Out += "'" + S.ContainerWritten + "'";
  if (S.ContainerWritten != S.ContainerCanonical)
    Out += " (aka '" + S.ContainerCanonical + "')";
  Out += "; family: " + toString(S.Family).str();
  if (!S.Rewritable)
    Out += "; not rewritable: " + toString(S.Skip).str();
  return Out;
}

bool siteLocationLess(const LoopSite &A, const LoopSite &B) {
  return std::make_tuple(llvm::StringRef(A.File), A.Line, A.Column, A.Kind,
                         llvm::StringRef(A.Id)) <
         std::make_tuple(llvm::StringRef(B.File), B.Line, B.Column, B.Kind,
                         llvm::StringRef(B.Id));
}

} // namespace maplens
