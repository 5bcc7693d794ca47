// The set of files one run produces, written together and only when the run had no error.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tenantc {

class OutputSet {
 public:
  // `shown` is the path printed in messages.
  void add(const std::filesystem::path& path, const std::string& shown, std::string content, bool must_be_new = false);

  struct Result {
    std::vector<std::string> written;    // shown paths whose bytes changed
    std::vector<std::string> unchanged;  // shown paths already holding these bytes
  };
  // Writes every file whose bytes differ (through a temporary file and rename, so a reader
  // never sees half a file). A `must_be_new` file that already exists is an InternalError:
  // tenantc never edits a written migration.
  Result commit() const;

  // Which files would change, without writing.
  std::vector<std::string> stale() const;

 private:
  struct File {
    std::filesystem::path path;
    std::string shown;
    std::string content;
    bool must_be_new;
  };
  std::vector<File> files_;
};

}  // namespace tenantc
