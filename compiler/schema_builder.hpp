// Derives the catalog from the resolved model: implied columns and keys, tenant-safe
// foreign keys, and the index set that the constraints and generated queries need.
#pragma once

#include "catalog.hpp"
#include "model.hpp"

namespace tenantc {

catalog::Schema build_schema(const model::Project& project);

}  // namespace tenantc
