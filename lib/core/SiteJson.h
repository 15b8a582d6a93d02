//===--- SiteJson.h - The versioned JSON form of loop sites --------------===//
//
/// \file
/// `{"version": 1, "sites": [ {...} ]}`, as documented in docs/sites-json.md.
/// A reader rejects documents of another version or shape with an error
/// naming the file and the problem.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_CORE_SITEJSON_H
#define MAPLENS_CORE_SITEJSON_H

#include "core/LoopSite.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace maplens {

/// The schema version this build writes and reads.
constexpr int SitesJsonVersion = 1;

/// Writes one site object, fields in the documented order.
void writeSiteJson(llvm::json::OStream &J, const LoopSite &S);
llvm::Expected<LoopSite> siteFromJson(const llvm::json::Value &V);

/// The whole document, pretty-printed, with a trailing newline.
std::string sitesDocumentToString(const std::vector<LoopSite> &Sites);

/// Parses a document; FileName is only used in error messages.
llvm::Expected<std::vector<LoopSite>>
parseSitesDocument(llvm::StringRef Text, llvm::StringRef FileName);

} // namespace maplens

#endif // MAPLENS_CORE_SITEJSON_H
