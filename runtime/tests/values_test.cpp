// Value types without a server: Uuid, Decimal, Date, Timestamp, Cursor, paging and error mapping.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <type_traits>
#include <unordered_set>

#include "tenantc/runtime.hpp"

using namespace tenantc;
using namespace std::chrono;

TEST(Uuid, ParsesAndPrintsCanonicalLowercase) {
  auto u = Uuid::parse("123E4567-e89b-12d3-A456-426614174000");
  EXPECT_EQ(u.to_string(), "123e4567-e89b-12d3-a456-426614174000");
  EXPECT_EQ(Uuid::parse(u.to_string()), u);
  EXPECT_EQ(u.bytes()[0], 0x12);
  EXPECT_EQ(u.bytes()[15], 0x00);
  EXPECT_TRUE(Uuid().is_nil());
  EXPECT_EQ(Uuid().to_string(), "00000000-0000-0000-0000-000000000000");
}

TEST(Uuid, RejectsMalformedText) {
  for (const char* bad :
       {"", "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
        "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
        "123e4567-e89b-12d3-a456_426614174000", "g23e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a4564-26614174000", " 23e4567-e89b-12d3-a456-426614174000"}) {
    EXPECT_THROW(Uuid::parse(bad), std::invalid_argument) << bad;
    EXPECT_FALSE(Uuid::try_parse(bad).has_value()) << bad;
  }
}

TEST(Uuid, RandomIsVersion4AndUnique) {
  std::unordered_set<Uuid> seen;
  for (int i = 0; i < 2000; ++i) {
    Uuid u = Uuid::random();
    EXPECT_EQ(u.bytes()[6] >> 4, 4);
    EXPECT_EQ(u.bytes()[8] & 0xc0, 0x80);
    EXPECT_EQ(u.to_string()[14], '4');
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(Uuid, OrdersByBytesLikePostgres) {
  auto a = Uuid::parse("00000000-0000-0000-0000-0000000000ff");
  auto b = Uuid::parse("00000000-0000-0000-0000-000000000100");
  auto c = Uuid::parse("ff000000-0000-0000-0000-000000000000");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_NE(a, b);
  std::set<Uuid> ordered{c, a, b};
  EXPECT_EQ(*ordered.begin(), a);
}

TEST(Decimal, KeepsTheScale) {
  EXPECT_EQ(Decimal::parse("12.50").to_string(), "12.50");
  EXPECT_EQ(Decimal::parse("-0.001").to_string(), "-0.001");
  EXPECT_EQ(Decimal::parse("100").to_string(), "100");
  EXPECT_EQ(Decimal::parse("0.00").to_string(), "0.00");
  EXPECT_EQ(Decimal::parse("-0.00").to_string(), "0.00");
  EXPECT_EQ(Decimal::parse("007.10").to_string(), "7.10");
  EXPECT_EQ(Decimal::parse(".5").to_string(), "0.5");
  EXPECT_EQ(Decimal::parse("5.").to_string(), "5");
  EXPECT_EQ(Decimal::parse("+3").to_string(), "3");
  EXPECT_EQ(Decimal::parse("12.50").scale(), 2);
  EXPECT_EQ(
      Decimal::parse("123456789012345678901234567890.123456789012345678901234567890").to_string(),
      "123456789012345678901234567890.123456789012345678901234567890");
  EXPECT_EQ(Decimal(42).to_string(), "42");
  EXPECT_EQ(Decimal(-7).to_string(), "-7");
  EXPECT_EQ(Decimal(std::numeric_limits<std::int64_t>::min()).to_string(), "-9223372036854775808");
  EXPECT_EQ(Decimal().to_string(), "0");
  static_assert(!std::is_constructible_v<Decimal, double>, "no binary floats");
  static_assert(!std::is_constructible_v<Decimal, float>, "no binary floats");
}

TEST(Decimal, RejectsNonNumbers) {
  for (const char* bad : {"",    "-",   "+",        ".",         "-.",   "1e5",   "1E5", "1.5e-3",
                          "NaN", "nan", "Infinity", "-Infinity", "inf",  " 1",    "1 ",  "1.2.3",
                          "abc", "--1", "+-1",      "1,5",       "0x10", "1_000", "١"}) {
    EXPECT_THROW(Decimal::parse(bad), std::invalid_argument) << bad;
    EXPECT_FALSE(Decimal::try_parse(bad).has_value()) << bad;
  }
}

TEST(Decimal, ComparesByValue) {
  EXPECT_EQ(Decimal::parse("12.5"), Decimal::parse("12.50"));
  EXPECT_EQ(Decimal::parse("0"), Decimal::parse("-0.000"));
  EXPECT_EQ(Decimal::parse("100"), Decimal::parse("100.000"));
  EXPECT_NE(Decimal::parse("12.5"), Decimal::parse("12.51"));
  EXPECT_NE(Decimal::parse("1"), Decimal::parse("-1"));
  std::vector<const char*> ascending = {"-1000",
                                        "-2",
                                        "-1.50",
                                        "-1.49",
                                        "-0.001",
                                        "0",
                                        "0.0001",
                                        "0.001",
                                        "0.5",
                                        "1",
                                        "1.09",
                                        "1.10",
                                        "2",
                                        "10",
                                        "99.999",
                                        "100",
                                        "123456789012345678901234567890"};
  for (std::size_t i = 0; i < ascending.size(); ++i) {
    for (std::size_t j = 0; j < ascending.size(); ++j) {
      auto a = Decimal::parse(ascending[i]);
      auto b = Decimal::parse(ascending[j]);
      EXPECT_EQ(a < b, i < j) << ascending[i] << " vs " << ascending[j];
      EXPECT_EQ(a == b, i == j) << ascending[i] << " vs " << ascending[j];
    }
  }
  std::hash<Decimal> h;
  EXPECT_EQ(h(Decimal::parse("12.5")), h(Decimal::parse("12.500")));
  EXPECT_EQ(h(Decimal::parse("0")), h(Decimal::parse("0.00")));
  EXPECT_EQ(h(Decimal::parse("100")), h(Decimal::parse("100.0")));
}

TEST(Date, ParsesPrintsAndCompares) {
  Date d = Date::parse("2024-01-31");
  EXPECT_EQ(d.to_string(), "2024-01-31");
  EXPECT_EQ(d, Date(2024y / January / 31));
  EXPECT_EQ(d.days(), sys_days(2024y / January / 31));
  EXPECT_LT(Date::parse("2023-12-31"), d);
  EXPECT_EQ(Date::parse("2024-02-29").to_string(), "2024-02-29");
  EXPECT_EQ(Date::parse("0001-01-01").to_string(), "0001-01-01");
  EXPECT_EQ(Date::parse("0044-03-15 BC").to_string(), "0044-03-15 BC");
  EXPECT_EQ(Date::parse("0001-01-01 BC").ymd().year(), year{0});
  EXPECT_EQ(Date::parse("12345-06-07").to_string(), "12345-06-07");
  EXPECT_EQ(Date().to_string(), "1970-01-01");
  for (const char* bad : {"", "2024-02-30", "2023-02-29", "2024-1-31", "2024-01-31x", "24-01-31",
                          "2024/01/31", "2024-13-01", "2024-01-31 12:00:00", "infinity"}) {
    EXPECT_THROW(Date::parse(bad), std::invalid_argument) << bad;
  }
  EXPECT_THROW(Date(2023y / February / 29), std::invalid_argument);
}

TEST(Timestamp, ParsesPostgresAndIsoForms) {
  auto expected = Timestamp(sys_days(2024y / January / 31) + 12h + 123456us);
  EXPECT_EQ(Timestamp::parse("2024-01-31 12:00:00.123456+00"), expected);
  EXPECT_EQ(Timestamp::parse("2024-01-31T12:00:00.123456Z"), expected);
  EXPECT_EQ(Timestamp::parse("2024-01-31 13:00:00.123456+01"), expected);
  EXPECT_EQ(Timestamp::parse("2024-01-31 17:30:00.123456+05:30"), expected);
  EXPECT_EQ(Timestamp::parse("2024-01-31 04:00:00.123456-0800"), expected);
  EXPECT_EQ(Timestamp::parse("2024-01-31 12:00:00.123456"), expected);  // no offset: UTC
  EXPECT_EQ(Timestamp::parse("2024-01-31 12:00:00+00"),
            Timestamp(sys_days(2024y / January / 31) + 12h));
  EXPECT_EQ(Timestamp::parse("2024-01-31 12:00:00.5+00").time_since_epoch() % 1s, 500000us);
  EXPECT_EQ(Timestamp::parse("2024-01-31 24:00:00+00"), Timestamp(sys_days(2024y / February / 1)));
  EXPECT_EQ(Timestamp::parse("1969-12-31 23:59:59.999999+00").time_since_epoch(), -1us);
  for (const char* bad :
       {"", "2024-01-31", "2024-01-31 12:00", "2024-01-31 25:00:00+00", "2024-01-31 12:60:00+00",
        "2024-01-31 12:00:00.1234567+00", "2024-01-31 12:00:00.+00", "2024-01-31 12:00:00+0",
        "2024-01-31 12:00:00 UTC", "2024-02-30 12:00:00+00", "infinity"}) {
    EXPECT_THROW(Timestamp::parse(bad), std::invalid_argument) << bad;
  }
}

TEST(Timestamp, PrintsIsoUtcWithMicroseconds) {
  auto t = Timestamp(sys_days(2024y / January / 31) + 12h + 123456us);
  EXPECT_EQ(t.to_string(), "2024-01-31T12:00:00.123456Z");
  EXPECT_EQ(Timestamp().to_string(), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(Timestamp(sys_seconds(-1s)).to_string(), "1969-12-31T23:59:59.000000Z");
  EXPECT_EQ(Timestamp::parse(t.to_string()), t);
  auto now = Timestamp::now();
  EXPECT_EQ(Timestamp::parse(now.to_string()), now);
  EXPECT_LT(t, now);
}

TEST(Cursor, RoundTripsThroughUrlSafeText) {
  auto id = Uuid::parse("123e4567-e89b-12d3-a456-426614174000");
  auto at = Timestamp::parse("2024-01-31T12:00:00.123456Z");
  for (const Cursor& c :
       {Cursor::at(at, id), Cursor::at(id), Cursor::at(Timestamp(sys_seconds(-5s)), Uuid()),
        Cursor::at(Timestamp::now(), Uuid::random())}) {
    std::string text = c.to_string();
    EXPECT_EQ(
        text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << text;
    EXPECT_EQ(Cursor::parse(text), c);
  }
  EXPECT_EQ(Cursor::parse(Cursor::at(at, id).to_string()).created_at(), at);
  EXPECT_EQ(Cursor::parse(Cursor::at(at, id).to_string()).id(), id);
  EXPECT_FALSE(Cursor::parse(Cursor::at(id).to_string()).created_at().has_value());
}

TEST(Cursor, RejectsGarbage) {
  auto good = Cursor::at(Timestamp::now(), Uuid::random()).to_string();
  std::string last_changed = good;
  last_changed.back() = last_changed.back() == 'A' ? 'B' : 'A';  // non-zero unused bits or other id
  std::vector<std::string> bad = {"",
                                  "!",
                                  "abc",
                                  good + "=",
                                  good.substr(0, good.size() - 1),
                                  good + "AA",
                                  "B" + good.substr(1),
                                  good.substr(0, 10) + "+" + good.substr(11),
                                  "AQ",
                                  std::string(23, 'A')};
  for (const auto& text : bad) {
    EXPECT_THROW(Cursor::parse(text), std::invalid_argument) << text;
    EXPECT_FALSE(Cursor::try_parse(text).has_value()) << text;
  }
  // A changed character either fails or yields a different cursor, never the same one.
  auto changed = Cursor::try_parse(last_changed);
  if (changed) {
    EXPECT_NE(changed->to_string(), good);
  }
}

TEST(Paging, LimitIsChecked) {
  EXPECT_EQ(checked_limit(PageRequest{}), 50);
  EXPECT_EQ(checked_limit(PageRequest{std::nullopt, 1}), 1);
  EXPECT_EQ(checked_limit(PageRequest{std::nullopt, 1000}), 1000);
  EXPECT_THROW(checked_limit(PageRequest{std::nullopt, 0}), std::invalid_argument);
  EXPECT_THROW(checked_limit(PageRequest{std::nullopt, -5}), std::invalid_argument);
  EXPECT_THROW(checked_limit(PageRequest{std::nullopt, 1001}), std::invalid_argument);
  Page<int> page{{1, 2}, std::nullopt};
  EXPECT_EQ(page.items.size(), 2u);
}

namespace {
template <class T>
concept TakesEmptyBraces = requires(void (*fn)(T)) {
  fn({});
};
}  // namespace

TEST(Paging, UnscopedIsNotWrittenByAccident) {
  static_assert(!TakesEmptyBraces<Unscoped>, "`{}` must not stand in for tenantc::unscoped");
  static_assert(std::is_same_v<decltype(unscoped), const Unscoped>);
}

TEST(Errors, SqlstateSelectsTheClass) {
  auto kind = [](const char* state) {
    try {
      std::rethrow_exception(make_db_error(ErrorFields{state, "m", {}, {}, "c", {}, {}}));
    } catch (const UniqueViolation&) {
      return std::string("unique");
    } catch (const ForeignKeyViolation&) {
      return std::string("fk");
    } catch (const CheckViolation&) {
      return std::string("check");
    } catch (const NotNullViolation&) {
      return std::string("notnull");
    } catch (const SerializationFailure& e) {
      return std::string(e.is_retryable() ? "serialization+" : "serialization");
    } catch (const DeadlockDetected& e) {
      return std::string(e.is_retryable() ? "deadlock+" : "deadlock");
    } catch (const ConnectionError&) {
      return std::string("connection");
    } catch (const DbError& e) {
      return std::string(e.is_retryable() ? "other+" : "other");
    }
  };
  EXPECT_EQ(kind("23505"), "unique");
  EXPECT_EQ(kind("23503"), "fk");
  EXPECT_EQ(kind("23514"), "check");
  EXPECT_EQ(kind("23502"), "notnull");
  EXPECT_EQ(kind("40001"), "serialization+");
  EXPECT_EQ(kind("40P01"), "deadlock+");
  EXPECT_EQ(kind("08006"), "connection");
  EXPECT_EQ(kind("57P01"), "connection");
  EXPECT_EQ(kind("42601"), "other");
  EXPECT_EQ(kind("23P01"), "other");
  DbError e(ErrorFields{"23505", "duplicate", "Key (x)=(1)", "", "t_x_key", "t", ""});
  EXPECT_STREQ(e.what(), "duplicate");
  EXPECT_EQ(e.constraint(), "t_x_key");
  EXPECT_EQ(e.detail(), "Key (x)=(1)");
  DbError copy = e;  // copies share the fields
  EXPECT_EQ(copy.sqlstate(), "23505");
}
