// The type language: parsing and the PostgreSQL / C++ mapping table of the spec.
#include <gtest/gtest.h>

#include "types.hpp"

using namespace tenantc;

namespace {
std::string sql_of(const std::string& t) {
  auto p = types::parse(t);
  return p.type ? p.type->sql() : "<" + p.error + p.enum_ref + ">";
}
std::string cpp_of(const std::string& t) { return types::parse(t).type->cpp(); }
}  // namespace

TEST(Types, PostgresMapping) {
  EXPECT_EQ(sql_of("uuid"), "uuid");
  EXPECT_EQ(sql_of("string(255)"), "varchar(255)");
  EXPECT_EQ(sql_of("text"), "text");
  EXPECT_EQ(sql_of("smallint"), "smallint");
  EXPECT_EQ(sql_of("int"), "integer");
  EXPECT_EQ(sql_of("bigint"), "bigint");
  EXPECT_EQ(sql_of("real"), "real");
  EXPECT_EQ(sql_of("double"), "double precision");
  EXPECT_EQ(sql_of("bool"), "boolean");
  EXPECT_EQ(sql_of("decimal(10,3)"), "numeric(10,3)");
  EXPECT_EQ(sql_of("decimal( 12 , 2 )"), "numeric(12,2)");
  EXPECT_EQ(sql_of("money"), "numeric(10,2)");
  EXPECT_EQ(sql_of("money(14,4)"), "numeric(14,4)");
  EXPECT_EQ(sql_of("rate"), "numeric(10,4)");
  EXPECT_EQ(sql_of("percentage"), "numeric(5,2)");
  EXPECT_EQ(sql_of("date"), "date");
  EXPECT_EQ(sql_of("timestamp"), "timestamptz");
  EXPECT_EQ(sql_of("jsonb"), "jsonb");
  EXPECT_EQ(sql_of("bytes"), "bytea");
  EXPECT_EQ(sql_of("text[]"), "text[]");
  EXPECT_EQ(sql_of("int[]"), "integer[]");
}

TEST(Types, CppMapping) {
  EXPECT_EQ(cpp_of("uuid"), "tenantc::Uuid");
  EXPECT_EQ(cpp_of("string(3)"), "std::string");
  EXPECT_EQ(cpp_of("smallint"), "std::int16_t");
  EXPECT_EQ(cpp_of("int"), "std::int32_t");
  EXPECT_EQ(cpp_of("bigint"), "std::int64_t");
  EXPECT_EQ(cpp_of("money"), "tenantc::Decimal");
  EXPECT_EQ(cpp_of("date"), "tenantc::Date");
  EXPECT_EQ(cpp_of("timestamp"), "tenantc::Timestamp");
  EXPECT_EQ(cpp_of("jsonb"), "tenantc::Json");
  EXPECT_EQ(cpp_of("bytes"), "std::vector<std::byte>");
  EXPECT_EQ(cpp_of("bigint[]"), "std::vector<std::int64_t>");
}

TEST(Types, FlavorsAreKept) {
  EXPECT_EQ(types::parse("money").type->flavor, model::NumericFlavor::Money);
  EXPECT_EQ(types::parse("percentage").type->flavor, model::NumericFlavor::Percentage);
  EXPECT_EQ(types::parse("decimal(5,2)").type->flavor, model::NumericFlavor::Plain);
}

TEST(Types, EnumNamesAreLeftForTheResolver) {
  EXPECT_EQ(types::parse("order_status").enum_ref, "order_status");
  EXPECT_EQ(types::parse("crm.channel").enum_ref, "crm.channel");
}

TEST(Types, Errors) {
  EXPECT_FALSE(types::parse("string").error.empty());
  EXPECT_FALSE(types::parse("decimal").error.empty());
  EXPECT_FALSE(types::parse("decimal(2,5)").error.empty());
  EXPECT_FALSE(types::parse("string(0)").error.empty());
  EXPECT_FALSE(types::parse("int(4)").error.empty());
  EXPECT_FALSE(types::parse("Decimal(10,2)").error.empty());
  EXPECT_FALSE(types::parse("jsonb[]").error.empty());
}
