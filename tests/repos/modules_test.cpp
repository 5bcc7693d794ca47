// Every repository method of one entity per module (core, crm, finance, projects, hrm; the
// warehouse has products_test.cpp), with enum, money, rate, date, timestamp and nullable
// columns round-tripping exactly, and constraint errors arriving as the right DbError.
#include "fixture.hpp"

namespace repos_test {
namespace {

class Modules : public RepositoryTest {};

TEST_F(Modules, CoreUsers) {
  auto t = tenant("acme");
  db::core::UserRepository repo(conn());
  auto login = tenantc::Timestamp::parse("2026-03-04T05:06:07.123456Z");
  auto u = repo.create(t, {.email = "ann@example.com", .full_name = "Ann", .role = db::core::UserRole::admin,
                           .last_login_at = login});
  EXPECT_EQ(u.role, db::core::UserRole::admin);
  EXPECT_EQ(u.last_login_at, login);
  EXPECT_EQ(u.locale, "en");
  EXPECT_TRUE(u.is_active);
  EXPECT_EQ(repo.find_by_email(t, "ann@example.com")->id, u.id);
  auto ids = repo.create_many(t, std::vector<db::core::NewUser>{{.email = "b@x", .full_name = "B"},
                                                                 {.email = "c@x", .full_name = "C", .locale = "de"}},
                              u.id);
  auto many = repo.find_many(t, ids);
  ASSERT_EQ(many.size(), 2u);
  for (const auto& m : many) EXPECT_EQ(m.created_by, u.id);
  EXPECT_EQ(repo.list(t).items.size(), 3u);
  auto changed = u;
  changed.role = db::core::UserRole::viewer;
  changed.last_login_at = std::nullopt;
  auto stored = repo.update_if_unchanged(t, changed, u.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->role, db::core::UserRole::viewer);
  EXPECT_FALSE(stored->last_login_at.has_value());
  EXPECT_TRUE(repo.update(t, *stored).has_value());
  EXPECT_TRUE(repo.soft_delete(t, u.id, u.id));
  EXPECT_EQ(repo.count(t), 2);
  EXPECT_TRUE(repo.restore(t, u.id));
  EXPECT_TRUE(repo.purge(t, ids[0]));
  EXPECT_EQ(repo.count(t), 2);
  EXPECT_THROW(repo.create(t, {.email = "ann@example.com", .full_name = "Twin"}), tenantc::UniqueViolation);
}

TEST_F(Modules, CoreTenantsAreUnscoped) {
  db::core::TenantRepository repo(conn());
  auto a = repo.create(tenantc::unscoped, {.name = "A", .slug = "a", .plan = db::core::TenantPlan::business,
                                           .settings = tenantc::Json(R"({"theme": "dark"})")});
  EXPECT_EQ(a.plan, db::core::TenantPlan::business);
  EXPECT_EQ(a.status, db::core::TenantStatus::trial);
  EXPECT_EQ(repo.find_by_slug(tenantc::unscoped, "a")->id, a.id);
  EXPECT_EQ(repo.count(tenantc::unscoped), 1);
  EXPECT_THROW(repo.create(tenantc::unscoped, {.name = "Bad", .slug = "Not A Slug"}), tenantc::CheckViolation);
  EXPECT_THROW(repo.create(tenantc::unscoped, {.name = "Twin", .slug = "a"}), tenantc::UniqueViolation);
  auto renamed = a;
  renamed.name = "A2";
  EXPECT_EQ(repo.update(tenantc::unscoped, renamed)->name, "A2");
  EXPECT_TRUE(repo.purge(tenantc::unscoped, a.id));
  EXPECT_FALSE(repo.find(tenantc::unscoped, a.id).has_value());
}

TEST_F(Modules, CrmClients) {
  auto t = tenant("acme");
  db::crm::ClientRepository repo(conn());
  auto c = repo.create(t, {.name = "Zed", .kind = db::crm::ClientKind::company, .email = "z@x",
                           .discount = dec("12.50")});
  EXPECT_EQ(c.kind, db::crm::ClientKind::company);
  EXPECT_EQ(c.discount->to_string(), "12.50");
  EXPECT_EQ(repo.find_by_email(t, "z@x")->id, c.id);
  EXPECT_THROW(repo.create(t, {.name = "Over", .discount = dec("100.01")}), tenantc::CheckViolation);
  auto updated = c;
  updated.discount = std::nullopt;
  EXPECT_FALSE(repo.update(t, updated)->discount.has_value());
  EXPECT_TRUE(repo.soft_delete(t, c.id));
  EXPECT_TRUE(repo.restore(t, c.id));
  EXPECT_EQ(repo.count(t), 1);
  EXPECT_TRUE(repo.purge(t, c.id));
}

TEST_F(Modules, FinancePayments) {
  auto t = tenant("acme");
  db::finance::MoneyAccountRepository accounts(conn());
  auto acc = accounts.create(t, {.name = "Main", .balance = dec("1000000000.25"), .interest_rate = dec("0.0375")});
  EXPECT_EQ(acc.balance.to_string(), "1000000000.25");
  EXPECT_EQ(acc.interest_rate->to_string(), "0.0375");
  EXPECT_EQ(acc.currency, "USD");
  EXPECT_EQ(accounts.find_by_name_and_currency(t, "Main", "USD")->id, acc.id);

  db::finance::PaymentRepository repo(conn());
  auto paid = tenantc::Timestamp::parse("2026-01-31T23:59:59.999999Z");
  auto p = repo.create(t, {.money_account_id = acc.id, .status = db::finance::PaymentStatus::completed,
                           .amount = dec("19.99"), .currency = "EUR", .paid_at = paid});
  EXPECT_EQ(p.amount.to_string(), "19.99");
  EXPECT_EQ(p.paid_at, paid);
  EXPECT_EQ(p.status, db::finance::PaymentStatus::completed);
  // amount > 0 is checked; the money default 0.00 does not pass it.
  EXPECT_THROW(repo.create(t, {.money_account_id = acc.id, .currency = "EUR"}), tenantc::CheckViolation);
  EXPECT_EQ(repo.list_by_money_account(t, acc.id).items.size(), 1u);
  EXPECT_EQ(repo.list_by_counterparty(t, std::nullopt).items.size(), 1u);
  EXPECT_THROW(accounts.purge(t, acc.id), tenantc::ForeignKeyViolation);  // restrict
  auto ids = repo.create_many(t, std::vector<db::finance::NewPayment>{
                                     {.money_account_id = acc.id, .amount = dec("1.00"), .currency = "EUR"}});
  EXPECT_EQ(repo.find(t, ids[0])->status, db::finance::PaymentStatus::pending);
}

TEST_F(Modules, ProjectsWithDatesAndCascade) {
  auto t = tenant("acme");
  db::projects::ProjectRepository repo(conn());
  auto p = repo.create(t, {.name = "Build", .client_id = client(t, "c"), .budget = dec("250000.00"),
                           .starts_on = date("2026-01-01"), .ends_on = date("2026-12-31")});
  EXPECT_EQ(p.starts_on, date("2026-01-01"));
  EXPECT_EQ(p.status, db::projects::ProjectStatus::planned);
  EXPECT_THROW(repo.create(t, {.name = "Backwards", .starts_on = date("2026-02-01"), .ends_on = date("2026-01-01")}),
               tenantc::CheckViolation);
  db::projects::ProjectStageRepository stages(conn());
  auto s = stages.create(t, {.project_id = p.id, .name = "Design", .sort_order = 1});
  EXPECT_EQ(stages.find_by_project_and_sort_order(t, p.id, 1)->id, s.id);
  EXPECT_THROW(stages.create(t, {.project_id = p.id, .name = "Twin", .sort_order = 1}), tenantc::UniqueViolation);
  EXPECT_EQ(stages.list_by_project(t, p.id).items.size(), 1u);
  EXPECT_TRUE(repo.purge(t, p.id));
  EXPECT_FALSE(stages.find(t, s.id).has_value());  // on_delete: cascade
}

TEST_F(Modules, HrmEmployeesSetNullAndNotNull) {
  auto t = tenant("acme");
  auto u = user(t, "emp@example.com");
  db::hrm::EmployeeRepository repo(conn());
  auto e = repo.create(t, {.user_id = u, .full_name = "Emp", .job_title = "Dev", .hire_date = date("2024-02-29"),
                           .salary = dec("5000.00")});
  EXPECT_EQ(e.hire_date, date("2024-02-29"));
  EXPECT_THROW(repo.create(t, {.full_name = "Early", .job_title = "Dev", .hire_date = date("2024-01-10"),
                               .termination_date = date("2024-01-09")}),
               tenantc::CheckViolation);
  EXPECT_EQ(repo.list_by_user(t, u).items.size(), 1u);
  EXPECT_TRUE(db::core::UserRepository(conn()).purge(t, u));
  auto after = repo.find(t, e.id);
  ASSERT_TRUE(after.has_value());
  EXPECT_FALSE(after->user_id.has_value());  // on_delete: set_null nulls the ref only
  EXPECT_EQ(after->tenant_id, t);
  EXPECT_THROW(conn().execute("INSERT INTO employees (tenant_id, full_name, job_title) SELECT id, 'x', NULL FROM tenants"),
               tenantc::NotNullViolation);
}

}  // namespace
}  // namespace repos_test
