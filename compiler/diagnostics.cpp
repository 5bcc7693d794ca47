// Formatting and ordering of compiler diagnostics.
#include "diagnostics.hpp"

#include <algorithm>
#include <ostream>
#include <tuple>

namespace tenantc {

std::string SourceLoc::str() const {
  if (file.empty()) return "tenantc";
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

void Diagnostics::error(const SourceLoc& loc, std::string message) {
  items_.push_back({Severity::Error, loc, std::move(message)});
  ++error_count_;
}

void Diagnostics::warning(const SourceLoc& loc, std::string message) {
  items_.push_back({Severity::Warning, loc, std::move(message)});
}

void Diagnostics::note(const SourceLoc& loc, std::string message) {
  items_.push_back({Severity::Note, loc, std::move(message)});
}

void Diagnostics::print(std::ostream& out) const {
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : items_) sorted.push_back(&d);
  // A note stays right after the diagnostic it explains, so only whole groups are sorted.
  std::vector<std::vector<const Diagnostic*>> groups;
  for (const auto* d : sorted) {
    if (d->severity == Severity::Note && !groups.empty())
      groups.back().push_back(d);
    else
      groups.push_back({d});
  }
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    return std::tie(a.front()->loc.file, a.front()->loc.line, a.front()->loc.column) <
           std::tie(b.front()->loc.file, b.front()->loc.line, b.front()->loc.column);
  });
  for (const auto& g : groups) {
    for (const auto* d : g) {
      const char* kind = d->severity == Severity::Error     ? "error"
                         : d->severity == Severity::Warning ? "warning"
                                                            : "note";
      out << d->loc.str() << ": " << kind << ": " << d->message << "\n";
    }
  }
}

}  // namespace tenantc
