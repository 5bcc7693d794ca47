// The integrity file (tenantc.sum): every edited, removed, reordered or inserted migration is
// named, and a folder that matches its record passes.
#include <gtest/gtest.h>

#include <sstream>

#include "integrity.hpp"

namespace tenantc {
namespace {

std::vector<NamedBytes> folder() {
  return {{"changes-100.sql", "-- +migrate Up\nCREATE TABLE a (id int);\n-- +migrate Down\nDROP TABLE a;\n"},
          {"changes-200.sql", "-- +migrate Up\nCREATE TABLE b (id int);\n-- +migrate Down\nDROP TABLE b;\n"},
          {"changes-300.sql", "-- +migrate Up\nCREATE TABLE c (id int);\n-- +migrate Down\nDROP TABLE c;\n"}};
}

// The messages of a check, one per line, with their locations.
std::string check(const std::string& recorded, const std::vector<NamedBytes>& files) {
  Diagnostics diags;
  const bool ok = check_integrity(recorded, files, "m/tenantc.sum", "m", diags);
  std::ostringstream out;
  diags.print(out);
  EXPECT_EQ(ok, out.str().empty()) << out.str();
  return out.str();
}

TEST(Integrity, TextIsChainedAndStable) {
  const std::string text = integrity_text(folder());
  EXPECT_EQ(text, integrity_text(folder()));
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.rfind("h1:", 0), 0u);
  std::getline(in, line);
  EXPECT_EQ(line.rfind("changes-100.sql h1:", 0), 0u);
  // A chain: changing the first file changes every later line, not only its own.
  auto edited = folder();
  edited[0].bytes += "\n";
  const std::string other = integrity_text(edited);
  std::istringstream a(text), b(other);
  std::string la, lb;
  while (std::getline(a, la) && std::getline(b, lb)) EXPECT_NE(la, lb);
}

TEST(Integrity, MatchingFolderPasses) {
  EXPECT_EQ(check(integrity_text(folder()), folder()), "");
  EXPECT_EQ(check(integrity_text({}), {}), "");
}

TEST(Integrity, EveryEditedFileIsNamed) {
  auto files = folder();
  files[0].bytes.replace(files[0].bytes.find("int"), 3, "bigint");
  files[2].bytes += "-- a comment\n";
  const std::string out = check(integrity_text(folder()), files);
  EXPECT_NE(out.find("m/changes-100.sql: error: edited after it was recorded in m/tenantc.sum"), std::string::npos) << out;
  EXPECT_EQ(out.find("changes-200.sql"), std::string::npos) << out;
  EXPECT_NE(out.find("m/changes-300.sql: error: edited after it was recorded"), std::string::npos) << out;
}

TEST(Integrity, RemovedFileIsNamedAtItsLine) {
  auto files = folder();
  files.erase(files.begin() + 1);
  EXPECT_EQ(check(integrity_text(folder()), files),
            "m/tenantc.sum:3:1: error: records changes-200.sql, which is no longer in m: a migration that may have "
            "run on a database was removed or renamed; restore it\n");
}

TEST(Integrity, InsertedFileIsToldFromAnAppendedOne) {
  auto recorded = folder();
  recorded.erase(recorded.begin() + 1);
  std::string out = check(integrity_text(recorded), folder());
  EXPECT_NE(out.find("m/changes-200.sql: error: not recorded in m/tenantc.sum: inserted before changes-300.sql"),
            std::string::npos)
      << out;
  recorded = folder();
  recorded.pop_back();
  out = check(integrity_text(recorded), folder());
  EXPECT_NE(out.find("m/changes-300.sql: error: not recorded in m/tenantc.sum: added after tenantc last recorded"),
            std::string::npos)
      << out;
}

TEST(Integrity, ReorderedFilesAreReported) {
  auto files = folder();
  std::swap(files[0], files[1]);
  const std::string out = check(integrity_text(folder()), files);
  EXPECT_NE(out.find("m/changes-200.sql: error: now runs in position 1, but m/tenantc.sum recorded it in position 2"),
            std::string::npos)
      << out;
}

TEST(Integrity, HandEditedOrBrokenRecordIsReported) {
  std::string text = integrity_text(folder());
  std::string edited = text;
  edited.replace(edited.find("changes-300.sql"), 15, "changes-301.sql");
  std::string out = check(edited, folder());
  EXPECT_NE(out.find("m/tenantc.sum:1:1: error: edited by hand"), std::string::npos) << out;
  out = check("garbage\n", folder());
  EXPECT_NE(out.find("m/tenantc.sum:1:1: error: not an integrity file"), std::string::npos) << out;
  out = check(text.substr(0, text.find('\n') + 1) + "no-hash-here\n", folder());
  EXPECT_NE(out.find("m/tenantc.sum:2:1: error: not a line of an integrity file"), std::string::npos) << out;
}

}  // namespace
}  // namespace tenantc
