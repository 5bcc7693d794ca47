// Rendering of the embedded Mustache templates (kainjow/mustache, header-only).
#include "templates.hpp"

#include "diagnostics.hpp"

namespace tenantc::templates {

namespace {

// The Mustache spec drops a line that holds only a section tag ({{#x}}, {{^x}}, {{/x}}).
// kainjow 4.1 keeps that line's newline when the section is empty, which would leave blank
// lines in the output, so the rule is applied here: such a line joins the next one
// (unless that one is empty, where kainjow gets it right).
std::string join_standalone_tags(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    bool standalone = line.size() > 5 && line.substr(0, 2) == "{{" && (line[2] == '#' || line[2] == '^' || line[2] == '/') &&
                      line.substr(line.size() - 2) == "}}" && line.find("}}") == line.size() - 2;
    out += line;
    if (end == std::string_view::npos) break;
    // Before an empty line kainjow strips the tag's line correctly itself.
    const bool next_empty = end + 1 < text.size() && text[end + 1] == '\n';
    if (!standalone || next_empty) out += '\n';
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::string render(const std::string& name, const kainjow::mustache::data& data) {
  auto it = all().find(name);
  if (it == all().end()) throw InternalError{"no embedded template named " + name};
  kainjow::mustache::mustache tpl{join_standalone_tags(it->second)};
  if (!tpl.is_valid()) throw InternalError{"template " + name + ": " + tpl.error_message()};
  std::string out = tpl.render(data);
  if (!tpl.is_valid()) throw InternalError{"template " + name + ": " + tpl.error_message()};
  return out;
}

}  // namespace tenantc::templates
