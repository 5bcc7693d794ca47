// Templates from templates/, embedded in the binary at build time, and their rendering.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <kainjow/mustache.hpp>

namespace tenantc::templates {

// name (file name without .mustache) -> text. Defined in the generated embedded_templates.cpp.
const std::map<std::string, std::string_view>& all();

// Renders a template; a missing template or a render error is an InternalError.
std::string render(const std::string& name, const kainjow::mustache::data& data);

}  // namespace tenantc::templates
