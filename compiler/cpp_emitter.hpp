// The C++ repositories: per entity a header and a source, per enum a header, per module an
// umbrella header, and one header of strong id types. Paths are relative to the output folder.
#pragma once

#include <map>
#include <string>

#include "model.hpp"

namespace tenantc {

// relative path -> file content, in path order.
std::map<std::string, std::string> emit_cpp(const model::Project& project);

}  // namespace tenantc
