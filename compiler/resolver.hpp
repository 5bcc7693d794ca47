// Semantic analysis: the syntax tree becomes the resolved model, or errors with locations.
#pragma once

#include <optional>
#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"
#include "model.hpp"

namespace tenantc {

// `root` is the folder of the project file; paths in the settings are taken relative to it.
// Returns nullopt only when the settings are too broken to go on; otherwise a model that is
// complete whenever `diags` holds no error.
std::optional<model::Project> resolve(const ast::Project& project, const std::vector<ast::Module>& modules,
                                      Diagnostics& diags);

// Settings alone, so that the driver can find the schemas folder before modules are read.
// resolve() reports the same problems again, so callers pass a scratch sink here.
model::Settings resolve_settings(const ast::Project& project, Diagnostics& diags);

}  // namespace tenantc
