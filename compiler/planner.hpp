// Planned changes: the ordered, typed steps that take the database from one catalog to
// another, each with the statements that do it (Up) and undo it (Down).
#pragma once

#include <string>
#include <vector>

#include "catalog.hpp"

namespace tenantc {

struct Change {
  enum class Kind { CreateEnum, CreateTable, AddForeignKey, CreateIndex };
  Kind kind;
  std::string subject;            // the object's name, for messages
  std::vector<std::string> up;    // statements, no trailing semicolon
  std::vector<std::string> down;  // statements that undo `up`, in the order they run
};

struct Plan {
  std::vector<Change> changes;

  bool empty() const { return changes.empty(); }
  std::vector<std::string> up() const;
  // Each change's Down, last change first: the exact inverse of up().
  std::vector<std::string> down() const;
  // One line for the migration's `-- Purpose:` header.
  std::string purpose() const;
};

// The plan that builds `target` in an empty database: enum types, tables in dependency
// order (foreign keys inline where their target exists, added afterwards for cycles),
// comments, then indexes.
Plan plan_create(const catalog::Schema& target);

// Every statement is run through PostgreSQL's parser; one that fails is a bug in tenantc,
// reported as an InternalError before any file is written.
void verify_statements(const std::vector<std::string>& statements);

}  // namespace tenantc
