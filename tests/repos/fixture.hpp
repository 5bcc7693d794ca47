// Shared fixture of the repository tests: a fresh database migrated with generated-examples/,
// and small factories for the rows most tests need.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include <tenantc/testing.hpp>

#include "core.hpp"
#include "crm.hpp"
#include "finance.hpp"
#include "hrm.hpp"
#include "projects.hpp"
#include "warehouse.hpp"

namespace repos_test {

inline tenantc::Decimal dec(const char* text) { return tenantc::Decimal::parse(text); }
inline tenantc::Date date(const char* text) { return tenantc::Date::parse(text); }

class RepositoryTest : public tenantc::testing::DatabaseTest {
 protected:
  std::string migrations_dir() const override { return TENANTC_EXAMPLES_DIR "/generated-examples/migrations"; }

  db::core::TenantId tenant(const std::string& slug) {
    return db::core::TenantRepository(conn()).create(tenantc::unscoped, {.name = "Tenant " + slug, .slug = slug}).id;
  }
  db::core::UserId user(db::core::TenantId t, const std::string& email) {
    return db::core::UserRepository(conn()).create(t, {.email = email, .full_name = email}).id;
  }
  db::warehouse::UnitId unit(db::core::TenantId t, const std::string& code = "pcs") {
    return db::warehouse::UnitRepository(conn()).create(t, {.code = code, .name = code}).id;
  }
  db::warehouse::CategoryId category(db::core::TenantId t, const std::string& name) {
    return db::warehouse::CategoryRepository(conn()).create(t, {.name = name}).id;
  }
  db::crm::ClientId client(db::core::TenantId t, const std::string& name) {
    return db::crm::ClientRepository(conn()).create(t, {.name = name}).id;
  }
};

}  // namespace repos_test
