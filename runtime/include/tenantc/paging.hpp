// Keyset pagination types (Cursor, PageRequest, Page) and the `unscoped` tag of system entities.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tenantc/values.hpp"

namespace tenantc {

// The position after the last row of a page: (created_at, id), or id alone for entities
// without created_at. Its text form is opaque (versioned bytes, base64url) so that callers
// pass it back unchanged instead of building one. It is not signed: a forged cursor only moves
// the start of a listing, and the tenant key of the query still bounds what can be seen.
class Cursor {
 public:
  static Cursor at(Timestamp created_at, Uuid id) { return Cursor(created_at, id); }
  static Cursor at(Uuid id) { return Cursor(std::nullopt, id); }

  // std::invalid_argument on anything to_string() cannot have produced.
  static Cursor parse(std::string_view text);
  static std::optional<Cursor> try_parse(std::string_view text) noexcept;
  std::string to_string() const;  // URL-safe: [A-Za-z0-9_-] only

  std::optional<Timestamp> created_at() const noexcept { return created_at_; }
  Uuid id() const noexcept { return id_; }

  friend bool operator==(const Cursor&, const Cursor&) = default;

 private:
  Cursor(std::optional<Timestamp> created_at, Uuid id) : created_at_(created_at), id_(id) {}
  std::optional<Timestamp> created_at_;
  Uuid id_;
};

struct PageRequest {
  std::optional<Cursor> after;  // empty: the first page
  int limit = 50;               // 1 to 1000
};

// The limit of `page`, or std::invalid_argument when it is outside 1..1000: a huge limit would
// turn a paged listing back into an unbounded query.
int checked_limit(const PageRequest& page);

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<Cursor> next;  // present only when more rows exist
};

// Passed first to a system entity's repository methods in place of a tenant key, so that a
// query across tenants is visible where it is written. The explicit constructor keeps `{}` from
// converting to it silently.
struct Unscoped {
  explicit constexpr Unscoped() = default;
};
inline constexpr Unscoped unscoped{};

}  // namespace tenantc
