// Text-format encoding of C++ values for PostgreSQL: Codec<T>, query Params, and Result/Row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "tenantc/errors.hpp"
#include "tenantc/values.hpp"

namespace tenantc {

// Codec<T> converts T to and from PostgreSQL's text format:
//   static std::string encode(const T&);
//   static T decode(std::string_view);   // std::invalid_argument on malformed text
// Every value in Params and Row goes through it, so generated code adds specializations for its
// enums and strong id types and they work everywhere, arrays included. SQL NULL is not text:
// it is std::optional at the Params/Row/array level, never a Codec's business.
template <class T>
struct Codec;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
inline constexpr bool is_optional_v = is_optional<T>::value;

template <>
struct Codec<bool> {
  static std::string encode(bool v) { return v ? "true" : "false"; }
  static bool decode(std::string_view text);  // "t"/"f" as the server sends; "true"/"false" too
};
template <>
struct Codec<std::int16_t> {
  static std::string encode(std::int16_t v);
  static std::int16_t decode(std::string_view text);
};
template <>
struct Codec<std::int32_t> {
  static std::string encode(std::int32_t v);
  static std::int32_t decode(std::string_view text);
};
template <>
struct Codec<std::int64_t> {
  static std::string encode(std::int64_t v);
  static std::int64_t decode(std::string_view text);
};
// Shortest text that reads back to the same bits (std::to_chars); NaN and the infinities in
// PostgreSQL's spelling.
template <>
struct Codec<float> {
  static std::string encode(float v);
  static float decode(std::string_view text);
};
template <>
struct Codec<double> {
  static std::string encode(double v);
  static double decode(std::string_view text);
};
template <>
struct Codec<std::string> {
  static std::string encode(const std::string& v) { return v; }
  static std::string decode(std::string_view text) { return std::string(text); }
};
// Encode only: decoding into a view would dangle once the Result is gone.
template <>
struct Codec<std::string_view> {
  static std::string encode(std::string_view v) { return std::string(v); }
};
template <>
struct Codec<Uuid> {
  static std::string encode(const Uuid& v) { return v.to_string(); }
  static Uuid decode(std::string_view text) { return Uuid::parse(text); }
};
template <>
struct Codec<Decimal> {
  static std::string encode(const Decimal& v) { return v.to_string(); }
  static Decimal decode(std::string_view text) { return Decimal::parse(text); }
};
template <>
struct Codec<Date> {
  static std::string encode(const Date& v) { return v.to_string(); }
  static Date decode(std::string_view text) { return Date::parse(text); }
};
template <>
struct Codec<Timestamp> {
  static std::string encode(const Timestamp& v) { return v.to_string(); }
  static Timestamp decode(std::string_view text) { return Timestamp::parse(text); }
};
template <>
struct Codec<Json> {
  static std::string encode(const Json& v) { return v.text(); }
  static Json decode(std::string_view text) { return Json(std::string(text)); }
};
// bytea: hex format ("\x0aff"); decode also reads the older escape format.
template <>
struct Codec<Bytes> {
  static std::string encode(const Bytes& v);
  static Bytes decode(std::string_view text);
};

namespace detail {
// Appends one array element, double-quoted and backslash-escaped where the array syntax needs.
void append_array_element(std::string& out, std::string_view element);
// Splits a one-dimensional array literal into its elements, unescaped; nullopt for NULL.
std::vector<std::optional<std::string>> split_array(std::string_view text);
[[noreturn]] void throw_null_array_element();
}  // namespace detail

// One-dimensional arrays ("{a,\"b c\",NULL}"), for `= ANY($1)` and `unnest($1::t[])` batches.
// std::vector<std::optional<T>> carries NULL elements; a NULL decoded into a vector of a
// non-optional type is an error.
template <class T>
struct Codec<std::vector<T>> {
  static std::string encode(const std::vector<T>& values) {
    std::string out = "{";
    bool first = true;
    for (const auto& v : values) {
      if (!first) out += ',';
      first = false;
      if constexpr (is_optional_v<T>) {
        if (!v) {
          out += "NULL";
        } else {
          detail::append_array_element(out, Codec<typename T::value_type>::encode(*v));
        }
      } else {
        detail::append_array_element(out, Codec<T>::encode(v));
      }
    }
    out += '}';
    return out;
  }

  static std::vector<T> decode(std::string_view text) {
    std::vector<T> out;
    auto elements = detail::split_array(text);
    out.reserve(elements.size());
    for (auto& e : elements) {
      if constexpr (is_optional_v<T>) {
        if (e) {
          out.push_back(Codec<typename T::value_type>::decode(*e));
        } else {
          out.push_back(std::nullopt);
        }
      } else {
        if (!e) detail::throw_null_array_element();
        out.push_back(Codec<T>::decode(*e));
      }
    }
    return out;
  }
};

// Query parameters in text format, in $1, $2, ... order.
class Params {
 public:
  Params() = default;

  // Params::of(tenant, id, name) is Params().add(tenant).add(id).add(name).
  template <class... Ts>
  static Params of(const Ts&... values) {
    Params p;
    (p.add(values), ...);
    return p;
  }

  template <class T>
  Params& add(const T& value) {
    return push(Codec<T>::encode(value));
  }
  template <class T>
  Params& add(const std::optional<T>& value) {  // empty: SQL NULL
    return value ? add(*value) : add_null();
  }
  Params& add(std::nullopt_t) { return add_null(); }
  Params& add(const char* value) { return push(std::string(value)); }
  Params& add_null();

  std::size_t size() const noexcept { return values_.size(); }
  bool is_null(std::size_t i) const { return nulls_.at(i) != 0; }
  const std::string& value(std::size_t i) const { return values_.at(i); }
  // What PQexecPrepared takes: one C string per parameter, nullptr for NULL. Valid until this
  // Params is changed or destroyed.
  std::vector<const char*> c_values() const;

 private:
  // Refuses text with a NUL byte: libpq sends text parameters as C strings and would silently
  // cut the value there.
  Params& push(std::string encoded);

  std::vector<std::string> values_;
  std::vector<char> nulls_;
};

namespace detail {
[[noreturn]] void throw_decode_error(const PGresult* result, int column, const char* what);
[[noreturn]] void throw_unexpected_null(const PGresult* result, int column);
}  // namespace detail

// One row of a Result; valid as long as the Result is.
class Row {
 public:
  // The column decoded as T; T = std::optional<U> maps NULL to empty. DecodeError for NULL in a
  // non-optional T or text T cannot read; std::out_of_range for a bad column.
  template <class T>
  T get(int column) const {
    if constexpr (is_optional_v<T>) {
      return get_optional<typename T::value_type>(column);
    } else {
      if (is_null(column)) detail::throw_unexpected_null(result_, column);
      return decode<T>(column);
    }
  }
  template <class T>
  std::optional<T> get_optional(int column) const {
    if (is_null(column)) return std::nullopt;
    return decode<T>(column);
  }
  template <class T>
  T get(std::string_view column_name) const {
    return get<T>(column_index(column_name));
  }
  template <class T>
  std::optional<T> get_optional(std::string_view column_name) const {
    return get_optional<T>(column_index(column_name));
  }

  bool is_null(int column) const;
  std::string_view raw(int column) const;         // the column's text as sent; empty for NULL
  int column_index(std::string_view name) const;  // std::out_of_range for an unknown name
  int columns() const noexcept;
  int index() const noexcept { return row_; }

 private:
  friend class Result;
  Row(const PGresult* result, int row) noexcept : result_(result), row_(row) {}

  template <class T>
  T decode(int column) const {
    std::string_view text = raw(column);
    try {
      return Codec<T>::decode(text);
    } catch (const std::exception& e) {
      detail::throw_decode_error(result_, column, e.what());
    }
  }

  const PGresult* result_;
  int row_;
};

// A query result; owns the PGresult. Move-only.
class Result {
 public:
  Result() noexcept = default;
  explicit Result(PGresult* result) noexcept : result_(result) {}  // takes ownership

  int size() const noexcept;
  bool empty() const noexcept { return size() == 0; }
  Row row(int i) const;  // std::out_of_range unless 0 <= i < size()
  Row operator[](int i) const { return row(i); }
  // Rows inserted/updated/deleted (PQcmdTuples); 0 for statements that report none.
  std::int64_t affected_rows() const;
  int columns() const noexcept;
  std::string_view column_name(int column) const;
  PGresult* native() const noexcept { return result_.get(); }

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Row;
    iterator() = default;
    Row operator*() const noexcept { return Row(result_, i_); }
    iterator& operator++() noexcept {
      ++i_;
      return *this;
    }
    iterator operator++(int) noexcept {
      iterator old = *this;
      ++i_;
      return old;
    }
    friend bool operator==(const iterator&, const iterator&) = default;

   private:
    friend class Result;
    iterator(const PGresult* r, int i) noexcept : result_(r), i_(i) {}
    const PGresult* result_ = nullptr;
    int i_ = 0;
  };
  iterator begin() const noexcept { return iterator(result_.get(), 0); }
  iterator end() const noexcept { return iterator(result_.get(), size()); }

 private:
  struct Clear {
    void operator()(PGresult* r) const noexcept;
  };
  std::unique_ptr<PGresult, Clear> result_;
};

}  // namespace tenantc
