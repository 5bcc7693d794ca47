// Reading existing sql-migrate files. Statements are compared in PostgreSQL's deparsed form
// so that whitespace, comments and formatting never count as a change.
#include "history.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "diagnostics.hpp"
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

SourceLoc locate(const std::string& path, const Section& s, int offset) {
  int line = s.first_line, col = 1;
  for (int i = 0; i < offset && i < static_cast<int>(s.text.size()); ++i) {
    if (s.text[static_cast<std::size_t>(i)] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {path, line, col};
}

std::vector<std::string> statements_of(const std::string& path, const Section& s, Diagnostics& diags) {
  std::vector<std::string> out;
  sql::ParseError err;
  auto stmts = sql::split(s.text, &err);
  if (!stmts) {
    diags.error(locate(path, s, err.offset), "migration does not parse: " + err.message);
    return out;
  }
  for (const auto& st : *stmts) {
    auto canon = sql::canonical(st.text, &err);
    if (!canon) {
      diags.error(locate(path, s, st.offset + err.offset), "migration does not parse: " + err.message);
      continue;
    }
    out.push_back(*canon);
  }
  return out;
}

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

std::vector<std::string> History::up_statements() const {
  std::vector<std::string> out;
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

History read_history(const std::filesystem::path& dir, const std::string& display_dir, Diagnostics& diags) {
  History h;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return h;
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".sql") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end(), migration_less);
  static const std::regex stamped(R"(^changes-(\d{1,18})\.sql$)");
  static const std::regex directive(R"(^\s*--\s*\+migrate\s+(Up|Down)\b.*$)");
  for (const auto& name : names) {
    MigrationFile f;
    f.file_name = name;
    f.path = (std::filesystem::path(display_dir) / name).string();
    std::smatch m;
    if (std::regex_match(name, m, stamped)) f.timestamp = std::stoll(m[1]);
    std::ifstream in(dir / name, std::ios::binary);
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
    f.up = statements_of(f.path, up, diags);
    if (down.present) f.down = statements_of(f.path, down, diags);
    h.files.push_back(std::move(f));
  }
  return h;
}

}  // namespace tenantc
