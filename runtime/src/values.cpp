// Parsing, printing and comparison of the value types (Uuid, Decimal, Date, Timestamp).
#include "tenantc/values.hpp"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>

namespace tenantc {
namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view text) {
  // Bounded, so that a huge malformed input does not become a huge exception message.
  constexpr std::size_t max = 64;
  std::string out = "\"";
  out.append(text.substr(0, max));
  if (text.size() > max) out += "...";
  out += '"';
  return out;
}

void fill_random(void* buffer, std::size_t size) {
  auto* p = static_cast<unsigned char*>(buffer);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::getrandom(p + done, size - done, 0);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // ENOSYS on very old kernels: fall back below
    }
  }
  if (done < size) {
    std::random_device rd;
    for (; done < size; ++done) p[done] = static_cast<unsigned char>(rd());
  }
}

// A cursor over text for the small fixed-format parsers below.
struct Scanner {
  std::string_view text;
  std::size_t pos = 0;

  bool at_end() const noexcept { return pos == text.size(); }
  bool eat(char c) noexcept {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool eat(std::string_view s) noexcept {
    if (text.substr(pos, s.size()) == s) {
      pos += s.size();
      return true;
    }
    return false;
  }
  // Exactly `count` digits.
  bool digits(int count, int& out) noexcept {
    int v = 0;
    for (int i = 0; i < count; ++i) {
      if (pos >= text.size() || !is_digit(text[pos])) return false;
      v = v * 10 + (text[pos++] - '0');
    }
    out = v;
    return true;
  }
  // min..max digits, as many as there are.
  bool digits_between(int min, int max, int& out, int& count) noexcept {
    long long v = 0;
    count = 0;
    while (count < max && pos < text.size() && is_digit(text[pos])) {
      v = v * 10 + (text[pos++] - '0');
      ++count;
    }
    if (count < min) return false;
    out = static_cast<int>(v);
    return true;
  }
};

// "YYYY-MM-DD" with four or more year digits (PostgreSQL prints years past 9999 in full).
bool scan_date(Scanner& s, int& year, int& month, int& day) {
  int count = 0;
  if (!s.digits_between(4, 7, year, count)) return false;
  return s.eat('-') && s.digits(2, month) && s.eat('-') && s.digits(2, day);
}

std::optional<std::chrono::sys_days> make_days(int year, int month, int day, bool bc) {
  // 1 BC is astronomical year 0.
  int y = bc ? 1 - year : year;
  if (bc && year == 0) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y},
                                  std::chrono::month{static_cast<unsigned>(month)},
                                  std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

// Year for printing, and whether it needs PostgreSQL's " BC".
std::pair<int, bool> printable_year(std::chrono::year y) {
  int v = static_cast<int>(y);
  if (v <= 0) return {1 - v, true};
  return {v, false};
}

}  // namespace

// ---- Uuid ---------------------------------------------------------------------------------------

std::optional<Uuid> Uuid::try_parse(std::string_view text) noexcept {
  if (text.size() != 36) return std::nullopt;
  bytes_type bytes{};
  std::size_t b = 0;
  for (std::size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    // Groups have even lengths, so a pair never straddles a hyphen.
    int hi = hex_value(text[i]);
    int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    bytes[b++] = static_cast<std::uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return Uuid(bytes);
}

Uuid Uuid::parse(std::string_view text) {
  if (auto u = try_parse(text)) return *u;
  throw std::invalid_argument("tenantc::Uuid: not a UUID: " + quoted(text));
}

Uuid Uuid::random() {
  bytes_type bytes;
  fill_random(bytes.data(), bytes.size());
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return Uuid(bytes);
}

std::string Uuid::to_string() const {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[bytes_[i] >> 4];
    out += hex[bytes_[i] & 0x0f];
  }
  return out;
}

// ---- Decimal ------------------------------------------------------------------------------------

std::optional<Decimal> Decimal::try_parse(std::string_view text) noexcept {
  try {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    std::string digits;
    int scale = 0;
    bool point = false;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (is_digit(c)) {
        digits += c;
        if (point) ++scale;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return std::nullopt;  // exponent, NaN, Infinity, whitespace, garbage
      }
    }
    if (digits.empty()) return std::nullopt;
    std::size_t first = digits.find_first_not_of('0');
    digits = first == std::string::npos ? "0" : digits.substr(first);
    Decimal d;
    d.digits_ = std::move(digits);
    d.scale_ = scale;
    d.negative_ = negative && d.digits_ != "0";
    return d;
  } catch (...) {  // std::bad_alloc on absurd input
    return std::nullopt;
  }
}

Decimal Decimal::parse(std::string_view text) {
  if (auto d = try_parse(text)) return std::move(*d);
  throw std::invalid_argument("tenantc::Decimal: not a decimal number: " + quoted(text));
}

std::string Decimal::to_string() const {
  std::string s = digits_;
  auto scale = static_cast<std::size_t>(scale_);
  if (scale > 0) {
    if (s.size() <= scale) s.insert(0, scale - s.size() + 1, '0');
    s.insert(s.size() - scale, 1, '.');
  }
  if (negative_) s.insert(0, 1, '-');
  return s;
}

namespace {
// Compares magnitudes of two non-negative decimal digit strings with scales, without building
// the padded strings.
int compare_magnitude(const std::string& a, int a_scale, const std::string& b, int b_scale) {
  bool a_zero = a == "0";
  bool b_zero = b == "0";
  if (a_zero || b_zero) return a_zero == b_zero ? 0 : (a_zero ? -1 : 1);
  int scale = std::max(a_scale, b_scale);
  std::size_t a_len = a.size() + static_cast<std::size_t>(scale - a_scale);
  std::size_t b_len = b.size() + static_cast<std::size_t>(scale - b_scale);
  if (a_len != b_len) return a_len < b_len ? -1 : 1;
  for (std::size_t i = 0; i < a_len; ++i) {
    char x = i < a.size() ? a[i] : '0';
    char y = i < b.size() ? b[i] : '0';
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
}  // namespace

bool operator==(const Decimal& a, const Decimal& b) noexcept {
  return a.negative_ == b.negative_ &&
         compare_magnitude(a.digits_, a.scale_, b.digits_, b.scale_) == 0;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept {
  if (a.negative_ != b.negative_) {
    return a.negative_ ? std::strong_ordering::less : std::strong_ordering::greater;
  }
  int m = compare_magnitude(a.digits_, a.scale_, b.digits_, b.scale_);
  if (a.negative_) m = -m;
  return m < 0 ? std::strong_ordering::less
               : (m > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// ---- Date ---------------------------------------------------------------------------------------

Date::Date(std::chrono::year_month_day ymd) {
  if (!ymd.ok()) throw std::invalid_argument("tenantc::Date: invalid calendar date");
  days_ = std::chrono::sys_days{ymd};
}

std::optional<Date> Date::try_parse(std::string_view text) noexcept {
  Scanner s{text};
  int y = 0, m = 0, d = 0;
  if (!scan_date(s, y, m, d)) return std::nullopt;
  bool bc = s.eat(" BC");
  if (!s.at_end()) return std::nullopt;
  auto days = make_days(y, m, d, bc);
  if (!days) return std::nullopt;
  return Date(*days);
}

Date Date::parse(std::string_view text) {
  if (auto d = try_parse(text)) return *d;
  throw std::invalid_argument("tenantc::Date: not a date (YYYY-MM-DD): " + quoted(text));
}

std::string Date::to_string() const {
  auto ymd = this->ymd();
  auto [year, bc] = printable_year(ymd.year());
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u%s", year, static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), bc ? " BC" : "");
  return buf;
}

// ---- Timestamp ----------------------------------------------------------------------------------

Timestamp Timestamp::now() {
  return Timestamp(std::chrono::floor<std::chrono::microseconds>(std::chrono::system_clock::now()));
}

std::optional<Timestamp> Timestamp::try_parse(std::string_view text) noexcept {
  using namespace std::chrono;
  Scanner s{text};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!scan_date(s, y, mo, d)) return std::nullopt;
  if (!(s.eat(' ') || s.eat('T') || s.eat('t'))) return std::nullopt;
  if (!(s.digits(2, h) && s.eat(':') && s.digits(2, mi) && s.eat(':') && s.digits(2, sec))) {
    return std::nullopt;
  }
  int micros = 0;
  if (s.eat('.')) {
    int count = 0;
    if (!s.digits_between(1, 6, micros, count)) return std::nullopt;
    if (!s.at_end() && is_digit(text[s.pos])) return std::nullopt;  // finer than microseconds
    for (; count < 6; ++count) micros *= 10;
  }
  int offset_seconds = 0;
  if (s.eat('Z') || s.eat('z')) {
    // UTC
  } else if (s.pos < text.size() && (text[s.pos] == '+' || text[s.pos] == '-')) {
    int sign = text[s.pos++] == '-' ? -1 : 1;
    int oh = 0, om = 0, os = 0;
    if (!s.digits(2, oh)) return std::nullopt;
    if (s.eat(':')) {
      if (!s.digits(2, om)) return std::nullopt;
      if (s.eat(':') && !s.digits(2, os)) return std::nullopt;
    } else if (s.pos < text.size() && is_digit(text[s.pos])) {
      if (!s.digits(2, om)) return std::nullopt;  // +HHMM
    }
    if (oh > 15 || om > 59 || os > 59) return std::nullopt;
    offset_seconds = sign * (oh * 3600 + om * 60 + os);
  }
  bool bc = s.eat(" BC");
  if (!s.at_end()) return std::nullopt;
  // 24:00:00 is midnight of the next day, as PostgreSQL reads it.
  bool end_of_day = h == 24 && mi == 0 && sec == 0 && micros == 0;
  if ((h > 23 && !end_of_day) || mi > 59 || sec > 59) return std::nullopt;
  auto days = make_days(y, mo, d, bc);
  if (!days) return std::nullopt;
  auto tp = time_point_cast<microseconds>(*days) + hours{h} + minutes{mi} + seconds{sec} +
            microseconds{micros} - seconds{offset_seconds};
  return Timestamp(tp);
}

Timestamp Timestamp::parse(std::string_view text) {
  if (auto t = try_parse(text)) return *t;
  throw std::invalid_argument("tenantc::Timestamp: not a timestamp: " + quoted(text));
}

std::string Timestamp::to_string() const {
  using namespace std::chrono;
  auto day = floor<days>(tp_);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> tod{tp_ - day};
  auto [year, bc] = printable_year(ymd.year());
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ%s", year,
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()),
                static_cast<long long>(tod.subseconds().count()), bc ? " BC" : "");
  return buf;
}

}  // namespace tenantc

std::size_t std::hash<tenantc::Uuid>::operator()(const tenantc::Uuid& u) const noexcept {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::memcpy(&a, u.bytes().data(), 8);
  std::memcpy(&b, u.bytes().data() + 8, 8);
  return static_cast<std::size_t>(a ^ (b * 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

std::size_t std::hash<tenantc::Decimal>::operator()(const tenantc::Decimal& d) const noexcept {
  if (d.is_zero()) return 0;
  // Equal values differ only in trailing fractional zeros; hash them without those.
  std::string_view digits = d.digits_;
  int scale = d.scale_;
  while (scale > 0 && digits.size() > 1 && digits.back() == '0') {
    digits.remove_suffix(1);
    --scale;
  }
  std::size_t h = std::hash<std::string_view>{}(digits);
  h ^= std::hash<int>{}(scale) + 0x9e3779b9 + (h << 6) + (h >> 2);
  return d.negative_ ? ~h : h;
}
