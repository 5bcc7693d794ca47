// The type language of the schema files: parsing `decimal(10,2)`, `text[]`, `money` ...,
// and mapping each type to PostgreSQL and C++.
#pragma once

#include <optional>
#include <string>

#include "model.hpp"

namespace tenantc::types {

struct Parsed {
  std::optional<model::Type> type;
  std::string enum_ref;   // set when the text names an enum (`order_status`, `crm.channel`)
  std::string error;      // set when the text is not a type
};

// Parses a built-in type; a bare identifier that is not built in comes back as `enum_ref`
// for the resolver to look up.
Parsed parse(const std::string& text);

}  // namespace tenantc::types
