// Naming rules: case conversion, singular forms, keywords, the 63-byte limit.
#include <gtest/gtest.h>

#include "naming.hpp"

using namespace tenantc::naming;

TEST(Naming, PascalCaseOfSingular) {
  EXPECT_EQ(pascal_case(singular("categories")), "Category");
  EXPECT_EQ(pascal_case(singular("money_accounts")), "MoneyAccount");
  EXPECT_EQ(pascal_case(singular("addresses")), "Address");
  EXPECT_EQ(pascal_case(singular("boxes")), "Box");
  EXPECT_EQ(pascal_case(singular("statuses")), "Status");
  EXPECT_EQ(pascal_case(singular("inventory")), "Inventory");
  EXPECT_EQ(pascal_case(singular("employees")), "Employee");
  EXPECT_EQ(pascal_case(singular("people")), "Person");
}

TEST(Naming, SnakeCase) {
  EXPECT_TRUE(is_snake_case("order_items"));
  EXPECT_TRUE(is_snake_case("a1"));
  EXPECT_FALSE(is_snake_case("OrderItems"));
  EXPECT_FALSE(is_snake_case("order-items"));
  EXPECT_FALSE(is_snake_case("1abc"));
  EXPECT_FALSE(is_snake_case("_x"));
  EXPECT_FALSE(is_snake_case(""));
}

TEST(Naming, ReservedWordsComeFromThePostgresParser) {
  EXPECT_TRUE(is_sql_reserved("order"));
  EXPECT_TRUE(is_sql_reserved("select"));
  EXPECT_TRUE(is_sql_reserved("user"));
  EXPECT_TRUE(is_sql_reserved("left"));     // type/function-name keyword
  EXPECT_TRUE(is_sql_reserved("similar"));  // type/function-name keyword
  EXPECT_FALSE(is_sql_reserved("name"));    // unreserved
  EXPECT_FALSE(is_sql_reserved("position"));  // column-name keyword: fine as a column
  EXPECT_FALSE(is_sql_reserved("products"));
}

TEST(Naming, IdentifierProblems) {
  EXPECT_EQ(identifier_problem("products"), "");
  EXPECT_NE(identifier_problem("Products").find("snake_case"), std::string::npos);
  EXPECT_NE(identifier_problem(std::string(64, 'a')).find("63"), std::string::npos);
  EXPECT_NE(identifier_problem("table").find("reserved"), std::string::npos);
}

TEST(Naming, CppKeywordsGetATrailingUnderscore) {
  EXPECT_EQ(cpp_identifier("new"), "new_");
  EXPECT_EQ(cpp_identifier("class"), "class_");
  EXPECT_EQ(cpp_identifier("pending"), "pending");
}

TEST(Naming, LongNamesAreShortenedDeterministicallyAndStayDistinct) {
  std::string a = std::string(60, 'x') + "_alpha_idx";
  std::string b = std::string(60, 'x') + "_beta_idx";
  EXPECT_EQ(fit_identifier("short_idx"), "short_idx");
  EXPECT_EQ(fit_identifier(a).size(), 63u);
  EXPECT_EQ(fit_identifier(a), fit_identifier(a));
  EXPECT_NE(fit_identifier(a), fit_identifier(b));
  EXPECT_EQ(fit_identifier(std::string(63, 'y')), std::string(63, 'y'));
}

TEST(Naming, DerivedNames) {
  EXPECT_EQ(primary_key_name("products"), "products_pkey");
  EXPECT_EQ(foreign_key_name("orders", "client_id"), "orders_client_id_fkey");
  EXPECT_EQ(unique_name("products", {"tenant_id", "sku"}), "products_tenant_id_sku_key");
  EXPECT_EQ(index_name("orders", {"tenant_id", "status"}), "orders_tenant_id_status_idx");
  EXPECT_LE(index_name(std::string(40, 't'), {std::string(30, 'c')}).size(), 63u);
}
