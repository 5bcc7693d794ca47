// The compiler pipeline behind every command: load, resolve, build the catalog, plan, emit,
// and write only when nothing went wrong.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace tenantc {

enum class Command { Generate, MigrateNew, MigrateHash, Plan, Check, Repos };

struct Options {
  Command command = Command::Generate;
  std::string project = "tenantc.yaml";
  std::string migration_name;             // migrate new NAME
  std::string repos_out;                  // repos --out DIR (relative to the working directory)
  bool repos_list = false;                // repos --list: print the file names, write nothing
  std::optional<std::int64_t> timestamp;  // --timestamp, else SOURCE_DATE_EPOCH, else the clock
  bool quiet = false;
  bool allow_destructive = false;
};

// Exit status per the CLI spec: 0 success, 1 bad input or migrations folder.
int run(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace tenantc
