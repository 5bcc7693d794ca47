// Source locations and the error collector: every message is printed like gcc, file:line:col.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace tenantc {

// A position in an input file, 1-based (yaml-cpp's 0-based marks are converted on entry).
struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return !file.empty(); }
  std::string str() const;
};

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity;
  SourceLoc loc;
  std::string message;
};

// Collects every diagnostic of a run so that all errors are reported at once.
class Diagnostics {
 public:
  void error(const SourceLoc& loc, std::string message);
  void warning(const SourceLoc& loc, std::string message);
  void note(const SourceLoc& loc, std::string message);

  bool has_errors() const { return error_count_ > 0; }
  std::size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return items_; }

  // Prints in source order (file, line, column) so output is stable across runs.
  void print(std::ostream& out) const;

 private:
  std::vector<Diagnostic> items_;
  std::size_t error_count_ = 0;
};

// Thrown for conditions that are bugs in tenantc itself (for example an emitted statement
// that PostgreSQL's parser rejects); never used for bad input.
struct InternalError {
  std::string message;
};

}  // namespace tenantc
