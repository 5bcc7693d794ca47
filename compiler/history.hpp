// The migrations folder: its files in the migration tool's order, each Up and Down section
// split into statements by PostgreSQL's parser.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "diagnostics.hpp"
#include "integrity.hpp"
#include "model.hpp"
#include "replay.hpp"

namespace tenantc {

struct MigrationFile {
  std::string path;       // as shown in messages
  std::string file_name;  // changes-1767225600.sql, 000002_change.up.sql
  std::int64_t timestamp = 0;  // the number the name starts with (sql-migrate: Unix time), 0 when none
  std::vector<ReplayStatement> up;  // the Up section's statements, with their locations
};

struct History {
  std::vector<MigrationFile> files;  // one per migration (golang-migrate: its up file)
  std::vector<NamedBytes> raw;       // every migration file in the tool's order, down files too
  std::optional<std::string> integrity;  // tenantc.sum's text, when the folder has one
  std::int64_t last_timestamp() const;
  // Every Up statement of every file, in order.
  std::vector<ReplayStatement> up_statements() const;
};

// A missing folder is an empty history. Files that do not parse are reported with their
// file:line:col and left out.
History read_history(const std::filesystem::path& dir, const std::string& display_dir, Diagnostics& diags,
                     model::MigrationFormat format = model::MigrationFormat::SqlMigrate);

// sql-migrate's order: names with a numeric prefix first, by number; then by name.
bool migration_less(const std::string& a, const std::string& b);

// The canonical (deparsed) form of a list of statements.
std::vector<std::string> canonical_statements(const std::vector<std::string>& statements);

// Whether two catalogs hold the same objects: enum types, tables (columns in order,
// constraints by name, comments) and indexes by name. Creation order and what an object
// serves do not count.
bool same_catalog(const catalog::Schema& a, const catalog::Schema& b);

}  // namespace tenantc
