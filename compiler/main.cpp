// tenantc command line (CLI11): parses flags into driver::Options and runs the pipeline.
#include <CLI/CLI.hpp>

#include <iostream>
#include <regex>

#include "driver.hpp"

int main(int argc, char** argv) {
  CLI::App app{"tenantc: multi-tenant PostgreSQL schemas from YAML to migrations, indexes and C++ repositories"};
  app.require_subcommand(1);
  app.fallthrough();  // global flags are accepted before or after the command

  tenantc::Options options;
  std::int64_t timestamp = 0;
  app.add_option("--project", options.project, "path of tenantc.yaml")->capture_default_str();
  app.add_flag("--quiet,-q", options.quiet, "print only errors");
  app.add_option("--timestamp", timestamp, "Unix time for new migration names (default: SOURCE_DATE_EPOCH, else now)")
      ->check(CLI::PositiveNumber);
  app.add_flag("--allow-destructive", options.allow_destructive, "allow changes that lose data");

  auto* generate = app.add_subcommand("generate", "write what is out of date: migration, schema.sql, index report");
  auto* migrate = app.add_subcommand("migrate", "migration commands");
  migrate->require_subcommand(1);
  auto* migrate_new = migrate->add_subcommand("new", "write only the migration for the pending change");
  migrate_new->add_option("NAME", options.migration_name, "what the change is, e.g. add_invoices")->required();
  auto* migrate_hash = migrate->add_subcommand(
      "hash", "record the migrations folder in its integrity file (after a deliberate hand edit)");
  auto* plan = app.add_subcommand("plan", "print the pending change as Up and Down SQL; write nothing");
  auto* check = app.add_subcommand("check", "CI gate: schemas valid, migrations up to date, outputs current");
  auto* repos = app.add_subcommand("repos", "write only the C++ repositories (the build-time step)");
  auto* repos_out = repos->add_option("--out", options.repos_out, "output folder");
  // --list lets a build system learn the output names at configure time (tenantc_generate).
  repos->add_flag("--list", options.repos_list, "print the paths it would write, relative to --out; write nothing")
      ->excludes(repos_out);
  auto* lint = app.add_subcommand("lint", "lint migration files (not supported yet)");
  std::vector<std::string> lint_files;
  lint->add_option("FILES", lint_files);
  auto* verify = app.add_subcommand("verify", "check migrations against a real PostgreSQL (not supported yet)");
  std::string url;
  verify->add_option("--database-url", url);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (app.count("--timestamp")) options.timestamp = timestamp;
  if (*repos && !options.repos_list && options.repos_out.empty()) {
    std::cerr << "tenantc: error: `tenantc repos` needs --out DIR (or --list)\n";
    return 2;
  }

  if (*generate) options.command = tenantc::Command::Generate;
  else if (*migrate_new) {
    options.command = tenantc::Command::MigrateNew;
    if (!std::regex_match(options.migration_name, std::regex("^[a-z0-9][a-z0-9_]*$"))) {
      std::cerr << "tenantc: error: migration name '" << options.migration_name
                << "' must be lowercase letters, digits and underscores\n";
      return 2;
    }
  } else if (*migrate_hash) options.command = tenantc::Command::MigrateHash;
  else if (*plan) options.command = tenantc::Command::Plan;
  else if (*check) options.command = tenantc::Command::Check;
  else if (*repos) options.command = tenantc::Command::Repos;
  else {
    std::string name = *lint ? "lint" : *verify ? "verify" : "?";
    std::cerr << "tenantc: error: `tenantc " << name << "` is not supported yet by this version\n";
    return 2;
  }
  return tenantc::run(options, std::cout, std::cerr);
}
