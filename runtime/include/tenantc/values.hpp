// Column value types of the generated API: Uuid, Decimal, Date, Timestamp, Json, Bytes.
#pragma once

#include <array>
#include <chrono>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tenantc {

// bytea columns. A plain vector so callers need no conversion to hand bytes to other APIs.
using Bytes = std::vector<std::byte>;

// A 128-bit UUID. Ordered by its bytes, which is how PostgreSQL orders `uuid`, so keyset
// pagination sees the same order on both sides.
class Uuid {
 public:
  using bytes_type = std::array<std::uint8_t, 16>;

  constexpr Uuid() noexcept = default;  // the nil UUID
  explicit constexpr Uuid(const bytes_type& bytes) noexcept : bytes_(bytes) {}

  // The canonical 8-4-4-4-12 hex form, either case. Other spellings PostgreSQL also accepts
  // (braces, no hyphens) are refused: ids arriving through an API should have one form.
  static Uuid parse(std::string_view text);
  static std::optional<Uuid> try_parse(std::string_view text) noexcept;
  // Version 4 from getrandom(): fork-safe, unlike a seeded PRNG copied into a child process.
  static Uuid random();

  std::string to_string() const;  // lowercase canonical
  constexpr const bytes_type& bytes() const noexcept { return bytes_; }
  constexpr bool is_nil() const noexcept { return bytes_ == bytes_type{}; }

  friend constexpr bool operator==(const Uuid&, const Uuid&) noexcept = default;
  friend constexpr std::strong_ordering operator<=>(const Uuid&, const Uuid&) noexcept = default;

 private:
  bytes_type bytes_{};
};

// An exact decimal number: sign, decimal digits and a scale (digits after the point), as
// PostgreSQL's `numeric` has them. No binary floating point anywhere, so money stays exact.
class Decimal {
 public:
  Decimal() = default;  // 0
  template <std::integral I>
  requires(!std::same_as<I, bool>) explicit Decimal(I value)
      : Decimal(parse(std::to_string(value))) {}
  // Deleted so that Decimal(0.1) cannot compile and silently carry binary rounding error.
  template <std::floating_point F>
  Decimal(F) = delete;

  // "12.50", "-0.001", "100", ".5", "+3". Refuses NaN, Infinity, exponents, whitespace,
  // empty text and anything else with std::invalid_argument.
  static Decimal parse(std::string_view text);
  static std::optional<Decimal> try_parse(std::string_view text) noexcept;

  std::string to_string() const;  // keeps the scale: "12.50" stays "12.50"
  int scale() const noexcept { return scale_; }
  bool is_zero() const noexcept { return digits_ == "0"; }
  bool is_negative() const noexcept { return negative_; }

  // By numeric value: 12.5 == 12.50, as in PostgreSQL.
  friend bool operator==(const Decimal& a, const Decimal& b) noexcept;
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept;

 private:
  friend struct std::hash<Decimal>;
  bool negative_ = false;     // never set for zero, so -0.00 and 0.00 are the same value
  std::string digits_ = "0";  // unsigned integer of all digits, no leading zeros
  int scale_ = 0;
};

// A calendar date (PostgreSQL `date`).
class Date {
 public:
  constexpr Date() noexcept = default;  // 1970-01-01
  explicit constexpr Date(std::chrono::sys_days days) noexcept : days_(days) {}
  Date(std::chrono::year_month_day ymd);  // throws std::invalid_argument unless ymd.ok()

  // "2024-01-31"; PostgreSQL's "0044-03-15 BC" for years before 1 too.
  static Date parse(std::string_view text);
  static std::optional<Date> try_parse(std::string_view text) noexcept;

  std::string to_string() const;
  constexpr std::chrono::sys_days days() const noexcept { return days_; }
  std::chrono::year_month_day ymd() const noexcept { return std::chrono::year_month_day{days_}; }

  friend constexpr bool operator==(const Date&, const Date&) noexcept = default;
  friend constexpr auto operator<=>(const Date&, const Date&) noexcept = default;

 private:
  std::chrono::sys_days days_{};
};

// A UTC instant with microsecond precision, PostgreSQL's `timestamptz` resolution.
class Timestamp {
 public:
  using time_point = std::chrono::sys_time<std::chrono::microseconds>;

  constexpr Timestamp() noexcept = default;  // the Unix epoch
  // Any sys_time that converts to microseconds without loss (seconds, milliseconds, ...).
  template <class Duration>
  requires std::convertible_to<Duration, std::chrono::microseconds>
  explicit constexpr Timestamp(std::chrono::sys_time<Duration> tp) noexcept : tp_(tp) {}

  static Timestamp now();
  // PostgreSQL output ("2024-01-31 12:00:00.123456+00", fraction optional, any offset,
  // optional " BC") and ISO 8601 ("2024-01-31T12:00:00Z"). Without an offset the text is read
  // as UTC, which is what a `timestamp` column holding UTC values means. At most 6 fraction
  // digits: more would be silently rounded by the server, so they are refused instead.
  static Timestamp parse(std::string_view text);
  static std::optional<Timestamp> try_parse(std::string_view text) noexcept;

  std::string to_string() const;  // "2024-01-31T12:00:00.123456Z", which PostgreSQL accepts
  constexpr time_point sys_time() const noexcept { return tp_; }
  constexpr std::chrono::microseconds time_since_epoch() const noexcept {
    return tp_.time_since_epoch();
  }

  friend constexpr bool operator==(const Timestamp&, const Timestamp&) noexcept = default;
  friend constexpr auto operator<=>(const Timestamp&, const Timestamp&) noexcept = default;

 private:
  time_point tp_{};
};

// JSON text (json / jsonb columns). Not parsed: the runtime only carries it. Equality is by
// text, and jsonb comes back normalized by the server, so compare parsed values if it matters.
class Json {
 public:
  Json() : text_("null") {}  // the JSON null value, so a default Json is still valid JSON
  explicit Json(std::string text) : text_(std::move(text)) {}
  const std::string& text() const noexcept { return text_; }
  friend bool operator==(const Json&, const Json&) = default;

 private:
  std::string text_;
};

}  // namespace tenantc

template <>
struct std::hash<tenantc::Uuid> {
  std::size_t operator()(const tenantc::Uuid& u) const noexcept;
};

// Consistent with ==: 12.5 and 12.50 hash alike.
template <>
struct std::hash<tenantc::Decimal> {
  std::size_t operator()(const tenantc::Decimal& d) const noexcept;
};
