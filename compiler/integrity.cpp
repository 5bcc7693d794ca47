// tenantc.sum: writing the chained checksum of a migrations folder and checking a folder
// against it, naming each edited, removed, reordered or inserted file.
#include "integrity.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

namespace tenantc {

namespace {

std::string base64_sha256(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw InternalError{"SHA-256 failed"};
  std::string out(4 * ((len + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), md, static_cast<int>(len));
  return out;
}

std::string chain(const std::string& previous, const NamedBytes& file) {
  return base64_sha256(previous + file.name + "\n" + file.bytes);
}

std::string total_line(const std::string& entry_lines) { return "h1:" + base64_sha256(entry_lines); }

struct Recorded {
  std::string name;
  std::string hash;  // without the h1: prefix
  int line = 0;
};

}  // namespace

std::string integrity_text(const std::vector<NamedBytes>& files) {
  std::string entries;
  std::string previous;
  for (const auto& f : files) {
    previous = chain(previous, f);
    entries += f.name + " h1:" + previous + "\n";
  }
  return total_line(entries) + "\n" + entries;
}

bool check_integrity(const std::string& recorded_text, const std::vector<NamedBytes>& files,
                     const std::string& sum_shown, const std::string& dir_shown, Diagnostics& diags) {
  const std::size_t errors_before = diags.error_count();
  const std::string rehash = "; if the folder is right as it is, run `tenantc migrate hash` to record it again";

  // Parse: `h1:<total>` then `<name> h1:<hash>` lines.
  std::istringstream in(recorded_text);
  std::string line, total, entry_lines;
  std::vector<Recorded> recorded;
  int lineno = 0;
  bool malformed = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (lineno == 1) {
      if (line.rfind("h1:", 0) != 0) malformed = true;
      total = line;
      continue;
    }
    auto space = line.rfind(' ');
    if (space == std::string::npos || space == 0 || line.compare(space + 1, 3, "h1:") != 0) {
      diags.error({sum_shown, lineno, 1}, "not a line of an integrity file (expected `<file> h1:<checksum>`)" + rehash);
      malformed = true;
      continue;
    }
    recorded.push_back({line.substr(0, space), line.substr(space + 4), lineno});
    entry_lines += line + "\n";
  }
  if (lineno == 0 || (lineno >= 1 && total.rfind("h1:", 0) != 0)) {
    diags.error({sum_shown, 1, 1}, "not an integrity file (the first line must be `h1:<checksum>`)" + rehash);
    return false;
  }
  if (malformed) return false;
  if (total != total_line(entry_lines))
    diags.error({sum_shown, 1, 1}, "edited by hand: its first line is not the checksum of the lines below" + rehash);

  std::map<std::string, std::size_t> recorded_at, actual_at;
  for (std::size_t i = 0; i < recorded.size(); ++i) recorded_at[recorded[i].name] = i;
  for (std::size_t i = 0; i < files.size(); ++i) actual_at[files[i].name] = i;

  // Removed: recorded but gone (a rename shows as one removed and one added file).
  for (const auto& r : recorded)
    if (!actual_at.count(r.name))
      diags.error({sum_shown, r.line, 1}, "records " + r.name + ", which is no longer in " + dir_shown +
                                              ": a migration that may have run on a database was removed or renamed;"
                                              " restore it");

  // Added: present but not recorded. One sorting before the last recorded file was inserted
  // into the past: databases that ran the later migrations would never run it.
  const std::string last_recorded = recorded.empty() ? "" : recorded.back().name;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& name = files[i].name;
    if (recorded_at.count(name)) continue;
    std::string where = "added after tenantc last recorded the folder";
    for (std::size_t j = i + 1; j < files.size(); ++j)
      if (recorded_at.count(files[j].name)) {
        where = "inserted before " + files[j].name + ", so databases that already ran that one would never run it";
        break;
      }
    diags.error({(std::filesystem::path(dir_shown) / name).string(), 0, 0},
                "not recorded in " + sum_shown + ": " + where +
                    "; put schema changes in the YAML and let `tenantc generate` write the migration" + rehash);
  }

  // Reordered: the files both lists hold run in another order than recorded.
  std::vector<std::string> common_recorded, common_actual;
  for (const auto& r : recorded)
    if (actual_at.count(r.name)) common_recorded.push_back(r.name);
  for (const auto& f : files)
    if (recorded_at.count(f.name)) common_actual.push_back(f.name);
  for (std::size_t i = 0; i < common_actual.size(); ++i) {
    if (common_actual[i] == common_recorded[i]) continue;
    diags.error({(std::filesystem::path(dir_shown) / common_actual[i]).string(), 0, 0},
                "now runs in position " + std::to_string(i + 1) + ", but " + sum_shown + " recorded it in position " +
                    std::to_string(recorded_at[common_actual[i]] + 1) +
                    ": renaming a migration changes the order the tool runs it in" + rehash);
    break;  // one out-of-place file moves every file after it; name the first only
  }

  // Edited: each file checked against the recorded chain value before it.
  for (const auto& f : files) {
    auto it = recorded_at.find(f.name);
    if (it == recorded_at.end()) continue;
    const std::string previous = it->second == 0 ? "" : recorded[it->second - 1].hash;
    if (chain(previous, f) != recorded[it->second].hash)
      diags.error({(std::filesystem::path(dir_shown) / f.name).string(), 0, 0},
                  "edited after it was recorded in " + sum_shown +
                      ": a migration that may have run must never change; undo the edit and change the YAML instead"
                      " (tenantc writes a new migration)" + rehash);
  }
  return diags.error_count() == errors_before;
}

}  // namespace tenantc
