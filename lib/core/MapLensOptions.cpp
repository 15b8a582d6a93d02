//===--- MapLensOptions.cpp -----------------------------------------------===//

#include "core/MapLensOptions.h"

#include "llvm/ADT/StringSwitch.h"

namespace maplens {

bool MapLensOptions::isAnalysisKey(llvm::StringRef Key) {
  return llvm::StringSwitch<bool>(Key)
      .Case("filter", true).Case("system-headers", true).Case("root", true).Case("containers", true)
      .Default(false);
}

static llvm::Expected<bool> parseBool(llvm::StringRef Key,
                                      llvm::StringRef Value) {
  std::optional<bool> B = llvm::StringSwitch<std::optional<bool>>(Value)
                              .Case("", true).Case("1", true).Case("true", true).Case("on", true).Case("yes", true)
                              .Case("0", false).Case("false", false).Case("off", false).Case("no", false)
                              .Default(std::nullopt);
  if (!B)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: expected true or false, got '%s'",
                                   Key.str().c_str(), Value.str().c_str());
  return *B;
}

llvm::Error MapLensOptions::set(llvm::StringRef Key, llvm::StringRef Value) {
  if (Key == "filter") {
    auto R = std::make_shared<llvm::Regex>(Value);
    std::string Why;
    if (!R->isValid(Why))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "filter: invalid regular expression "
                                     "'%s': %s",
                                     Value.str().c_str(), Why.c_str());
    Filter = Value.str();
    FilterRegex = Value.empty() ? nullptr : std::move(R);
    return llvm::Error::success();
  }
  if (Key == "system-headers") {
    llvm::Expected<bool> B = parseBool(Key, Value);
    if (!B)
      return B.takeError();
    SystemHeaders = *B;
    return llvm::Error::success();
  }
  if (Key == "root") {
    Root = Value.str();
    return llvm::Error::success();
  }
  if (Key == "containers")
    return Containers.applySpec(Value);
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "unknown option '%s' (expected filter, system-headers, root or "
      "containers)",
      Key.str().c_str());
}

bool MapLensOptions::fileMatchesFilter(llvm::StringRef Path) const {
  return !FilterRegex || FilterRegex->match(Path);
}

} // namespace maplens
