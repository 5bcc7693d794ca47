// Repository SQL. Every statement names its columns, takes values only as $n parameters
// (cast to the column type, so PostgreSQL never guesses), carries the tenant predicate on
// tenant entities, and hides soft-deleted rows unless its name says otherwise.
#include "queries.hpp"

#include "ddl.hpp"
#include "naming.hpp"

namespace tenantc {

namespace {

using Source = QueryParam::Source;
using model::ColumnRole;

// Parameters are cast to the column's type without its size: PostgreSQL then checks the value
// when it is stored (a too-long text is an error, not cut short) and never guesses a type.
std::string cast(int n, const model::Type& t) { return "$" + std::to_string(n) + "::" + t.sql_unsized(); }

class Builder {
 public:
  Builder(const model::Project& p, const model::Entity& e) : p_(p), e_(e) {}

  Query make(const std::string& method, const std::string& constant_stem) {
    Query q;
    q.method = method;
    q.constant = "k" + constant_stem + "Sql";
    q.name = e_.module + "." + e_.name + "." + method;
    return q;
  }

  // The tenant predicate (tenant entities) and the live-rows predicate, as a WHERE prefix.
  std::string scope(Query& q, bool live) {
    std::vector<std::string> parts;
    if (e_.tenant) {
      q.params.push_back({Source::Key});
      parts.push_back(e_.isolation_column + " = $" + std::to_string(q.params.size()));
    }
    if (live && e_.soft_delete) parts.push_back("deleted_at IS NULL");
    return ddl::join(parts, " AND ");
  }

  int add(Query& q, Source s, const model::Field* f = nullptr) {
    q.params.push_back({s, f});
    return static_cast<int>(q.params.size());
  }

  const model::Project& p_;
  const model::Entity& e_;
};

std::string and_join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + " AND " + b;
}

std::string where(const std::string& cond) { return cond.empty() ? "" : " WHERE " + cond; }

std::string ref_stem_local(const std::string& field) {
  if (field.size() > 3 && field.substr(field.size() - 3) == "_id") return field.substr(0, field.size() - 3);
  return field;
}

// `category_id` -> `Category`, for constant names such as kListByCategoryFirstSql.
std::string naming_stem(const std::string& field) { return naming::pascal_case(ref_stem_local(field)); }

}  // namespace

std::string ref_stem(const std::string& field) { return ref_stem_local(field); }

std::vector<const Query*> EntityQueries::all() const {
  std::vector<const Query*> out = {&create, &create_many, &find, &find_many, &list_first, &list_after, &update, &purge, &count};
  if (has_updated_at) out.push_back(&update_if_unchanged);
  if (soft_delete_enabled) {
    out.push_back(&soft_delete);
    out.push_back(&restore);
  }
  for (const auto& f : finders) out.push_back(&f.query);
  for (const auto& l : listers) {
    out.push_back(&l.first);
    out.push_back(&l.after);
    if (l.field->nullable) {
      out.push_back(&l.null_first);
      out.push_back(&l.null_after);
    }
  }
  return out;
}

EntityQueries build_queries(const model::Project& project, const model::Entity& e) {
  EntityQueries out;
  Builder b(project, e);
  const model::Field* created_by = nullptr;
  const model::Field* updated_by = nullptr;
  for (const auto& f : e.fields) {
    out.columns.push_back(f.name);
    if (f.role == ColumnRole::Business && !f.generated) out.writable.push_back(&f);
    if (f.role == ColumnRole::CreatedAt) out.has_created_at = true;
    if (f.role == ColumnRole::UpdatedAt) out.has_updated_at = true;
    if (f.role == ColumnRole::CreatedBy) created_by = &f;
    if (f.role == ColumnRole::UpdatedBy) updated_by = &f;
  }
  out.has_actor = created_by && updated_by;
  out.soft_delete_enabled = e.soft_delete;
  const std::string cols = ddl::join(out.columns);
  const std::string returning = " RETURNING " + cols;
  const std::string select = "SELECT " + cols + " FROM " + e.name;
  const model::Field* id = e.field("id");

  // Inserts record the actor as both created_by and updated_by, from one parameter.
  auto add_actor = [&](Query& q, std::vector<std::string>& names, std::vector<std::string>& values) {
    const std::string p = "$" + std::to_string(b.add(q, Source::Actor)) + "::uuid";
    names.insert(names.end(), {"created_by", "updated_by"});
    values.insert(values.end(), {p, p});
  };
  // create: INSERT ... VALUES ... RETURNING; an empty optional takes the column default.
  {
    Query q = b.make("create", "Create");
    std::vector<std::string> names, values;
    if (e.tenant) {
      b.add(q, Source::Key);
      names.push_back(e.isolation_column);
      values.push_back("$1");
    }
    names.push_back("id");
    values.push_back("COALESCE(" + cast(b.add(q, Source::Id), id->type) + ", gen_random_uuid())");
    for (const auto* f : out.writable) {
      names.push_back(f->name);
      std::string v = cast(b.add(q, Source::Field, f), f->type);
      values.push_back(f->default_sql ? "COALESCE(" + v + ", " + *f->default_sql + ")" : v);
    }
    if (out.has_actor) add_actor(q, names, values);
    q.sql = "INSERT INTO " + e.name + " (" + ddl::join(names) + ") VALUES (" + ddl::join(values) + ")" + returning;
    q.returns_rows = true;
    out.create = q;
  }
  // create_many: one INSERT ... SELECT FROM unnest(arrays), one round trip per batch. Array
  // columns travel as the text of each row's array, since unnest would flatten a 2-D array.
  {
    Query q = b.make("create_many", "CreateMany");
    std::vector<std::string> names, values, arrays, aliases;
    if (e.tenant) {
      b.add(q, Source::Key);
      names.push_back(e.isolation_column);
      values.push_back("$1");
    }
    names.push_back("id");
    values.push_back("u.id");
    arrays.push_back("$" + std::to_string(b.add(q, Source::Ids)) + "::uuid[]");
    aliases.push_back("id");
    for (const auto* f : out.writable) {
      names.push_back(f->name);
      int n = b.add(q, Source::FieldArray, f);
      std::string v;
      if (f->type.array) {
        arrays.push_back("$" + std::to_string(n) + "::text[]");
        v = "u." + f->name + "::" + f->type.sql_unsized();
      } else {
        arrays.push_back("$" + std::to_string(n) + "::" + f->type.sql_unsized() + "[]");
        v = "u." + f->name;
      }
      values.push_back(f->default_sql ? "COALESCE(" + v + ", " + *f->default_sql + ")" : v);
      aliases.push_back(f->name);
    }
    if (out.has_actor) add_actor(q, names, values);
    q.sql = "INSERT INTO " + e.name + " (" + ddl::join(names) + ") SELECT " + ddl::join(values) + " FROM unnest(" +
            ddl::join(arrays) + ") AS u(" + ddl::join(aliases) + ")";
    out.create_many = q;
  }
  {
    Query q = b.make("find", "Find");
    std::string s = b.scope(q, true);
    s = and_join(s, "id = $" + std::to_string(b.add(q, Source::Id)));
    q.sql = select + where(s);
    q.returns_rows = true;
    out.find = q;
  }
  {
    Query q = b.make("find_many", "FindMany");
    std::string s = b.scope(q, true);
    s = and_join(s, "id = ANY($" + std::to_string(b.add(q, Source::Ids)) + "::uuid[])");
    q.sql = select + where(s);
    q.returns_rows = true;
    out.find_many = q;
  }
  // Keyset pages, newest first; a page asks for limit + 1 rows to learn whether more exist.
  const std::string order = out.has_created_at ? " ORDER BY created_at DESC, id DESC" : " ORDER BY id DESC";
  auto keyset = [&](Query& q) {
    if (out.has_created_at) {
      int t = b.add(q, Source::CursorCreatedAt);
      int i = b.add(q, Source::CursorId);
      return "(created_at, id) < ($" + std::to_string(t) + "::timestamptz, $" + std::to_string(i) + "::uuid)";
    }
    return "id < $" + std::to_string(b.add(q, Source::CursorId)) + "::uuid";
  };
  auto limit = [&](Query& q) { return " LIMIT $" + std::to_string(b.add(q, Source::Limit)); };
  {
    Query q = b.make("list", "ListFirst");
    q.name = e.module + "." + e.name + ".list_first";
    std::string s = b.scope(q, true);
    q.sql = select + where(s) + order;
    q.sql += limit(q);
    q.returns_rows = true;
    out.list_first = q;
  }
  {
    Query q = b.make("list", "ListAfter");
    q.name = e.module + "." + e.name + ".list_after";
    std::string s = b.scope(q, true);
    s = and_join(s, keyset(q));
    q.sql = select + where(s) + order;
    q.sql += limit(q);
    q.returns_rows = true;
    out.list_after = q;
  }
  // update: every writable column, updated_at by the statement itself (no triggers).
  auto update = [&](const std::string& method, const std::string& stem, bool optimistic) {
    Query q = b.make(method, stem);
    std::string s = b.scope(q, true);
    s = and_join(s, "id = $" + std::to_string(b.add(q, Source::Id)));
    std::vector<std::string> sets;
    for (const auto* f : out.writable) sets.push_back(f->name + " = " + cast(b.add(q, Source::Field, f), f->type));
    if (out.has_updated_at) sets.push_back("updated_at = now()");
    if (out.has_actor) sets.push_back("updated_by = $" + std::to_string(b.add(q, Source::Actor)) + "::uuid");
    if (optimistic) s = and_join(s, "updated_at = $" + std::to_string(b.add(q, Source::UpdatedAt)) + "::timestamptz");
    q.sql = "UPDATE " + e.name + " SET " + ddl::join(sets) + where(s) + returning;
    q.returns_rows = true;
    return q;
  };
  out.update = update("update", "Update", false);
  if (out.has_updated_at) out.update_if_unchanged = update("update_if_unchanged", "UpdateIfUnchanged", true);
  if (e.soft_delete) {
    auto flip = [&](const std::string& method, const std::string& stem, bool to_deleted) {
      Query q = b.make(method, stem);
      std::vector<std::string> cond;
      if (e.tenant) cond.push_back(e.isolation_column + " = $" + std::to_string(b.add(q, Source::Key)));
      cond.push_back("id = $" + std::to_string(b.add(q, Source::Id)));
      cond.push_back(to_deleted ? "deleted_at IS NULL" : "deleted_at IS NOT NULL");
      std::vector<std::string> sets = {to_deleted ? "deleted_at = now()" : "deleted_at = NULL"};
      if (out.has_updated_at) sets.push_back("updated_at = now()");
      if (out.has_actor) sets.push_back("updated_by = $" + std::to_string(b.add(q, Source::Actor)) + "::uuid");
      q.sql = "UPDATE " + e.name + " SET " + ddl::join(sets) + " WHERE " + ddl::join(cond, " AND ");
      return q;
    };
    out.soft_delete = flip("soft_delete", "SoftDelete", true);
    out.restore = flip("restore", "Restore", false);
  }
  {
    Query q = b.make("purge", "Purge");
    std::string s = b.scope(q, false);
    s = and_join(s, "id = $" + std::to_string(b.add(q, Source::Id)));
    q.sql = "DELETE FROM " + e.name + where(s);
    out.purge = q;
  }
  {
    Query q = b.make("count", "Count");
    q.sql = "SELECT count(*) FROM " + e.name + where(b.scope(q, true));
    q.returns_rows = true;
    out.count = q;
  }
  // find_by_* for each unique column or set.
  auto finder = [&](const std::vector<const model::Field*>& fields, bool nulls_equal) {
    UniqueFinder uf;
    uf.fields = fields;
    uf.method = "find_by";
    for (std::size_t i = 0; i < fields.size(); ++i) uf.method += (i ? "_and_" : "_") + ref_stem(fields[i]->name);
    std::string stem = "FindBy";
    for (std::size_t i = 0; i < fields.size(); ++i) stem += (i ? "And" : "") + naming_stem(fields[i]->name);
    Query q = b.make(uf.method, stem);
    std::string s = b.scope(q, true);
    for (const auto* f : fields) {
      std::string v = cast(b.add(q, Source::Field, f), f->type);
      // Unique sets treat NULLs as equal, and so does their lookup.
      s = and_join(s, f->nullable && nulls_equal ? f->name + " IS NOT DISTINCT FROM " + v : f->name + " = " + v);
    }
    q.sql = select + where(s);
    q.returns_rows = true;
    uf.query = q;
    uf.nulls_equal = nulls_equal;
    out.finders.push_back(uf);
  };
  for (const auto& f : e.fields)
    if (f.unique != model::Field::Unique::No) finder({&f}, false);
  for (const auto& u : e.uniques) {
    std::vector<const model::Field*> fs;
    for (const auto& c : u.columns) fs.push_back(e.field(c));
    finder(fs, true);
  }
  // list_by_* for each ref.
  for (const auto& f : e.fields) {
    if (f.role != ColumnRole::Business || !f.ref) continue;
    RefLister l;
    l.field = &f;
    l.method = "list_by_" + ref_stem(f.name);
    std::string stem = "ListBy" + naming_stem(f.name);
    auto page = [&](const std::string& suffix, bool null_ref, bool after) {
      Query q = b.make(l.method, stem + suffix);
      q.name = e.module + "." + e.name + "." + l.method + "_" + (null_ref ? "null_" : "") + (after ? "after" : "first");
      std::string s = b.scope(q, true);
      s = and_join(s, null_ref ? f.name + " IS NULL" : f.name + " = " + cast(b.add(q, Source::Field, &f), f.type));
      if (after) s = and_join(s, keyset(q));
      q.sql = select + where(s) + order;
      q.sql += limit(q);
      q.returns_rows = true;
      return q;
    };
    l.first = page("First", false, false);
    l.after = page("After", false, true);
    if (f.nullable) {
      l.null_first = page("NullFirst", true, false);
      l.null_after = page("NullAfter", true, true);
    }
    out.listers.push_back(l);
  }
  return out;
}

}  // namespace tenantc
