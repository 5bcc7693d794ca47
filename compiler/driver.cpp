// One run of tenantc. Every stage adds to one Diagnostics; output is produced in memory and
// committed at the end only when there is no error, so bad input changes nothing on disk.
#include "driver.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ostream>
#include <regex>

#include "ast.hpp"
#include "cpp_emitter.hpp"
#include "emitters.hpp"
#include "history.hpp"
#include "integrity.hpp"
#include "output.hpp"
#include "differ.hpp"
#include "planner.hpp"
#include "replay.hpp"
#include "resolver.hpp"
#include "schema_builder.hpp"
#include "yaml_frontend.hpp"

namespace tenantc {

namespace {

namespace fs = std::filesystem;

std::string shown_path(const std::string& root, const std::string& rel) {
  fs::path p = fs::path(rel).is_absolute() || root.empty() ? fs::path(rel) : fs::path(root) / rel;
  return p.lexically_normal().string();
}

std::int64_t clock_now(const Options& o) {
  if (o.timestamp) return *o.timestamp;
  if (const char* sde = std::getenv("SOURCE_DATE_EPOCH"); sde && *sde) {
    char* end = nullptr;
    long long v = std::strtoll(sde, &end, 10);
    if (end && *end == '\0' && v > 0) return v;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string source_list(const model::Project& p) {
  std::string out;
  for (const auto& m : p.modules) out += (out.empty() ? "" : ", ") + fs::path(m.file).filename().string();
  return p.settings.schemas_dir + "/{" + out + "}";
}

// Replays the history through PostgreSQL's parser into a catalog and compares it with the
// one the schemas build: hand-written migrations that build the same schema count as up to
// date, and formatting never counts as a change. Statements that make objects the catalog
// does not model (a view, a function, seed data) are kept and reported.
catalog::Schema replay_history(const History& history, Diagnostics& diags) {
  catalog::Schema current;
  std::vector<UnmodeledStatement> unmodeled;
  replay(current, history.up_statements(), diags, &unmodeled);
  for (const auto& u : unmodeled)
    diags.warning(u.loc, u.what + " is kept as written: tenantc does not derive it from the schemas");
  return current;
}

// Where in the YAML a differ message belongs: the field, entity or enum it names
// (`column orders.code`, `narrowing customers.name ...`, `enum value order_status.'x'`).
// Objects the YAML no longer has (a dropped table) fall back to `fallback`.
SourceLoc locate_subject(const model::Project& project, const std::string& text, const SourceLoc& fallback) {
  static const std::regex dotted(R"(\b([a-z_][a-z0-9_$]*)\.'?([a-z_][a-z0-9_$]*))");
  for (std::sregex_iterator it(text.begin(), text.end(), dotted), end; it != end; ++it) {
    if (const auto* e = project.entity((*it)[1])) {
      const auto* f = e->field((*it)[2]);
      return f && f->loc.known() ? f->loc : e->loc;
    }
    if (const auto* en = project.enum_type((*it)[1])) return en->loc;
  }
  static const std::regex table(R"(\btable ([a-z_][a-z0-9_$]*))");
  std::smatch m;
  if (std::regex_search(text, m, table))
    if (const auto* e = project.entity(m[1])) return e->loc;
  return fallback;
}

// One migration to write (one file in sql-migrate format; one or more up/down pairs in
// golang-migrate's).
struct Pending {
  Plan plan;
  std::string purpose;
  bool notransaction = false;
};

// The files of the pending migrations in the project's format. sql-migrate: one file each,
// named by consecutive timestamps. golang-migrate: one numbered up/down pair each, except
// that a migration run outside a transaction gets a pair per statement, because that tool
// sends a file as one multi-statement string, which PostgreSQL runs as one transaction.
std::vector<MigrationText> migration_files(const std::vector<Pending>& pending, const History& history,
                                           model::MigrationFormat format, const std::string& base_name,
                                           const std::string& sources, std::int64_t now) {
  std::vector<MigrationText> files;
  std::int64_t number =
      format == model::MigrationFormat::SqlMigrate ? std::max(now, history.last_timestamp() + 1) : history.last_timestamp() + 1;
  std::size_t count = 0;
  for (const auto& p : pending) count += p.notransaction && format == model::MigrationFormat::GolangMigrate ? p.plan.changes.size() : 1;
  std::size_t index = 0;
  auto next_name = [&] { return count == 1 ? base_name : base_name + "_" + std::to_string(++index); };
  for (const auto& p : pending) {
    verify_statements(p.plan.up());
    verify_statements(p.plan.down());
    if (format == model::MigrationFormat::SqlMigrate) {
      files.push_back(emit_sql_migrate(p.plan, number++, next_name(), sources, p.purpose, p.notransaction));
      continue;
    }
    std::vector<Plan> parts;
    if (p.notransaction)
      for (const auto& c : p.plan.changes) parts.push_back(Plan{{c}});
    else
      parts.push_back(p.plan);
    for (const auto& part : parts) {
      // Only CREATE INDEX CONCURRENTLY runs outside a transaction, so a part is one index.
      const std::string purpose =
          parts.size() == 1 ? p.purpose
                            : "create index " + part.changes.front().subject + " (concurrently, outside a transaction)";
      for (auto& f : emit_golang_migrate(part, number, next_name(), sources, purpose, now, p.notransaction))
        files.push_back(std::move(f));
      ++number;
    }
  }
  return files;
}

// Checks the migrations folder against its integrity file. A folder without one is accepted
// by the commands that write (they record it), and refused by `check`.
void check_history_integrity(const History& history, const std::string& migrations_shown, bool required,
                             const SourceLoc& migrations_loc, Diagnostics& diags) {
  const std::string sum_shown = (fs::path(migrations_shown) / kIntegrityFileName).string();
  if (history.integrity) {
    check_integrity(*history.integrity, history.raw, sum_shown, migrations_shown, diags);
  } else if (required && !history.raw.empty()) {
    diags.error(migrations_loc, "the migrations folder " + migrations_shown + " has no integrity file " +
                                    std::string(kIntegrityFileName) +
                                    ", so edits to its migrations would go unnoticed; run `tenantc migrate hash`"
                                    " (or `tenantc generate`) to record it");
  }
}

// `tenantc migrate hash`: records the folder as it is, after a deliberate hand edit.
int record_integrity(const Options& o, const model::Settings& settings, std::ostream& out, Diagnostics& diags) {
  const std::string migrations_shown = shown_path(settings.root, settings.migrations_dir);
  const History history = read_history(migrations_shown, migrations_shown, diags, settings.format);
  if (diags.has_errors()) return 1;
  if (history.raw.empty()) {
    if (!o.quiet) out << "nothing to record: " << migrations_shown << " holds no migrations\n";
    return 0;
  }
  OutputSet sum;
  const std::string sum_shown = (fs::path(migrations_shown) / kIntegrityFileName).string();
  sum.add(sum_shown, sum_shown, integrity_text(history.raw));
  auto r = sum.commit();
  if (!o.quiet) {
    for (const auto& w : r.written) out << "wrote " << w << "\n";
    for (const auto& w : r.unchanged) out << "unchanged " << w << "\n";
  }
  return 0;
}

}  // namespace

int run(const Options& o, std::ostream& out, std::ostream& err) {
  Diagnostics diags;
  auto finish = [&](int code) {
    diags.print(err);
    return code;
  };
  try {
    auto project_ast = load_project(o.project, diags);
    if (!project_ast) return finish(1);
    Diagnostics scratch;
    const model::Settings settings = resolve_settings(*project_ast, scratch);
    const std::string root = settings.root;
    if (o.command == Command::MigrateHash) {
      // Needs only the project's settings: a folder can be recorded while the YAML is broken.
      if (scratch.has_errors()) {
        scratch.print(err);
        return 1;
      }
      return finish(record_integrity(o, settings, out, diags));
    }
    auto modules = load_modules(shown_path(root, settings.schemas_dir), shown_path(root, settings.schemas_dir),
                                project_ast->schemas.set ? project_ast->schemas.loc : project_ast->loc, diags);
    auto model = resolve(*project_ast, modules, diags);
    if (!model || diags.has_errors()) return finish(1);
    OutputSet cpp_outputs;

    // C++ repositories: written by `repos` alone (the build-time step) and by `generate`.
    if (o.command == Command::Repos || o.command == Command::Generate || o.command == Command::Check) {
      const std::string out_dir =
          o.command == Command::Repos ? o.repos_out : shown_path(root, settings.repositories_out);
      for (auto& [rel, text] : emit_cpp(*model)) {
        if (o.repos_list) out << rel << "\n";
        auto path = (fs::path(out_dir) / rel).string();
        cpp_outputs.add(path, path, std::move(text));
      }
    }
    if (o.command == Command::Repos && o.repos_list) return finish(0);  // printed above, nothing written
    if (o.command == Command::Repos) {
      auto r = cpp_outputs.commit();
      if (!o.quiet)
        for (const auto& w : r.written) out << "wrote " << w << "\n";
      return finish(0);
    }

    const catalog::Schema schema = build_schema(*model);
    const Plan fresh = plan_create(schema);
    verify_statements(fresh.up());
    verify_statements(fresh.down());

    const std::string migrations_shown = shown_path(root, settings.migrations_dir);
    const History history = read_history(migrations_shown, migrations_shown, diags, settings.format);
    const SourceLoc migrations_loc =
        project_ast->migrations_dir.set ? project_ast->migrations_dir.loc : project_ast->loc;
    check_history_integrity(history, migrations_shown, o.command == Command::Check, migrations_loc, diags);
    if (diags.has_errors()) return finish(1);
    // The change since the last migration: everything for a new project, otherwise the diff
    // between the catalog the history builds and the one the schemas build (one file, or a
    // few when PostgreSQL's transaction rules need a step of its own).
    std::vector<Pending> pending_list;
    if (history.files.empty()) {
      pending_list.push_back({fresh, fresh.purpose(), false});
    } else {
      const catalog::Schema current = replay_history(history, diags);
      if (diags.has_errors()) return finish(1);
      catalog::Schema wanted = schema;
      canonicalize_expressions(wanted);
      if (!same_catalog(current, wanted)) {
        const DiffOptions options{o.allow_destructive};
        const Diff d = diff(current, schema, options);
        for (const auto& e : d.errors) diags.error(locate_subject(*model, e, migrations_loc), e);
        if (!options.allow_destructive)
          for (const auto& x : d.destructive)
            diags.error(locate_subject(*model, x, migrations_loc),
                        "this change would lose data: " + x + "; run again with --allow-destructive to accept that");
        if (diags.has_errors()) return finish(1);
        for (const auto& m : d.migrations) pending_list.push_back({m, m.purpose(), m.notransaction});
      }
    }
    const bool pending = !pending_list.empty();

    const std::string sources = source_list(*model);
    const std::string base_name =
        !o.migration_name.empty() ? o.migration_name : history.files.empty() ? "initial" : "change";
    const std::vector<MigrationText> new_files =
        migration_files(pending_list, history, settings.format, base_name, sources, clock_now(o));
    std::string pending_purpose;
    for (const auto& p : pending_list) pending_purpose += (pending_purpose.empty() ? "" : "; ") + p.purpose;
    OutputSet outputs;
    std::vector<NamedBytes> recorded = history.raw;
    for (const auto& f : new_files) {
      const std::string shown = (fs::path(migrations_shown) / f.file_name).string();
      outputs.add(shown, shown, f.content, true);
      recorded.push_back({f.file_name, f.content});
    }
    if (!recorded.empty()) {
      const std::string sum_shown = (fs::path(migrations_shown) / kIntegrityFileName).string();
      outputs.add(sum_shown, sum_shown, integrity_text(recorded));
    }
    OutputSet snapshots;
    const std::string schema_shown = shown_path(root, settings.output_schema);
    const std::string report_shown = shown_path(root, settings.output_index_report);
    snapshots.add(schema_shown, schema_shown, emit_schema_sql(schema, sources));
    snapshots.add(report_shown, report_shown, emit_index_report(schema, sources));

    switch (o.command) {
      case Command::Plan: {
        if (!pending) {
          out << "nothing to do: the migrations in " << migrations_shown << " match the schemas\n";
          return finish(0);
        }
        // The files it would write, as they would be written.
        for (const auto& f : new_files)
          out << "-- " << (fs::path(migrations_shown) / f.file_name).string() << "\n" << f.content << "\n";
        return finish(0);
      }
      case Command::Check: {
        if (pending) {
          diags.error(migrations_loc, "the schemas have a change no migration holds yet: " + pending_purpose +
                                          "; run `tenantc generate`");
        }
        for (const auto& s : snapshots.stale())
          diags.error({s, 0, 0}, "out of date with the schemas; run `tenantc generate`");
        for (const auto& s : cpp_outputs.stale())
          diags.error({s, 0, 0}, "out of date with the schemas; run `tenantc generate`");
        if (diags.has_errors()) return finish(1);
        if (!o.quiet) out << "ok: schemas valid, migrations up to date, outputs current\n";
        return finish(0);
      }
      case Command::MigrateNew: {
        auto r = outputs.commit();  // the integrity file too, when the folder had none yet
        if (!pending) {
          if (!o.quiet) {
            out << "nothing changed: no migration written\n";
            for (const auto& w : r.written) out << "wrote " << w << "\n";
          }
          return finish(0);
        }
        if (!o.quiet)
          for (const auto& w : r.written) out << "wrote " << w << "\n";
        return finish(0);
      }
      case Command::Repos:
      case Command::MigrateHash:
        return finish(0);  // handled above
      case Command::Generate: {
        auto r = outputs.commit();
        auto s = snapshots.commit();
        auto c = cpp_outputs.commit();
        if (!o.quiet) {
          if (!pending) out << "nothing changed: no migration written\n";
          for (const auto& w : r.written) out << "wrote " << w << "\n";
          for (const auto& w : s.written) out << "wrote " << w << "\n";
          for (const auto& w : s.unchanged) out << "unchanged " << w << "\n";
          for (const auto& w : c.written) out << "wrote " << w << "\n";
          if (!c.unchanged.empty()) out << "unchanged " << c.unchanged.size() << " C++ files\n";
        }
        return finish(0);
      }
    }
  } catch (const InternalError& e) {
    diags.print(err);
    err << "tenantc: internal error: " << e.message << "\n";
    return 1;
  } catch (const fs::filesystem_error& e) {
    diags.print(err);
    err << "tenantc: error: " << e.what() << "\n";
    return 1;
  }
  return finish(0);
}

}  // namespace tenantc
