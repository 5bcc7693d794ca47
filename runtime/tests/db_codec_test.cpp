// Every codec through a real PostgreSQL: encode, cast on the server, decode, compare.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "tenantc/runtime.hpp"
#include "tenantc/testing.hpp"

using namespace tenantc;
using namespace std::chrono;

namespace app {
// What generated code does for an enum and a strong id: its own Codec specializations.
enum class Status { Active, OnHold };
struct ItemId {
  Uuid value;
  friend bool operator==(const ItemId&, const ItemId&) = default;
};
}  // namespace app

template <>
struct tenantc::Codec<app::Status> {
  static std::string encode(app::Status s) {
    return s == app::Status::Active ? "active" : "on_hold";
  }
  static app::Status decode(std::string_view text) {
    if (text == "active") return app::Status::Active;
    if (text == "on_hold") return app::Status::OnHold;
    throw std::invalid_argument("unknown status");
  }
};
template <>
struct tenantc::Codec<app::ItemId> {
  static std::string encode(const app::ItemId& id) { return id.value.to_string(); }
  static app::ItemId decode(std::string_view text) { return app::ItemId{Uuid::parse(text)}; }
};

class DbCodec : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new tenantc::testing::MigratedDatabase(
        std::vector<std::string>{"CREATE TYPE status AS ENUM ('active', 'on_hold');"});
    conn_ = new Connection(db_->connect());
  }
  static void TearDownTestSuite() {
    delete conn_;
    delete db_;
  }

  // SELECT $1::<type>, decoded as T.
  template <class T>
  static T round_trip(const T& value, const std::string& type) {
    std::string sql = "SELECT $1::" + type;
    Result r = conn_->execute(Statement{sql, sql}, Params().add(value));
    return r[0].get<T>(0);
  }
  // The server's text of $1::<type>.
  template <class T>
  static std::string server_text(const T& value, const std::string& type) {
    std::string sql = "SELECT ($1::" + type + ")::text";
    Result r = conn_->execute(Statement{sql, sql}, Params().add(value));
    return r[0].get<std::string>(0);
  }

  static tenantc::testing::MigratedDatabase* db_;
  static Connection* conn_;
};
tenantc::testing::MigratedDatabase* DbCodec::db_ = nullptr;
Connection* DbCodec::conn_ = nullptr;

TEST_F(DbCodec, DecimalKeepsScaleSignAndDigits) {
  EXPECT_EQ(round_trip(Decimal::parse("12.5"), "numeric(12,4)").to_string(), "12.5000");
  EXPECT_EQ(round_trip(Decimal::parse("-0.0001"), "numeric(12,4)").to_string(), "-0.0001");
  EXPECT_EQ(round_trip(Decimal::parse("12.50"), "numeric").to_string(), "12.50");
  EXPECT_EQ(round_trip(Decimal::parse("-987654.321"), "numeric").to_string(), "-987654.321");
  const char* big = "123456789012345678901234567890.123456789012345678901234567890";
  EXPECT_EQ(round_trip(Decimal::parse(big), "numeric").to_string(), big);
  EXPECT_EQ(round_trip(Decimal::parse("-123456789012345678901234567890"), "numeric").to_string(),
            "-123456789012345678901234567890");
  EXPECT_EQ(round_trip(Decimal::parse("0.00"), "numeric(5,2)").to_string(), "0.00");
  EXPECT_EQ(round_trip(Decimal::parse("12.5"), "numeric(12,4)"), Decimal::parse("12.5"));
  // The server compares by value too.
  Result r = conn_->execute(Statement{"cmp.numeric", "SELECT $1::numeric = $2::numeric"},
                            Params::of(Decimal::parse("12.5"), Decimal::parse("12.500")));
  EXPECT_TRUE(r[0].get<bool>(0));
}

TEST_F(DbCodec, TimestampKeepsMicroseconds) {
  auto t = Timestamp::parse("2024-01-31T12:00:00.123456Z");
  EXPECT_EQ(round_trip(t, "timestamptz"), t);
  EXPECT_EQ(round_trip(t, "timestamp"), t);
  EXPECT_EQ(server_text(t, "timestamptz"), "2024-01-31 12:00:00.123456+00");
  for (auto v : {Timestamp::now(), Timestamp(), Timestamp(sys_seconds(-1s) + 1us),
                 Timestamp::parse("0001-01-01T00:00:00.000001Z"),
                 Timestamp::parse("9999-12-31T23:59:59.999999Z"),
                 Timestamp::parse("0044-03-15T12:00:00.000000Z BC")}) {
    EXPECT_EQ(round_trip(v, "timestamptz"), v) << v.to_string();
  }
  // Whatever zone the text names, the value arrives as the same instant.
  Result r = conn_->execute("SELECT '2024-01-31 14:00:00.5+02'::timestamptz");
  EXPECT_EQ(r[0].get<Timestamp>(0), Timestamp::parse("2024-01-31T12:00:00.500000Z"));
}

TEST_F(DbCodec, Dates) {
  for (const char* d : {"2024-01-31", "2024-02-29", "1970-01-01", "1969-12-31", "0001-01-01",
                        "0044-03-15 BC", "9999-12-31", "12345-06-07"}) {
    EXPECT_EQ(round_trip(Date::parse(d), "date").to_string(), d);
    EXPECT_EQ(server_text(Date::parse(d), "date"), d);
  }
}

TEST_F(DbCodec, ByteaWithEveryByteValue) {
  Bytes all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::byte>(i));
  for (int i = 255; i >= 0; --i) all.push_back(static_cast<std::byte>(i));
  EXPECT_EQ(round_trip(all, "bytea"), all);
  EXPECT_EQ(round_trip(Bytes{}, "bytea"), Bytes{});
  Result r = conn_->execute(Statement{"len.bytea", "SELECT length($1::bytea)"}, Params().add(all));
  EXPECT_EQ(r[0].get<std::int32_t>(0), 512);
}

TEST_F(DbCodec, TextArraysWithAwkwardElements) {
  std::vector<std::string> v = {"plain",          "two words", "",         "NULL",  "say \"hi\"",
                                "back\\slash",    "a,b",       "{braces}", " lead", "trail ",
                                "tab\tnew\nline", "ünï €",     "'quote'"};
  EXPECT_EQ(round_trip(v, "text[]"), v);
  EXPECT_EQ(round_trip(std::vector<std::string>{}, "text[]"), std::vector<std::string>{});
  Result r = conn_->execute(Statement{"arr.len", "SELECT cardinality($1::text[]), ($1::text[])[4]"},
                            Params().add(v));
  EXPECT_EQ(r[0].get<std::int32_t>(0), static_cast<std::int32_t>(v.size()));
  EXPECT_EQ(r[0].get<std::optional<std::string>>(1), "NULL");  // the string, not SQL NULL
  std::vector<std::optional<std::string>> with_null = {"a", std::nullopt, "NULL", ""};
  EXPECT_EQ(round_trip(with_null, "text[]"), with_null);
  r = conn_->execute(Statement{"arr.nulls", "SELECT array_position($1::text[], NULL)"},
                     Params().add(with_null));
  EXPECT_EQ(r[0].get<std::int32_t>(0), 2);
}

TEST_F(DbCodec, ArraysOfOtherTypes) {
  std::vector<std::int64_t> ints = {std::numeric_limits<std::int64_t>::min(), 0, 42,
                                    std::numeric_limits<std::int64_t>::max()};
  EXPECT_EQ(round_trip(ints, "bigint[]"), ints);
  std::vector<Decimal> decimals = {Decimal::parse("1.50"), Decimal::parse("-0.001"),
                                   Decimal::parse("100")};
  auto back = round_trip(decimals, "numeric[]");
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].to_string(), "1.50");
  EXPECT_EQ(back[1].to_string(), "-0.001");
  std::vector<Uuid> uuids = {Uuid::random(), Uuid::random()};
  EXPECT_EQ(round_trip(uuids, "uuid[]"), uuids);
  std::vector<bool> bools = {true, false, true};
  EXPECT_EQ(round_trip(bools, "boolean[]"), bools);
  std::vector<Bytes> blobs = {Bytes{std::byte{0}, std::byte{'"'}, std::byte{'\\'}}, Bytes{}};
  EXPECT_EQ(round_trip(blobs, "bytea[]"), blobs);
  std::vector<Date> dates = {Date::parse("2024-01-31"), Date::parse("0044-03-15 BC")};
  EXPECT_EQ(round_trip(dates, "date[]"), dates);
  std::vector<Timestamp> times = {Timestamp::now(),
                                  Timestamp::parse("2000-01-01T00:00:00.000001Z")};
  EXPECT_EQ(round_trip(times, "timestamptz[]"), times);
  std::vector<double> doubles = {0.1, -1e-300, std::numeric_limits<double>::infinity()};
  EXPECT_EQ(round_trip(doubles, "float8[]"), doubles);
  std::vector<std::optional<std::int32_t>> sparse = {1, std::nullopt, 3};
  EXPECT_EQ(round_trip(sparse, "int[]"), sparse);
  std::vector<Json> docs = {Json(R"({"a": 1})"), Json("[]")};
  EXPECT_EQ(round_trip(docs, "jsonb[]"), docs);
}

TEST_F(DbCodec, JsonAndJsonb) {
  // jsonb comes back normalized; json keeps the text as given.
  EXPECT_EQ(round_trip(Json(R"({"b":[1,2,{"c":null}],  "a":"x"})"), "jsonb").text(),
            R"({"a": "x", "b": [1, 2, {"c": null}]})");
  EXPECT_EQ(round_trip(Json(R"({"b":1,  "a":2})"), "json").text(), R"({"b":1,  "a":2})");
  EXPECT_EQ(round_trip(Json(), "jsonb").text(), "null");
  EXPECT_EQ(round_trip(Json(R"("é \" \\ \u0001")"), "jsonb").text(), R"("é \" \\ \u0001")");
}

TEST_F(DbCodec, BooleansAndIntegers) {
  EXPECT_TRUE(round_trip(true, "boolean"));
  EXPECT_FALSE(round_trip(false, "boolean"));
  for (std::int16_t v : {std::numeric_limits<std::int16_t>::min(), std::int16_t{0},
                         std::numeric_limits<std::int16_t>::max()}) {
    EXPECT_EQ(round_trip(v, "smallint"), v);
  }
  for (std::int32_t v :
       {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()}) {
    EXPECT_EQ(round_trip(v, "integer"), v);
  }
  for (std::int64_t v :
       {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(round_trip(v, "bigint"), v);
  }
}

TEST_F(DbCodec, DoublesRoundTripExactly) {
  for (double v : {0.1, 1.0 / 3, std::numbers::pi, 5e-324, 2.2250738585072014e-308,
                   1.7976931348623157e308, -123456789.123456789, 1e21, 0.0, -2.5}) {
    EXPECT_EQ(round_trip(v, "float8"), v) << v;
  }
  EXPECT_TRUE(std::isnan(round_trip(std::numeric_limits<double>::quiet_NaN(), "float8")));
  EXPECT_EQ(round_trip(std::numeric_limits<double>::infinity(), "float8"),
            std::numeric_limits<double>::infinity());
  EXPECT_EQ(round_trip(-std::numeric_limits<double>::infinity(), "float8"),
            -std::numeric_limits<double>::infinity());
  for (float v : {0.1f, 3.4028235e38f, 1e-45f}) EXPECT_EQ(round_trip(v, "float4"), v) << v;
}

TEST_F(DbCodec, TextUuidAndUserCodecs) {
  for (const std::string& s : std::vector<std::string>{
           "", "plain", "ünï € 😀", "quote ' and \" and \\", std::string(100000, 'x')}) {
    EXPECT_EQ(round_trip(s, "text"), s);
  }
  Uuid u = Uuid::random();
  EXPECT_EQ(round_trip(u, "uuid"), u);
  EXPECT_EQ(round_trip(app::Status::OnHold, "status"), app::Status::OnHold);
  std::vector<app::Status> statuses = {app::Status::Active, app::Status::OnHold};
  EXPECT_EQ(round_trip(statuses, "status[]"), statuses);
  app::ItemId id{Uuid::random()};
  EXPECT_EQ(round_trip(id, "uuid"), id);
  std::vector<app::ItemId> ids = {id, app::ItemId{Uuid::random()}};
  EXPECT_EQ(round_trip(ids, "uuid[]"), ids);
}

TEST_F(DbCodec, NullsAndDecodeErrors) {
  Result r = conn_->execute("SELECT NULL::int AS n, 'abc'::text AS word, 7 AS seven");
  Row row = r[0];
  EXPECT_TRUE(row.is_null(0));
  EXPECT_EQ(row.get<std::optional<std::int32_t>>(0), std::nullopt);
  EXPECT_EQ(row.get_optional<std::int32_t>("n"), std::nullopt);
  EXPECT_THROW(row.get<std::int32_t>(0), DecodeError);
  try {
    row.get<std::int32_t>("word");
    FAIL() << "decoded text as an integer";
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("\"word\""), std::string::npos) << e.what();
  }
  EXPECT_EQ(row.get<std::int32_t>("seven"), 7);
  EXPECT_THROW(row.get<std::int32_t>("missing"), std::out_of_range);
  EXPECT_THROW(row.get<std::int32_t>(3), std::out_of_range);
  EXPECT_THROW(r.row(1), std::out_of_range);
  EXPECT_EQ(r.columns(), 3);
  EXPECT_EQ(r.column_name(1), "word");
  // A NULL parameter arrives as NULL.
  r = conn_->execute(Statement{"null.param", "SELECT $1::int IS NULL"},
                     Params().add(std::optional<std::int32_t>{}));
  EXPECT_TRUE(r[0].get<bool>(0));
  EXPECT_THROW(Params().add(std::string("nul\0byte", 8)), std::invalid_argument);
}

TEST_F(DbCodec, ResultsIterateAndCountAffectedRows) {
  conn_->execute_script("CREATE TEMP TABLE t (x int); INSERT INTO t SELECT generate_series(1, 5);");
  Result r = conn_->execute("SELECT x FROM t ORDER BY x");
  int expected = 1;
  for (Row row : r) EXPECT_EQ(row.get<std::int32_t>(0), expected++);
  EXPECT_EQ(expected, 6);
  EXPECT_EQ(conn_->execute("UPDATE t SET x = x + 1 WHERE x > 2").affected_rows(), 3);
  EXPECT_EQ(conn_->execute("SELECT 1 WHERE false").affected_rows(), 0);
  EXPECT_TRUE(conn_->execute("SELECT 1 WHERE false").empty());
  // One statement only through execute(sql): a second one is refused by the server.
  EXPECT_THROW(conn_->execute("SELECT 1; SELECT 2"), DbError);
}
