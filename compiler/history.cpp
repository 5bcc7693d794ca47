// Reading existing migration files (sql-migrate or golang-migrate). Statements are compared in PostgreSQL's deparsed form
// so that whitespace, comments and formatting never count as a change.
#include "history.hpp"

#include <algorithm>
#include <map>
#include <fstream>
#include <regex>
#include <sstream>
#include <tuple>

#include "diagnostics.hpp"
#include "integrity.hpp"
#include "sql_parser.hpp"

namespace tenantc {

namespace {

std::optional<std::int64_t> numeric_prefix(const std::string& s) {
  std::size_t n = 0;
  while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
  if (n == 0 || n > 18) return std::nullopt;
  return std::stoll(s.substr(0, n));
}

struct Section {
  std::string text;
  int first_line = 0;  // 1-based line of the section's first line
  bool present = false;
};

}  // namespace

bool migration_less(const std::string& a, const std::string& b) {
  auto na = numeric_prefix(a), nb = numeric_prefix(b);
  if (na && nb && *na != *nb) return *na < *nb;
  if (na && !nb) return true;
  if (!na && nb) return false;
  return a < b;
}

std::int64_t History::last_timestamp() const {
  std::int64_t t = 0;
  for (const auto& f : files) t = std::max(t, f.timestamp);
  return t;
}

std::vector<ReplayStatement> History::up_statements() const {
  std::vector<ReplayStatement> out;
  for (const auto& f : files) out.insert(out.end(), f.up.begin(), f.up.end());
  return out;
}

std::vector<std::string> canonical_statements(const std::vector<std::string>& statements) {
  std::vector<std::string> out;
  for (const auto& s : statements) {
    sql::ParseError err;
    auto c = sql::canonical(s, &err);
    if (!c) throw InternalError{"generated a statement PostgreSQL's parser rejects (" + err.message + "):\n" + s};
    out.push_back(*c);
  }
  return out;
}

bool same_catalog(const catalog::Schema& a, const catalog::Schema& b) {
  auto enums = [](const catalog::Schema& s) {
    std::map<std::string, catalog::Enum> m;
    for (const auto& e : s.enums) m.emplace(e.name, e);
    return m;
  };
  auto indexes = [](const catalog::Schema& s) {
    std::map<std::string, catalog::Index> m;
    for (const auto& i : s.indexes) m.emplace(i.name, i);
    return m;
  };
  auto tables = [](const catalog::Schema& s) {
    std::map<std::string, const catalog::Table*> m;
    for (const auto& t : s.tables) m.emplace(t.name, &t);
    return m;
  };
  auto constraints = [](const catalog::Table& t) {
    std::map<std::string, catalog::Constraint> m;
    for (const auto& c : t.constraints) m.emplace(c.name, c);
    return m;
  };
  if (enums(a) != enums(b) || indexes(a) != indexes(b)) return false;
  auto ta = tables(a), tb = tables(b);
  if (ta.size() != tb.size()) return false;
  for (const auto& [name, t] : ta) {
    auto it = tb.find(name);
    if (it == tb.end()) return false;
    const auto& u = *it->second;
    if (t->columns != u.columns || t->comment != u.comment || constraints(*t) != constraints(u)) return false;
  }
  return true;
}

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

// sql-migrate: every .sql file, Up and Down sections marked by `-- +migrate` directives.
void read_sql_migrate(const std::filesystem::path& dir, const std::string& display_dir,
                      std::vector<std::string> names, History& h, Diagnostics& diags) {
  std::sort(names.begin(), names.end(), migration_less);
  static const std::regex stamped(R"(^changes-(\d{1,18})\.sql$)");
  static const std::regex directive(R"(^\s*--\s*\+migrate\s+(Up|Down)\b.*$)");
  for (const auto& name : names) {
    MigrationFile f;
    f.file_name = name;
    f.path = (std::filesystem::path(display_dir) / name).string();
    std::smatch m;
    if (std::regex_match(name, m, stamped)) f.timestamp = std::stoll(m[1]);
    const std::string bytes = read_file(dir / name);
    h.raw.push_back({name, bytes});
    std::istringstream in(bytes);
    std::string line;
    Section up, down;
    Section* current = nullptr;
    int lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      std::smatch dm;
      if (std::regex_match(line, dm, directive)) {
        current = dm[1] == "Up" ? &up : &down;
        current->present = true;
        current->first_line = lineno + 1;
        continue;
      }
      if (current) current->text += line + "\n";
    }
    if (!up.present) {
      diags.error({f.path, 1, 1}, "migration has no `-- +migrate Up` section");
      continue;
    }
    f.up = located_statements(up.text, {f.path, up.first_line, 1}, diags);
    h.files.push_back(std::move(f));
  }
}

// golang-migrate: `<version>_<name>.up.sql` and `.down.sql`, each file one section, run in
// version order. Other files are not migrations to that tool; they are reported and skipped.
void read_golang_migrate(const std::filesystem::path& dir, const std::string& display_dir,
                         const std::vector<std::string>& names, History& h, Diagnostics& diags) {
  static const std::regex pattern(R"(^(\d{1,18})_(.*)\.(up|down)\.sql$)");
  struct Entry {
    std::int64_t version;
    bool down;
    std::string name;
  };
  std::vector<Entry> entries;
  for (const auto& name : names) {
    std::smatch m;
    if (!std::regex_match(name, m, pattern)) {
      diags.warning({(std::filesystem::path(display_dir) / name).string(), 0, 0},
                    "not a golang-migrate file name (NNNNNN_name.up.sql or .down.sql); skipped");
      continue;
    }
    entries.push_back({std::stoll(m[1]), m[3] == "down", name});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.version, a.down, a.name) < std::tie(b.version, b.down, b.name);
  });
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const std::string shown = (std::filesystem::path(display_dir) / e.name).string();
    const std::string bytes = read_file(dir / e.name);
    h.raw.push_back({e.name, bytes});
    const bool same_as_previous = i > 0 && entries[i - 1].version == e.version && entries[i - 1].down == e.down;
    if (same_as_previous) {
      diags.error({shown, 0, 0}, "a second " + std::string(e.down ? "down" : "up") + " file for version " +
                                     std::to_string(e.version) + " (after " + entries[i - 1].name +
                                     "); golang-migrate refuses a folder with two");
      continue;
    }
    if (e.down) continue;
    const bool has_down = i + 1 < entries.size() && entries[i + 1].version == e.version && entries[i + 1].down;
    if (!has_down) diags.warning({shown, 0, 0}, "has no .down.sql file: this migration cannot be undone");
    MigrationFile f;
    f.file_name = e.name;
    f.path = shown;
    f.timestamp = e.version;
    f.up = located_statements(bytes, {shown, 1, 1}, diags);
    h.files.push_back(std::move(f));
  }
}

}  // namespace

History read_history(const std::filesystem::path& dir, const std::string& display_dir, Diagnostics& diags,
                     model::MigrationFormat format) {
  History h;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return h;
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".sql") names.push_back(entry.path().filename().string());
  const auto sum = dir / kIntegrityFileName;
  if (std::filesystem::is_regular_file(sum, ec)) h.integrity = read_file(sum);
  if (format == model::MigrationFormat::GolangMigrate)
    read_golang_migrate(dir, display_dir, names, h, diags);
  else
    read_sql_migrate(dir, display_dir, std::move(names), h, diags);
  return h;
}

}  // namespace tenantc
