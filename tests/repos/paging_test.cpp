// Keyset pagination walks thousands of rows with no duplicate and no gap, while rows are
// inserted between pages.
#include <set>

#include "fixture.hpp"

namespace repos_test {
namespace {

using db::crm::ClientRepository;
using db::crm::NewClient;

class Paging : public RepositoryTest {};

TEST_F(Paging, WalksEveryRowOnceWhileRowsAreInserted) {
  auto t = tenant("acme");
  auto other = tenant("other");
  ClientRepository repo(conn());
  std::vector<NewClient> rows;
  for (int i = 0; i < 3000; ++i) rows.push_back({.name = "c" + std::to_string(i)});
  auto ids = repo.create_many(t, rows);  // one statement: many rows share created_at
  repo.create_many(other, std::vector<NewClient>(50, NewClient{.name = "x"}));
  std::set<db::crm::ClientId> expected(ids.begin(), ids.end());

  std::set<db::crm::ClientId> seen;
  std::vector<db::crm::ClientId> inserted_later;
  tenantc::PageRequest page{.limit = 137};
  int pages = 0;
  while (true) {
    auto result = repo.list(t, page);
    for (const auto& c : result.items) {
      EXPECT_TRUE(seen.insert(c.id).second) << "duplicate " << c.id.value().to_string();
      EXPECT_EQ(c.tenant_id, t);
    }
    ++pages;
    // New rows arrive between pages; being newer, they sort before the cursor and are not
    // part of this walk, which must neither repeat nor skip any older row.
    inserted_later.push_back(repo.create(t, {.name = "late" + std::to_string(pages)}).id);
    if (!result.next) break;
    // The cursor survives a trip through text, as it would through an API.
    page.after = tenantc::Cursor::parse(result.next->to_string());
  }
  EXPECT_EQ(pages, (3000 + 136) / 137);
  for (const auto& id : expected) EXPECT_TRUE(seen.count(id)) << "gap at " << id.value().to_string();
  EXPECT_EQ(seen.size(), expected.size());
  for (const auto& id : inserted_later) EXPECT_FALSE(seen.count(id));
}

TEST_F(Paging, ListByRefPagesAndLimitsAreChecked) {
  auto t = tenant("acme");
  auto c = client(t, "big");
  db::crm::ChatRepository chats(conn());
  std::vector<db::crm::NewChat> rows;
  for (int i = 0; i < 250; ++i) rows.push_back({.client_id = c, .channel = db::crm::MessageChannel::email});
  chats.create_many(t, rows);
  std::set<db::crm::ChatId> seen;
  tenantc::PageRequest page{.limit = 100};
  int pages = 0;
  for (;; ++pages) {
    auto r = chats.list_by_client(t, c, page);
    for (const auto& chat : r.items) EXPECT_TRUE(seen.insert(chat.id).second);
    if (!r.next) break;
    page.after = r.next;
  }
  EXPECT_EQ(seen.size(), 250u);
  EXPECT_EQ(pages, 2);
  EXPECT_THROW(chats.list(t, {.limit = 0}), std::invalid_argument);
  EXPECT_THROW(chats.list(t, {.limit = 1001}), std::invalid_argument);
  EXPECT_THROW(tenantc::Cursor::parse("not a cursor"), std::invalid_argument);
}

}  // namespace
}  // namespace repos_test
