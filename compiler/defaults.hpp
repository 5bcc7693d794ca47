// Turns a YAML `default:` into the SQL literal for a column type, checking it fits.
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "model.hpp"

namespace tenantc {

struct RenderedDefault {
  std::optional<std::string> sql;  // the DEFAULT expression
  std::string error;               // why the value does not fit the type
};

// `values` lists the enum's values when the type is an enum (or an array of one).
RenderedDefault render_default(const YAML::Node& value, const model::Type& type,
                               const std::vector<std::string>& enum_values);

// The zero an implicit money default takes, with the type's scale: 0.00.
std::string money_zero(const model::Type& type);

// YAML -> JSON text, used for jsonb defaults.
std::string yaml_to_json(const YAML::Node& node);

}  // namespace tenantc
