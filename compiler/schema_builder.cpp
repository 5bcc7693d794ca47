// Model -> catalog. The index set is derived here: one index per query shape the
// repositories generate and per foreign key, then any index that is a prefix of another
// with the same predicate is folded into the longer one.
#include "schema_builder.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "naming.hpp"
#include "queries.hpp"

namespace tenantc {

namespace {

using catalog::ConstraintKind;
using catalog::IndexKey;
using model::ColumnRole;

std::string on_delete_sql(model::OnDelete d) {
  switch (d) {
    case model::OnDelete::Cascade: return "CASCADE";
    case model::OnDelete::SetNull: return "SET NULL";
    case model::OnDelete::Restrict: return "RESTRICT";
    case model::OnDelete::NoAction: return "";
  }
  return "";
}

std::string list_method_name(const std::string& field) {
  std::string base = field;
  if (base.size() > 3 && base.substr(base.size() - 3) == "_id") base.resize(base.size() - 3);
  return "list_by_" + base;
}

// Index names are relation names: unique across the whole schema.
class NameTable {
 public:
  // A taken name gets a number before its kind suffix: orders_status_idx, orders_status1_idx.
  std::string claim(const std::string& wanted) {
    std::string name = naming::fit_identifier(wanted);
    auto cut = wanted.rfind('_');
    std::string base = cut == std::string::npos ? wanted : wanted.substr(0, cut);
    std::string kind = cut == std::string::npos ? "" : wanted.substr(cut);
    for (int i = 1; used_.count(name); ++i) name = naming::fit_identifier(base + std::to_string(i) + kind);
    used_.insert(name);
    return name;
  }
  void reserve(const std::string& name) { used_.insert(name); }

 private:
  std::set<std::string> used_;
};

struct Candidate {
  catalog::Index index;
  std::string lead;              // the isolation column: always compared by equality
  bool keep = false;             // unique or primary key: never folded away
  std::string owner_constraint;  // the PK / UNIQUE constraint whose own index this is
};

std::vector<IndexKey> mirrored(std::vector<IndexKey> keys) {
  for (auto& k : keys) k.desc = !k.desc;
  return keys;
}

bool is_prefix(const std::vector<IndexKey>& a, const std::vector<IndexKey>& b) {
  if (a.size() > b.size()) return false;
  return std::equal(a.begin(), a.end(), b.begin());
}

// The isolation column is always matched by equality, so its order never matters.
std::vector<IndexKey> normalized(std::vector<IndexKey> keys, const std::string& lead) {
  if (!keys.empty() && !lead.empty() && keys.front().column == lead) keys.front().desc = false;
  return keys;
}

std::vector<IndexKey> keys_of(const std::vector<std::string>& cols) {
  std::vector<IndexKey> out;
  for (const auto& c : cols) out.push_back({c, false});
  return out;
}

std::vector<std::string> column_names(const std::vector<IndexKey>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(k.column);
  return out;
}

// Tables after the tables they reference (self references and cycles aside), otherwise in
// declared order, so the DDL reads top-down and foreign keys can be written inline.
std::vector<const model::Entity*> creation_order(const model::Project& p) {
  std::vector<const model::Entity*> out;
  std::set<std::string> placed;
  std::vector<const model::Entity*> pending;
  for (const auto& e : p.entities) pending.push_back(&e);
  auto waits_for = [&](const model::Entity* e) {
    std::vector<std::string> out;
    for (const auto& f : e->fields)
      if (f.ref && f.ref->table != e->name && !placed.count(f.ref->table) && p.entity(f.ref->table))
        out.push_back(f.ref->table);
    return out;
  };
  // Whether `start` reaches itself through tables not yet created: it is on a cycle.
  auto on_cycle = [&](const model::Entity* start) {
    std::vector<std::string> stack = waits_for(start);
    std::set<std::string> seen;
    while (!stack.empty()) {
      std::string t = stack.back();
      stack.pop_back();
      if (t == start->name) return true;
      if (!seen.insert(t).second) continue;
      for (const auto& next : waits_for(p.entity(t))) stack.push_back(next);
    }
    return false;
  };
  while (!pending.empty()) {
    auto it = std::find_if(pending.begin(), pending.end(), [&](const auto* e) { return waits_for(e).empty(); });
    // Nothing is free: break the first cycle; its remaining refs become ALTER TABLE later.
    if (it == pending.end()) it = std::find_if(pending.begin(), pending.end(), on_cycle);
    if (it == pending.end()) it = pending.begin();
    out.push_back(*it);
    placed.insert((*it)->name);
    pending.erase(it);
  }
  return out;
}

}  // namespace

catalog::Schema build_schema(const model::Project& project) {
  catalog::Schema schema;
  NameTable names;
  for (const auto& e : project.entities) {
    names.reserve(e.name);
    // Names the YAML gives win over derived ones, which take a number when they clash.
    for (const auto& d : e.indexes) names.reserve(d.name);
    for (const auto& u : e.uniques) names.reserve(u.name);
  }
  for (const auto& en : project.enums) {
    schema.enums.push_back({en.name, en.values, en.description, en.renamed_from, en.value_renamed_from});
    names.reserve(en.name);
  }

  std::vector<Candidate> candidates;
  for (const auto* ep : creation_order(project)) {
    const auto& e = *ep;
    catalog::Table t;
    t.name = e.name;
    t.renamed_from = e.renamed_from;
    t.comment = e.description;
    const std::string& iso = e.isolation_column;
    const bool has_created_at = e.field("created_at") != nullptr;
    const std::string live = e.soft_delete ? "deleted_at IS NULL" : "";

    for (const auto& f : e.fields) {
      catalog::Column c;
      c.name = f.name;
      c.type = f.type.sql();
      c.not_null = !f.nullable;
      c.default_expr = f.default_sql.value_or("");
      c.generated = f.generated.value_or("");
      c.comment = f.description;
      c.renamed_from = f.renamed_from;
      t.columns.push_back(c);
    }

    // Primary key: (isolation column, id) so every lookup is one probe and foreign keys
    // can carry the tenant.
    catalog::Constraint pk;
    pk.kind = ConstraintKind::PrimaryKey;
    pk.name = naming::primary_key_name(e.name);
    pk.columns = e.tenant ? std::vector<std::string>{iso, "id"} : std::vector<std::string>{"id"};
    pk.serves = {e.soft_delete ? "primary key: find, find_many, update, soft_delete, restore, purge"
                               : "primary key: find, find_many, update, purge"};
    if (e.tenant) pk.serves.push_back("foreign key " + naming::foreign_key_name(e.name, iso));
    names.reserve(pk.name);
    t.constraints.push_back(pk);
    candidates.push_back({catalog::Index{pk.name, e.name, "btree", true, false, keys_of(pk.columns), "", pk.serves}, iso, true, pk.name});

    // Foreign keys: the isolation column, refs, audit columns.
    for (const auto& f : e.fields) {
      if (!f.ref || f.ref->table.empty() || !project.entity(f.ref->table)) continue;
      catalog::Constraint fk;
      fk.kind = ConstraintKind::ForeignKey;
      fk.name = naming::foreign_key_name(e.name, f.name);
      fk.ref_table = f.ref->table;
      fk.on_delete = on_delete_sql(f.ref->on_delete);
      if (f.role == ColumnRole::Isolation) {
        fk.columns = {f.name};
        fk.ref_columns = {"id"};
        fk.serves = {"tenancy: rows go with their " + f.ref->table + " row"};
      } else if (f.ref->same_tenant) {
        // Composite: the database itself refuses a ref into another tenant.
        fk.columns = {iso, f.name};
        fk.ref_columns = {iso, "id"};
        if (f.ref->on_delete == model::OnDelete::SetNull) fk.set_null_columns = {f.name};
      } else {
        fk.columns = {f.name};
        fk.ref_columns = {"id"};
      }
      t.constraints.push_back(fk);

      if (f.role == ColumnRole::Isolation) continue;  // the primary key leads with it
      // The foreign key's checks (a delete of the target row) probe by the key's columns,
      // deleted rows included; list_by_<ref> reads one tenant's live rows newest first. When
      // the key holds the tenant, one index serves both.
      const bool business = f.role == ColumnRole::Business;
      const bool key_leads_with_tenant = e.tenant && fk.columns.front() == iso;
      catalog::Index ix;
      ix.table = e.name;
      for (const auto& c : fk.columns) ix.keys.push_back({c, false});
      ix.serves = {"foreign key " + fk.name};
      if (business && !key_leads_with_tenant) {
        candidates.push_back({ix, iso, false, ""});
        ix.keys.clear();
        ix.serves.clear();
        if (e.tenant) ix.keys.push_back({iso, false});
        ix.keys.push_back({f.name, false});
      }
      if (business) {
        if (has_created_at) ix.keys.push_back({"created_at", true});
        ix.keys.push_back({"id", true});
        ix.serves.push_back(list_method_name(f.name));
      }
      candidates.push_back({ix, iso, false, ""});
    }

    // Unique columns and sets: per tenant unless global; among live rows on soft-delete
    // entities, so a deleted row never blocks a new one.
    // A unique set treats NULLs as equal (the spec); a single unique field does not, so that
    // any number of rows may leave an optional unique column (an e-mail, say) empty.
    struct UniqueSpec {
      std::vector<std::string> columns;
      bool global;
      std::string name;
      std::string method;
      bool nulls_equal;
    };
    std::vector<UniqueSpec> uniques;
    for (const auto& f : e.fields) {
      if (f.unique == model::Field::Unique::No) continue;
      uniques.push_back({{f.name}, f.unique == model::Field::Unique::Global || !e.tenant, "", "find_by_" + ref_stem(f.name), false});
    }
    for (const auto& u : e.uniques) {
      std::string method = "find_by_";
      for (std::size_t i = 0; i < u.columns.size(); ++i) method += (i ? "_and_" : "") + ref_stem(u.columns[i]);
      uniques.push_back({u.columns, u.global || !e.tenant, u.name, method, true});
    }
    for (const auto& u : uniques) {
      std::vector<std::string> cols;
      if (!u.global && e.tenant) cols.push_back(iso);
      cols.insert(cols.end(), u.columns.begin(), u.columns.end());
      std::string name = u.name.empty() ? naming::unique_name(e.name, cols) : u.name;
      std::vector<std::string> serves = {std::string(u.global ? "unique across tenants" : "unique per tenant") +
                                         (live.empty() ? "" : " among live rows") + ": " + u.method};
      if (live.empty()) {
        catalog::Constraint uc;
        uc.kind = ConstraintKind::Unique;
        uc.name = u.name.empty() ? names.claim(name) : name;
        uc.columns = cols;
        uc.nulls_not_distinct = u.nulls_equal;
        uc.serves = serves;
        t.constraints.push_back(uc);
        candidates.push_back({catalog::Index{uc.name, e.name, "btree", true, u.nulls_equal, keys_of(cols), "", serves}, iso, true, uc.name});
      } else {
        candidates.push_back({catalog::Index{u.name.empty() ? names.claim(name) : name, e.name, "btree", true, u.nulls_equal, keys_of(cols), live, serves}, iso, true, ""});
      }
    }

    // Checks: field checks, percentage ranges, declared checks.
    for (const auto& f : e.fields) {
      if (f.type.flavor == model::NumericFlavor::Percentage && !f.type.array) {
        catalog::Constraint c;
        c.kind = ConstraintKind::Check;
        c.name = naming::range_check_name(e.name, f.name);
        c.expression = f.name + " BETWEEN 0 AND 100";
        t.constraints.push_back(c);
      }
      if (f.check) {
        catalog::Constraint c;
        c.kind = ConstraintKind::Check;
        c.name = naming::check_name(e.name, f.name);
        c.expression = *f.check;
        t.constraints.push_back(c);
      }
    }
    for (const auto& ck : e.checks) {
      catalog::Constraint c;
      c.kind = ConstraintKind::Check;
      c.name = ck.name;
      c.expression = ck.expression;
      t.constraints.push_back(c);
    }

    // The list query: newest first, keyset on (created_at, id).
    {
      catalog::Index ix;
      ix.table = e.name;
      if (e.tenant) ix.keys.push_back({iso, false});
      if (has_created_at) ix.keys.push_back({"created_at", true});
      ix.keys.push_back({"id", true});
      ix.where = live;
      ix.serves = {"list, count"};
      candidates.push_back({ix, iso, false, ""});
    }
    if (e.soft_delete) {
      catalog::Index ix;
      ix.table = e.name;
      if (e.tenant) ix.keys.push_back({iso, false});
      ix.keys.push_back({"deleted_at", false});
      ix.where = "deleted_at IS NOT NULL";
      ix.serves = {"soft-deleted rows (restore, purge jobs)"};
      candidates.push_back({ix, iso, false, ""});
    }
    for (const auto& d : e.indexes) {
      catalog::Index ix;
      ix.table = e.name;
      ix.method = d.method;
      ix.unique = d.unique;
      ix.where = d.where;
      if (d.method == "btree" && e.tenant && (d.columns.empty() || d.columns.front().column != iso))
        ix.keys.push_back({iso, false});
      for (const auto& c : d.columns) ix.keys.push_back({c.column, c.desc});
      ix.name = d.name;
      ix.serves = {"declared in module " + e.module};
      candidates.push_back({ix, iso, d.unique, ""});
    }
    schema.tables.push_back(std::move(t));
  }

  // Fold redundant indexes: an unnamed, non-unique btree whose keys are a prefix of another
  // btree on the same table (or of its mirror image: a btree scans both ways) is dropped,
  // and what it served moves to the longer one. The longer index must have the same
  // predicate or none, since only then does it hold every row the shorter one did.
  auto droppable = [](const Candidate& c) {
    return !c.keep && c.index.method == "btree" && !c.index.unique && c.index.name.empty();
  };
  std::vector<bool> dropped(candidates.size(), false);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!droppable(candidates[i])) continue;
    auto& a = candidates[i].index;
    for (std::size_t j = 0; j < candidates.size(); ++j) {
      if (i == j || dropped[j]) continue;
      auto& b = candidates[j].index;
      if (b.table != a.table || b.method != "btree" || !(b.where == a.where || b.where.empty())) continue;
      const auto& lead = candidates[i].lead;
      auto bk = normalized(b.keys, lead);
      if (!is_prefix(normalized(a.keys, lead), bk) && !is_prefix(normalized(mirrored(a.keys), lead), bk)) continue;
      // Of two identical droppable indexes, the first one declared stays.
      if (a.keys.size() == b.keys.size() && droppable(candidates[j]) && b.where == a.where && j > i) continue;
      dropped[i] = true;
      b.serves.insert(b.serves.end(), a.serves.begin(), a.serves.end());
      break;
    }
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (dropped[i]) continue;
    auto& ix = candidates[i].index;
    if (!candidates[i].owner_constraint.empty()) {
      // A PRIMARY KEY or UNIQUE constraint owns this index; the report reads it from there.
      for (auto& t : schema.tables)
        for (auto& c : t.constraints)
          if (t.name == ix.table && c.name == candidates[i].owner_constraint) c.serves = ix.serves;
      continue;
    }
    if (ix.name.empty())
      ix.name = names.claim(naming::index_name(ix.table, column_names(ix.keys)));
    else
      names.reserve(ix.name);
    schema.indexes.push_back(ix);
  }
  return schema;
}

}  // namespace tenantc
