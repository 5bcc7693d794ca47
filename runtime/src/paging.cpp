// Cursor text encoding (versioned bytes in unpadded base64url) and the page-limit check.
#include "tenantc/paging.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace tenantc {
namespace {

// First byte of the encoding: which fields follow. A new layout gets a new kind, so cursors
// issued by an older build still parse.
constexpr std::uint8_t kind_id = 1;          // 16 bytes id
constexpr std::uint8_t kind_created_id = 2;  // 8 bytes created_at (µs, big endian), 16 bytes id

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    std::uint32_t v = bytes[i] << 16;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
  } else if (rest == 2) {
    std::uint32_t v = bytes[i] << 16 | bytes[i + 1] << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
  }
  return out;
}

int base64url_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Strict: only the canonical form (no padding, unused low bits zero), so each cursor has
// exactly one spelling.
std::optional<std::vector<std::uint8_t>> unbase64url(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::vector<std::uint8_t> out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = base64url_value(c);
    if (v < 0) return std::nullopt;
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(acc >> bits & 0xff));
    }
  }
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string Cursor::to_string() const {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(25);
  if (created_at_) {
    bytes.push_back(kind_created_id);
    auto micros = static_cast<std::uint64_t>(created_at_->time_since_epoch().count());
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes.push_back(static_cast<std::uint8_t>(micros >> shift & 0xff));
    }
  } else {
    bytes.push_back(kind_id);
  }
  bytes.insert(bytes.end(), id_.bytes().begin(), id_.bytes().end());
  return base64url(bytes);
}

std::optional<Cursor> Cursor::try_parse(std::string_view text) noexcept {
  try {
    auto bytes = unbase64url(text);
    if (!bytes || bytes->empty()) return std::nullopt;
    const auto& b = *bytes;
    Uuid::bytes_type id{};
    if (b[0] == kind_id && b.size() == 17) {
      std::copy(b.begin() + 1, b.end(), id.begin());
      return Cursor(std::nullopt, Uuid(id));
    }
    if (b[0] == kind_created_id && b.size() == 25) {
      std::uint64_t micros = 0;
      for (int i = 1; i <= 8; ++i) micros = micros << 8 | b[static_cast<std::size_t>(i)];
      std::copy(b.begin() + 9, b.end(), id.begin());
      Timestamp at(
          Timestamp::time_point(std::chrono::microseconds(static_cast<std::int64_t>(micros))));
      return Cursor(at, Uuid(id));
    }
    return std::nullopt;
  } catch (...) {
    return std::nullopt;
  }
}

Cursor Cursor::parse(std::string_view text) {
  if (auto c = try_parse(text)) return *c;
  throw std::invalid_argument("tenantc::Cursor: not a cursor");
}

int checked_limit(const PageRequest& page) {
  if (page.limit < 1 || page.limit > 1000) {
    throw std::invalid_argument("tenantc::PageRequest: limit must be 1 to 1000, got " +
                                std::to_string(page.limit));
  }
  return page.limit;
}

}  // namespace tenantc
