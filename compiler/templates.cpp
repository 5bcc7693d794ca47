// Rendering of the embedded Mustache templates (kainjow/mustache, header-only).
#include "templates.hpp"

#include "diagnostics.hpp"

namespace tenantc::templates {

std::string render(const std::string& name, const kainjow::mustache::data& data) {
  auto it = all().find(name);
  if (it == all().end()) throw InternalError{"no embedded template named " + name};
  kainjow::mustache::mustache tpl{std::string(it->second)};
  if (!tpl.is_valid()) throw InternalError{"template " + name + ": " + tpl.error_message()};
  std::string out = tpl.render(data);
  if (!tpl.is_valid()) throw InternalError{"template " + name + ": " + tpl.error_message()};
  return out;
}

}  // namespace tenantc::templates
