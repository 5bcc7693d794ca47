// C++ emitter. It computes names, types and parameter lists from the model and the query
// set; the templates in templates/cpp_*.mustache hold the code's shape.
#include "cpp_emitter.hpp"

#include <filesystem>
#include <set>

#include "ddl.hpp"
#include "naming.hpp"
#include "queries.hpp"
#include "templates.hpp"

namespace tenantc {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using model::ColumnRole;
using Source = QueryParam::Source;

const char* kIdsHeader = "tenantc_ids.hpp";

std::string cpp_namespace(const model::Project& p, const std::string& module) {
  return p.settings.cpp_namespace + "::" + naming::cpp_identifier(module);
}

std::string id_type(const model::Project& p, const model::Entity& e) {
  return cpp_namespace(p, e.module) + "::" + e.cpp_name + "Id";
}

std::string enum_type(const model::Project& p, const model::Type& t) {
  return cpp_namespace(p, t.enum_module) + "::" + naming::pascal_case(t.enum_name);
}

// A description as comment lines: one list item per line, trailing blanks dropped, so a
// multi-line YAML description stays inside the comment.
list doc_lines(const std::string& text) {
  list out;
  std::vector<std::string> lines;
  std::string line;
  for (char c : text + "\n") {
    if (c != '\n') {
      line += c;
      continue;
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
    lines.push_back(line);
    line.clear();
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (const auto& l : lines) out.push_back(data(l));
  return out;
}

std::string escape_string(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string source_of(const model::Project& p, const std::string& module) {
  for (const auto& m : p.modules)
    if (m.name == module) return p.settings.schemas_dir + "/" + std::filesystem::path(m.file).filename().string();
  return p.settings.schemas_dir;
}

// Names a generated function uses for its own variables; a parameter so named gets `_value`.
std::string param_name(const std::string& field) {
  static const std::set<std::string> taken = {"tenant", "p", "page", "limit", "pipe", "actor", "ids", "id",
                                              "row", "rows", "result", "conn_"};
  std::string n = naming::cpp_identifier(field);
  return taken.count(n) ? n + "_value" : n;
}

class EntityEmitter {
 public:
  EntityEmitter(const model::Project& p, const model::Entity& e) : p_(p), e_(e), q_(build_queries(p, e)) {
    const auto* users = p.entity(p.settings.users_table);
    actor_type_ = users ? id_type(p, *users) : "tenantc::Uuid";
    if (e.tenant) {
      const auto* tenancy = p.entity(e.tenancy_table);
      key_type_ = tenancy ? id_type(p, *tenancy) : "tenantc::Uuid";
    }
  }

  // The C++ type of a column's non-null value.
  std::string value_type(const model::Field& f) const {
    switch (f.role) {
      case ColumnRole::Id: return id_type(p_, e_);
      case ColumnRole::Isolation: return key_type_;
      case ColumnRole::CreatedBy:
      case ColumnRole::UpdatedBy: return actor_type_;
      default: break;
    }
    if (f.ref) {
      if (const auto* target = p_.entity(f.ref->table)) return id_type(p_, *target);
    }
    if (f.type.scalar == model::Scalar::Enum) {
      std::string t = enum_type(p_, f.type);
      return f.type.array ? "std::vector<" + t + ">" : t;
    }
    return f.type.cpp();
  }

  std::string full_type(const model::Field& f) const {
    return f.nullable ? "std::optional<" + value_type(f) + ">" : value_type(f);
  }

  // NewX: a column with a default (or nullable) is optional; empty takes the default.
  std::string new_type(const model::Field& f) const {
    return f.nullable || f.default_sql ? "std::optional<" + value_type(f) + ">" : value_type(f);
  }

  // A single unique field is looked up by a value; a set may match NULL to NULL.
  std::string finder_type(const UniqueFinder& f, const model::Field& field) const {
    return f.nulls_equal ? full_type(field) : value_type(field);
  }

  // A find_by_* method's name and parameter list, shared by header and source.
  data finder_data(const UniqueFinder& f) const {
    data fd;
    fd.set("method", f.method);
    std::vector<std::string> params;
    for (const auto* field : f.fields) params.push_back("const " + finder_type(f, *field) + "& " + param_name(field->name));
    fd.set("params", ddl::join(params));
    return fd;
  }

  std::string key_decl() const { return e_.tenant ? key_type_ + " tenant" : "tenantc::Unscoped"; }
  std::string key_arg() const { return e_.tenant ? "tenant, " : "tenantc::unscoped, "; }
  std::string actor_decl(bool with_default) const {
    if (!q_.has_actor) return "";
    return ", std::optional<" + actor_type_ + "> actor" + (with_default ? " = std::nullopt" : "");
  }

  std::vector<std::string> binds(const Query& q, const std::string& row_prefix, const std::string& id_expr) const {
    std::vector<std::string> out;
    for (const auto& prm : q.params) {
      switch (prm.source) {
        case Source::Key: out.push_back("tenant"); break;
        case Source::Id: out.push_back(id_expr); break;
        case Source::Field:
          out.push_back(row_prefix.empty() ? param_name(prm.field->name)
                                           : row_prefix + naming::cpp_identifier(prm.field->name));
          break;
        case Source::FieldArray: out.push_back("col_" + prm.field->name); break;
        case Source::Actor: out.push_back("actor"); break;
        case Source::UpdatedAt: out.push_back("row.updated_at"); break;
        case Source::Ids: out.push_back("ids"); break;
        case Source::CursorCreatedAt:
        case Source::CursorId:
        case Source::Limit: break;  // bound by add_cursor and the page limit
      }
    }
    return out;
  }

  data binder(const std::string& name, const std::string& params, const std::vector<std::string>& b) const {
    data d;
    d.set("name", name);
    d.set("params", params);
    list l;
    for (const auto& x : b) l.push_back(data(x));
    d.set("binds", l);
    return d;
  }

  data common() const {
    data d;
    d.set("source", source_of(p_, e_.module));
    d.set("namespace", cpp_namespace(p_, e_.module));
    d.set("table", e_.name);
    d.set("row", e_.cpp_name);
    d.set("new_row", "New" + e_.cpp_name);
    d.set("id_type", e_.cpp_name + "Id");
    d.set("repository", e_.cpp_name + "Repository");
    d.set("key_decl", key_decl());
    d.set("key_def", key_decl());
    d.set("key_arg", key_arg());
    d.set("key_what", e_.tenant ? "tenant" : "tenantc::unscoped tag");
    d.set("actor_decl", actor_decl(true));
    d.set("actor_def", actor_decl(false));
    d.set("actor_arg", q_.has_actor ? ", actor" : "");
    d.set("tenant", e_.tenant);
    d.set("soft_delete", e_.soft_delete);
    d.set("has_updated_at", q_.has_updated_at);
    d.set("has_created_at", q_.has_created_at);
    d.set("description", doc_lines(e_.description));
    return d;
  }

  std::string header_path() const { return e_.module + "/" + e_.name + ".hpp"; }

  std::string header() const {
    data d = common();
    std::set<std::string> includes = {kIdsHeader};
    list fields, new_fields;
    for (const auto& f : e_.fields) {
      if (f.type.scalar == model::Scalar::Enum) includes.insert(f.type.enum_module + "/" + f.type.enum_name + ".hpp");
      data fd;
      fd.set("member", naming::cpp_identifier(f.name));
      fd.set("type", full_type(f));
      std::string doc = f.description;
      if (f.generated) doc += std::string(doc.empty() ? "" : "\n") + "Computed by the database: " + *f.generated;
      fd.set("doc", doc_lines(doc));
      fields.push_back(fd);
    }
    for (const auto* f : q_.writable) {
      data fd;
      fd.set("member", naming::cpp_identifier(f->name));
      fd.set("type", new_type(*f));
      new_fields.push_back(fd);
    }
    list inc;
    for (const auto& i : includes) inc.push_back(data(i));
    d.set("includes", inc);
    d.set("fields", fields);
    d.set("new_fields", new_fields);
    list constants;
    for (const auto* q : q_.all()) {
      data c;
      c.set("name", q->constant);
      c.set("sql", escape_string(q->sql));
      constants.push_back(c);
    }
    d.set("constants", constants);
    list finders, listers;
    for (const auto& f : q_.finders) finders.push_back(finder_data(f));
    for (const auto& l : q_.listers) {
      data ld;
      ld.set("method", l.method);
      ld.set("ref_type", full_type(*l.field));
      ld.set("param", param_name(l.field->name));
      listers.push_back(ld);
    }
    d.set("finders", finders);
    d.set("listers", listers);
    return templates::render("cpp_entity_header", d);
  }

  std::string source() const {
    data d = common();
    d.set("header", header_path());
    list statements;
    for (const auto* q : q_.all()) {
      data s;
      s.set("var", q->constant.substr(0, q->constant.size() - 3));  // kFindSql -> kFind
      s.set("name", q->name);
      s.set("constant", q->constant);
      statements.push_back(s);
    }
    d.set("statements", statements);
    list fields;
    int index = 0;
    for (const auto& f : e_.fields) {
      data fd;
      fd.set("member", naming::cpp_identifier(f.name));
      fd.set("getter", f.nullable ? "get_optional" : "get");
      fd.set("value_type", value_type(f));
      fd.set("index", std::to_string(index++));
      fields.push_back(fd);
    }
    d.set("fields", fields);
    d.set("next_cursor", q_.has_created_at ? "tenantc::Cursor::at(last.created_at, last.id.value())"
                                           : "tenantc::Cursor::at(last.id.value())");
    const std::string key = key_decl();
    const std::string actor = actor_decl(false);
    const std::string new_row = "New" + e_.cpp_name;
    const std::string id = e_.cpp_name + "Id";
    list binders;
    binders.push_back(binder("create_params", key + ", const " + new_row + "& row" + actor, binds(q_.create, "row.", "row.id")));
    binders.push_back(binder("find_params", key + ", " + id + " id", binds(q_.find, "", "id")));
    binders.push_back(binder("update_params", key + ", const " + e_.cpp_name + "& row" + actor, binds(q_.update, "row.", "row.id")));
    if (q_.has_updated_at)
      binders.push_back(binder("update_if_unchanged_params", key + ", const " + e_.cpp_name + "& row" + actor,
                               binds(q_.update_if_unchanged, "row.", "row.id")));
    if (e_.soft_delete) {
      binders.push_back(binder("soft_delete_params", key + ", " + id + " id" + actor, binds(q_.soft_delete, "", "id")));
      binders.push_back(binder("restore_params", key + ", " + id + " id" + actor, binds(q_.restore, "", "id")));
    }
    binders.push_back(binder("purge_params", key + ", " + id + " id", binds(q_.purge, "", "id")));
    d.set("binders", binders);

    list many_columns, many_binds;
    for (const auto* f : q_.writable) {
      data c;
      c.set("var", "col_" + f->name);
      std::string member = "row." + naming::cpp_identifier(f->name);
      if (f->type.array) {
        // Array columns travel as the text of each row's array (see queries.cpp).
        std::string codec = "tenantc::Codec<" + value_type(*f) + ">::encode";
        c.set("element", "std::optional<std::string>");
        c.set("value", f->nullable || f->default_sql
                           ? member + " ? std::optional<std::string>(" + codec + "(*" + member + ")) : std::nullopt"
                           : "std::optional<std::string>(" + codec + "(" + member + "))");
      } else {
        c.set("element", new_type(*f));
        c.set("value", member);
      }
      many_columns.push_back(c);
    }
    for (const auto& b : binds(q_.create_many, "row.", "ids")) many_binds.push_back(data(b));
    d.set("many_columns", many_columns);
    d.set("many_binds", many_binds);

    list finders, listers;
    for (const auto& f : q_.finders) {
      data fd = finder_data(f);
      list b;
      for (const auto& x : binds(f.query, "", "id")) b.push_back(data(x));
      fd.set("binds", b);
      fd.set("statement", f.query.constant.substr(0, f.query.constant.size() - 3));
      finders.push_back(fd);
    }
    for (const auto& l : q_.listers) {
      data ld;
      ld.set("method", l.method);
      ld.set("ref_type", full_type(*l.field));
      ld.set("param", param_name(l.field->name));
      ld.set("nullable", l.field->nullable);
      auto var = [](const Query& q) { return q.constant.substr(0, q.constant.size() - 3); };
      ld.set("first", var(l.first));
      ld.set("after", var(l.after));
      if (l.field->nullable) {
        ld.set("null_first", var(l.null_first));
        ld.set("null_after", var(l.null_after));
      }
      listers.push_back(ld);
    }
    d.set("finders", finders);
    d.set("listers", listers);
    return templates::render("cpp_entity_source", d);
  }

 private:
  const model::Project& p_;
  const model::Entity& e_;
  EntityQueries q_;
  std::string actor_type_;
  std::string key_type_;
};

}  // namespace

std::map<std::string, std::string> emit_cpp(const model::Project& p) {
  std::map<std::string, std::string> files;
  std::string sources;
  for (const auto& m : p.modules)
    sources += (sources.empty() ? "" : ", ") + std::filesystem::path(m.file).filename().string();
  sources = p.settings.schemas_dir + "/{" + sources + "}";

  list ids;
  for (const auto& e : p.entities) {
    data d;
    d.set("namespace", cpp_namespace(p, e.module));
    d.set("type", e.cpp_name + "Id");
    d.set("qualified", id_type(p, e));
    d.set("table", e.name);
    ids.push_back(d);
  }
  data idd;
  idd.set("sources", sources);
  idd.set("ids", ids);
  files[kIdsHeader] = templates::render("cpp_ids", idd);
  files[".clang-format"] = templates::render("cpp_clang_format", data());

  for (const auto& en : p.enums) {
    data d;
    d.set("source", source_of(p, en.module));
    d.set("namespace", cpp_namespace(p, en.module));
    d.set("type", naming::pascal_case(en.name));
    d.set("qualified", cpp_namespace(p, en.module) + "::" + naming::pascal_case(en.name));
    d.set("name", en.name);
    d.set("description", doc_lines(en.description));
    list values;
    for (const auto& v : en.values) {
      data vd;
      vd.set("value", v);
      vd.set("member", naming::cpp_identifier(v));
      values.push_back(vd);
    }
    d.set("values", values);
    files[en.module + "/" + en.name + ".hpp"] = templates::render("cpp_enum", d);
  }
  for (const auto& e : p.entities) {
    EntityEmitter em(p, e);
    files[em.header_path()] = em.header();
    files[e.module + "/" + e.name + ".cpp"] = em.source();
  }
  for (const auto& m : p.modules) {
    data d;
    d.set("source", source_of(p, m.name));
    d.set("module", m.name);
    d.set("description", doc_lines(m.description));
    list headers;
    for (const auto& en : m.enums) headers.push_back(data(m.name + "/" + en + ".hpp"));
    for (const auto& en : m.entities) headers.push_back(data(m.name + "/" + en + ".hpp"));
    d.set("headers", headers);
    files[m.name + ".hpp"] = templates::render("cpp_module", d);
  }
  return files;
}

}  // namespace tenantc
