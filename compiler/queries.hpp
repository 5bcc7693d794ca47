// The SQL every generated repository runs, derived from the model in one place so that the
// C++ emitter, the index report and the EXPLAIN tests all see the same statements.
#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace tenantc {

// One parameter of a statement, in $n order.
struct QueryParam {
  enum class Source { Key, Id, Field, FieldArray, Actor, CursorCreatedAt, CursorId, Limit, Ids, UpdatedAt };
  Source source;
  const model::Field* field = nullptr;  // for Field / FieldArray
};

struct Query {
  std::string method;   // repository method it belongs to: find, list_after, ...
  std::string constant; // C++ constant name: kFindSql
  std::string name;     // prepared statement name: warehouse.products.find
  std::string sql;
  std::vector<QueryParam> params;
  bool returns_rows = false;
};

struct UniqueFinder {
  std::string method;                         // find_by_name_and_category
  std::vector<const model::Field*> fields;
  Query query;
  bool nulls_equal = false;  // a unique set: a NULL matches a NULL; a single field: values only
};

struct RefLister {
  std::string method;  // list_by_category
  const model::Field* field = nullptr;
  Query first, after;           // ref = $2
  Query null_first, null_after; // ref IS NULL (optional refs only)
};

struct EntityQueries {
  std::vector<std::string> columns;          // select list, table order
  std::vector<const model::Field*> writable; // business columns a create / update sets
  Query create, create_many, find, find_many, list_first, list_after, update, update_if_unchanged,
      soft_delete, restore, purge, count;
  bool has_created_at = false, has_updated_at = false, has_actor = false, soft_delete_enabled = false;
  std::vector<UniqueFinder> finders;
  std::vector<RefLister> listers;

  // Every statement, for tests and reports.
  std::vector<const Query*> all() const;
};

EntityQueries build_queries(const model::Project& project, const model::Entity& entity);

// The field name less `_id`: `category_id` -> `category`.
std::string ref_stem(const std::string& field);

}  // namespace tenantc
