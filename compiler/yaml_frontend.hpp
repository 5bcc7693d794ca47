// Reads tenantc.yaml and the module files into the syntax tree, reporting YAML-level errors
// (syntax, duplicate and unknown keys, wrong node kinds) with their locations.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace tenantc {

// `path` is shown in messages as given. A missing file is an error.
std::optional<ast::Project> load_project(const std::filesystem::path& path, Diagnostics& diags);

// Parses the project file's text; `file` names it in messages and anchors relative paths.
std::optional<ast::Project> parse_project(const std::string& text, const std::string& file, Diagnostics& diags);

// Parses one module file's text; `display_path` names it in messages.
std::optional<ast::Module> parse_module(const std::string& text, const std::string& display_path,
                                        Diagnostics& diags);

// Every *.yaml / *.yml file directly in `dir`, in file-name order.
std::vector<ast::Module> load_modules(const std::filesystem::path& dir, const std::string& display_dir,
                                      const SourceLoc& setting_loc, Diagnostics& diags);

}  // namespace tenantc
