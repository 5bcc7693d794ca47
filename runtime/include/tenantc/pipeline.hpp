// libpq pipeline mode: queue many statements, send them in one round trip, read results later.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tenantc/codec.hpp"
#include "tenantc/connection.hpp"

namespace tenantc {

namespace detail {
template <class T>
struct DeferredState {
  std::optional<T> value;
  std::exception_ptr error;
  bool done = false;
};

// What the pipeline calls with one statement's outcome; the template below decodes into a
// Deferred's state.
class PipelineSink {
 public:
  virtual ~PipelineSink() = default;
  // False when decoding failed (the error is then stored).
  virtual bool complete(Result&& result) noexcept = 0;
  virtual void fail(std::exception_ptr error) noexcept = 0;
};

template <class T, class Decode>
class DecodingSink final : public PipelineSink {
 public:
  DecodingSink(std::shared_ptr<DeferredState<T>> state, Decode decode)
      : state_(std::move(state)), decode_(std::move(decode)) {}
  bool complete(Result&& result) noexcept override {
    try {
      state_->value.emplace(std::invoke(decode_, std::move(result)));
    } catch (...) {
      state_->error = std::current_exception();
    }
    state_->done = true;
    return state_->error == nullptr;
  }
  void fail(std::exception_ptr error) noexcept override {
    state_->error = std::move(error);
    state_->done = true;
  }

 private:
  std::shared_ptr<DeferredState<T>> state_;
  Decode decode_;
};
}  // namespace detail

// The outcome of one pipelined statement, available once its Pipeline has run. Copies share it.
template <class T>
class Deferred {
 public:
  Deferred() = default;  // never filled: get() throws std::logic_error

  // The decoded value. std::logic_error before the pipeline ran (or when it was discarded);
  // rethrows the statement's DbError (or its decoder's exception) when it failed.
  const T& get() const {
    if (!state_ || !state_->done) {
      throw std::logic_error("tenantc::Deferred::get: the pipeline has not run");
    }
    if (state_->error) std::rethrow_exception(state_->error);
    return *state_->value;
  }
  bool ready() const noexcept { return state_ && state_->done; }
  bool failed() const noexcept { return ready() && state_->error != nullptr; }
  std::exception_ptr error() const noexcept { return state_ ? state_->error : nullptr; }

 private:
  friend class Pipeline;
  explicit Deferred(std::shared_ptr<detail::DeferredState<T>> state) : state_(std::move(state)) {}
  std::shared_ptr<detail::DeferredState<T>> state_;
};

// Pipeline p(conn); auto a = repo.find(p, tenant, id1); auto b = ...; p.run(); a.get();
//
// run() sends every queued statement (preparing the ones the connection has not seen, in the
// same pipeline) followed by one Sync, then reads all results in order: one network round trip
// for the lot instead of one per statement.
//
// Failure semantics come from PostgreSQL: after a statement fails, the server skips the rest
// until the Sync; their Deferreds hold PipelineAborted. Outside a Transaction everything up to
// the Sync is one implicit transaction, so the writes of statements that ran before the failure
// are rolled back too, although their Deferreds hold values. Inside a Transaction, the
// transaction is aborted and must be rolled back. Check succeeded() after run() when it matters.
class Pipeline {
 public:
  explicit Pipeline(Connection& conn);
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;
  // Statements still queued are discarded, never sent: running from a destructor could only
  // report errors by throwing. Their Deferreds stay not ready.
  ~Pipeline();

  // Queues one statement; once run, `decode` (callable with Result&&) turns its result into T.
  // std::logic_error when `statement.name` is already prepared (or queued) with different SQL;
  // std::invalid_argument for more than 65535 parameters.
  template <class T, class Decode>
  Deferred<T> add(const Statement& statement, Params params, Decode decode) {
    auto state = std::make_shared<detail::DeferredState<T>>();
    enqueue(statement, std::move(params),
            std::make_unique<detail::DecodingSink<T, Decode>>(state, std::move(decode)));
    return Deferred<T>(std::move(state));
  }
  // The raw Result, for callers that decode it themselves.
  Deferred<Result> add(const Statement& statement, Params params = {});

  // Runs everything queued since the last run; the Pipeline can be reused afterwards. Statement
  // errors go to their Deferreds; run() itself throws only ConnectionError (the connection is
  // lost; every unfilled Deferred then holds that error too) or std::logic_error.
  void run();

  std::size_t queued() const noexcept { return entries_.size(); }
  // After run(): whether every statement of that run succeeded (decoders included).
  bool succeeded() const noexcept { return succeeded_; }

 private:
  struct Entry {
    std::string name;
    std::string sql;
    Params params;
    std::unique_ptr<detail::PipelineSink> sink;
  };
  void enqueue(const Statement& statement, Params params,
               std::unique_ptr<detail::PipelineSink> sink);

  Connection::Impl* conn_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::string> batch_sql_;  // name -> sql of entries_
  bool succeeded_ = true;
};

}  // namespace tenantc
