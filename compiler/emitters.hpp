// Output files printed from the plan and the catalog: the migration, schema.sql and the
// index report. Emitters take resolved data only and return text; nothing here touches disk.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "planner.hpp"

namespace tenantc {

struct MigrationText {
  std::string file_name;
  std::string content;
};

// sql-migrate format: changes-<timestamp>.sql. `sources` names the YAML files in the header.
// `notransaction` marks a migration sql-migrate must run outside a transaction (CREATE INDEX
// CONCURRENTLY); `purpose` is its `-- Purpose:` line.
MigrationText emit_sql_migrate(const Plan& plan, std::int64_t timestamp, const std::string& name,
                               const std::string& sources, const std::string& purpose, bool notransaction);

// golang-migrate format: <number>_<name>.up.sql and .down.sql, the number zero-padded to six
// digits. That tool sends each file as one multi-statement string (one implicit transaction),
// so callers give a `notransaction` plan a single statement.
std::vector<MigrationText> emit_golang_migrate(const Plan& plan, std::int64_t number, const std::string& name,
                                               const std::string& sources, const std::string& purpose,
                                               std::int64_t date, bool notransaction);

std::string emit_schema_sql(const catalog::Schema& schema, const std::string& sources);

std::string emit_index_report(const catalog::Schema& schema, const std::string& sources);

// `2026-01-01T00:00:00Z` for a Unix time.
std::string iso_utc(std::int64_t seconds);

}  // namespace tenantc
