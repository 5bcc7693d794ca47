// Example consumer of tenantc: opens a connection, creates a tenant and a customer, reads it back.
//
//   consumer [CONNINFO]   (else $DATABASE_URL, else libpq's PG* environment variables)
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

// Only the headers this file uses, so that editing another entity recompiles only that entity.
#include "core/tenants.hpp"
#include "crm/customers.hpp"

int main(int argc, char** argv) {
  const char* env = std::getenv("DATABASE_URL");
  const std::string url = argc > 1 ? argv[1] : env ? env : "";
  try {
    auto conn = tenantc::Connection::open(url);
    shop::core::TenantRepository tenants(conn);
    shop::crm::CustomerRepository customers(conn);

    tenantc::Transaction tx(conn);
    const auto acme = tenants.create(tenantc::unscoped, {.name = "Acme"});
    const auto other = tenants.create(tenantc::unscoped, {.name = "Other"});
    const auto created = customers.create(acme.id, {.name = "Ada Lovelace", .email = "ada@example.com"});
    tx.commit();

    const auto found = customers.find(acme.id, created.id);
    if (!found) {
      std::cerr << "consumer: the customer just created is not found\n";
      return 1;
    }
    std::cout << "tenant " << acme.name << ": customer " << found->name << " <" << found->email << "> "
              << shop::crm::to_string(found->status) << "\n";
    std::cout << "customers of " << acme.name << ": " << customers.count(acme.id) << "\n";
    std::cout << "seen by " << other.name << ": " << (customers.find(other.id, created.id) ? "yes" : "no") << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "consumer: " << e.what() << "\n";
    return 1;
  }
}
