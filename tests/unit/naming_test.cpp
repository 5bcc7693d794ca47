// Naming rules: case conversion, keywords, the 63-byte limit.
#include <gtest/gtest.h>

#include "naming.hpp"

using namespace tenantc::naming;

TEST(Naming, PascalSingular) {
  EXPECT_EQ(pascal_case(singular("categories")), "Category");
  EXPECT_EQ(pascal_case(singular("money_accounts")), "MoneyAccount");
}
