// Pipeline::run: sends queued statements in libpq pipeline mode, hands each result to its Deferred.
#include "tenantc/pipeline.hpp"

#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "connection_impl.hpp"

namespace tenantc {

Pipeline::Pipeline(Connection& conn) : conn_(&conn.impl()) {}

Pipeline::~Pipeline() = default;

void Pipeline::enqueue(const Statement& statement, Params params,
                       std::unique_ptr<detail::PipelineSink> sink) {
  // Checked here rather than in run(), so the mistake points at the call that made it.
  if (params.size() > 65535) {
    throw std::invalid_argument("tenantc: more than 65535 parameters in one statement");
  }
  conn_->check_same_sql(statement.name, statement.sql);
  auto [it, inserted] = batch_sql_.try_emplace(std::string(statement.name), statement.sql);
  if (!inserted && it->second != statement.sql) {
    throw std::logic_error("tenantc: prepared statement name \"" + it->first +
                           "\" is used for two different SQL texts");
  }
  entries_.push_back(Entry{it->first, it->second, std::move(params), std::move(sink)});
}

Deferred<Result> Pipeline::add(const Statement& statement, Params params) {
  return add<Result>(statement, std::move(params), [](Result&& r) { return std::move(r); });
}

namespace {

// One result the server will send, in order: a statement's preparation or its execution.
struct Expected {
  bool prepare;
  std::size_t entry;
};

std::exception_ptr connection_lost(PGconn* pg) {
  std::string message = PQerrorMessage(pg);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (message.empty()) message = "the connection failed during a pipeline";
  return std::make_exception_ptr(ConnectionError("08006", message));
}

bool is_connection_failure(const PGresult* r) {
  const char* severity = PQresultErrorField(r, PG_DIAG_SEVERITY_NONLOCALIZED);
  return severity &&
         (std::string_view(severity) == "FATAL" || std::string_view(severity) == "PANIC");
}

std::string primary_message(const PGresult* r) {
  const char* m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  return m ? m : "";
}

}  // namespace

void Pipeline::run() {
  succeeded_ = true;
  if (entries_.empty()) return;
  std::vector<Entry> entries = std::move(entries_);
  entries_.clear();
  batch_sql_.clear();
  PGconn* pg = conn_->pg;

  auto fail_from = [&](std::size_t first, const std::exception_ptr& error) {
    succeeded_ = false;
    for (std::size_t i = first; i < entries.size(); ++i) entries[i].sink->fail(error);
  };
  // After a connection failure: fill what is left, leave pipeline mode if libpq still lets us,
  // and report the failure to the caller as well.
  auto abandon = [&](std::size_t first, std::exception_ptr error = nullptr) {
    if (!error) error = connection_lost(pg);
    fail_from(first, error);
    // Read until libpq sees the end of the connection (or, were it still alive, the end of the
    // results), so that later calls report the lost connection rather than pipeline mode.
    for (int nulls = 0; nulls < 2 && PQstatus(pg) != CONNECTION_BAD;) {
      if (PGresult* r = PQgetResult(pg)) {
        PQclear(r);
        nulls = 0;
      } else {
        ++nulls;
      }
    }
    PQexitPipelineMode(pg);
    std::rethrow_exception(error);
  };

  if (PQpipelineStatus(pg) != PQ_PIPELINE_OFF) {
    fail_from(0, std::make_exception_ptr(std::logic_error("tenantc: pipeline already active")));
    throw std::logic_error("tenantc::Pipeline::run: the connection is already in pipeline mode");
  }
  if (PQenterPipelineMode(pg) != 1) abandon(0);

  // Send everything. A statement is prepared right before its first use rather than all up
  // front, so that one with bad SQL only aborts what follows it. libpq buffers while it sends
  // and reads incoming results into memory when the socket is full, so a long pipeline cannot
  // deadlock against the server's output.
  std::vector<Expected> expected;
  expected.reserve(entries.size() + 8);
  std::unordered_map<std::string_view, std::string> preparing;  // name -> server name
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Entry& e = entries[i];
    const std::string* server_name = nullptr;
    if (auto known = conn_->prepared.find(e.name); known != conn_->prepared.end()) {
      server_name = &known->second.server_name;
    } else if (auto queued = preparing.find(e.name); queued != preparing.end()) {
      server_name = &queued->second;
    } else {
      server_name = &preparing.emplace(e.name, server_statement_name(e.name)).first->second;
      // Nothing has been read yet, so every entry is left to fail.
      if (PQsendPrepare(pg, server_name->c_str(), e.sql.c_str(), 0, nullptr) != 1) abandon(0);
      expected.push_back({true, i});
    }
    auto values = e.params.c_values();
    if (PQsendQueryPrepared(pg, server_name->c_str(), static_cast<int>(values.size()),
                            values.data(), nullptr, nullptr, 0) != 1) {
      abandon(0);
    }
    expected.push_back({false, i});
  }
  if (PQpipelineSync(pg) != 1) abandon(0);

  // Read the results in the order sent. Each statement's result is followed by a null.
  std::string first_error;  // the message that caused the rest to be aborted
  std::unordered_map<std::string_view, std::exception_ptr> prepare_errors;
  for (const Expected& x : expected) {
    Entry& e = entries[x.entry];
    PGresult* raw = PQgetResult(pg);
    if (!raw) abandon(x.entry);
    Result result(raw);
    while (PGresult* extra = PQgetResult(pg)) PQclear(extra);
    ExecStatusType status = PQresultStatus(raw);

    if (x.prepare) {
      if (status == PGRES_COMMAND_OK) {
        conn_->prepared.emplace(e.name, PreparedStatement{e.sql, preparing.at(e.name)});
      } else if (status == PGRES_FATAL_ERROR) {
        if (PQstatus(pg) == CONNECTION_BAD) abandon(x.entry);
        prepare_errors.emplace(e.name, make_db_error(raw, pg));
        if (first_error.empty()) first_error = primary_message(raw);
      }
      // PGRES_PIPELINE_ABORTED: skipped after an earlier failure; its uses report that.
      continue;
    }

    switch (status) {
      case PGRES_TUPLES_OK:
      case PGRES_COMMAND_OK:
        if (!e.sink->complete(std::move(result))) succeeded_ = false;
        break;
      case PGRES_PIPELINE_ABORTED: {
        succeeded_ = false;
        auto prepared = prepare_errors.find(e.name);
        if (prepared != prepare_errors.end()) {
          e.sink->fail(prepared->second);  // its own statement failed to prepare
        } else {
          e.sink->fail(std::make_exception_ptr(PipelineAborted(
              "", "tenantc: not run because an earlier statement in the same pipeline failed" +
                      (first_error.empty() ? std::string() : ": " + first_error))));
        }
        break;
      }
      default: {
        if (PQstatus(pg) == CONNECTION_BAD) abandon(x.entry);
        auto error = make_db_error(raw, pg);
        // A FATAL error ends the session (the server closes it next): what follows was not
        // skipped for this statement's sake but lost with the connection.
        if (is_connection_failure(raw)) abandon(x.entry, error);
        succeeded_ = false;
        e.sink->fail(error);
        if (first_error.empty()) first_error = primary_message(raw);
        break;
      }
    }
  }
  PGresult* sync = PQgetResult(pg);
  bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!synced || PQexitPipelineMode(pg) != 1) {
    auto error = connection_lost(pg);
    std::rethrow_exception(error);
  }
}

}  // namespace tenantc
