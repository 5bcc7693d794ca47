// Shared helper for unit tests: compile in-memory YAML through the front end and resolver.
#pragma once

#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "diagnostics.hpp"
#include "model.hpp"
#include "resolver.hpp"
#include "yaml_frontend.hpp"

namespace tenantc::testing {

struct Compiled {
  Diagnostics diags;
  std::optional<model::Project> project;

  std::string errors() const {
    std::ostringstream s;
    diags.print(s);
    return s.str();
  }
  bool ok() const { return project && !diags.has_errors(); }
};

// The tenants table every tenant entity needs, as a module of its own.
inline const char* kCoreModule = R"(module: core
entities:
  tenants:
    tenant: false
    fields:
      name: string(100)
)";

// `modules` are (file name, text) pairs, compiled with the given project file text.
inline Compiled compile(const std::vector<std::pair<std::string, std::string>>& modules,
                        const std::string& project_text = "version: 1\n") {
  Compiled c;
  auto project = parse_project(project_text, "tenantc.yaml", c.diags);
  if (!project) return c;
  std::vector<ast::Module> asts;
  for (const auto& [name, text] : modules)
    if (auto m = parse_module(text, "schemas/" + name, c.diags)) asts.push_back(std::move(*m));
  c.project = resolve(*project, asts, c.diags);
  return c;
}

inline Compiled compile_one(const std::string& module_text, const std::string& project_text = "version: 1\n") {
  return compile({{"a_core.yaml", kCoreModule}, {"b_main.yaml", module_text}}, project_text);
}

}  // namespace tenantc::testing
