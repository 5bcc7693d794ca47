// The integrity file of a migrations folder (tenantc.sum): a chained checksum over every
// migration file in the tool's order, so that an edited, removed, reordered or inserted
// migration is reported (neither sql-migrate nor golang-migrate records checksums).
#pragma once

#include <string>
#include <vector>

#include "diagnostics.hpp"

namespace tenantc {

inline constexpr const char* kIntegrityFileName = "tenantc.sum";

// A migration file's name (without folder) and its exact bytes.
struct NamedBytes {
  std::string name;
  std::string bytes;
};

// The text of tenantc.sum for these files, in the order given (the migration tool's order).
// Line 1 is `h1:<sum of the lines below>`; then one line per file, `<name> h1:<chain>`, where
// chain_i = base64(sha256(chain_{i-1} || name_i || "\n" || bytes_i)), chain_{i-1} in its base64
// text and chain_0 empty.
// The same layout as Atlas's atlas.sum, so it reads familiar and merges as badly on purpose:
// two branches that both add a migration conflict on the file instead of silently diverging.
std::string integrity_text(const std::vector<NamedBytes>& files);

// Checks the folder's files (tool order) against the recorded integrity text. Each file is
// checked against the recorded chain value before it, so every edited file is named, not only
// the first. `sum_shown` is the integrity file's path as shown in messages, `dir_shown` the
// folder's. Reports errors into `diags`; returns whether all was well.
bool check_integrity(const std::string& recorded, const std::vector<NamedBytes>& files, const std::string& sum_shown,
                     const std::string& dir_shown, Diagnostics& diags);

}  // namespace tenantc
