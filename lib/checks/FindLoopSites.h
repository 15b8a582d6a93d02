//===--- FindLoopSites.h - Run every detector over one translation unit --===//
//
/// \file
/// The single entry point front ends call: the plugin from its ASTConsumer,
/// `maplens scan` from its FrontendAction, tests from an ASTUnit.
//
//===----------------------------------------------------------------------===//

#ifndef MAPLENS_CHECKS_FINDLOOPSITES_H
#define MAPLENS_CHECKS_FINDLOOPSITES_H

#include "analysis/SiteAnchor.h"
#include "core/LoopSite.h"
#include "core/MapLensOptions.h"

#include "clang/AST/ASTContext.h"

#include <vector>

namespace maplens {

/// All sites in the translation unit, ordered by location. Ctx must belong
/// to a translation unit that compiled without errors.
std::vector<LoopSite> findLoopSites(clang::ASTContext &Ctx,
                                    const MapLensOptions &Opts);

/// The same, with the AST nodes of each site, for rewrites. Valid while Ctx
/// lives.
std::vector<FoundSite> findFoundSites(clang::ASTContext &Ctx,
                                      const MapLensOptions &Opts);

} // namespace maplens

#endif // MAPLENS_CHECKS_FINDLOOPSITES_H
