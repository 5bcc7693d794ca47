// The throwaway PostgreSQL server, template-cloned test databases and the DatabaseTest fixture.
#include "tenantc/testing.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace tenantc::testing {
namespace {

// Who runs the server's programs: `postgres` when we are root (initdb and postgres refuse
// root), otherwise ourselves.
struct Owner {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

// A fixed, small environment for the server's programs, so that the caller's PG* variables
// (PGHOST, PGOPTIONS, ...) cannot redirect or alter them.
std::vector<std::string> child_environment() {
  return {"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "LANG=C"};
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// In a forked child: only async-signal-safe calls until exec.
void become_owner(const Owner& owner) {
  if (!owner.switch_user) return;
  gid_t gid = owner.gid;
  if (setgroups(1, &gid) != 0 || setgid(owner.gid) != 0 || setuid(owner.uid) != 0) _exit(126);
}

// Runs argv[0] as the owner in `cwd` with stdout and stderr in `log`; returns its exit status.
int run_owned(std::vector<std::string> argv, const std::string& cwd, const std::string& log,
              const Owner& owner) {
  auto args = c_strings(argv);
  auto env_strings = child_environment();
  auto env = c_strings(env_strings);
  pid_t pid = fork();
  if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
  if (pid == 0) {
    become_owner(owner);  // first, so the log file belongs to the owner and it can delete it
    if (chdir(cwd.c_str()) != 0) _exit(126);
    int in = open("/dev/null", O_RDONLY);
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    execve(args[0], args.data(), env.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string quote_conninfo(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// sql-migrate's order: ids with a numeric prefix first, by that number; the rest by name.
std::optional<unsigned long long> numeric_prefix(const std::string& name) {
  std::size_t n = 0;
  while (n < name.size() && name[n] >= '0' && name[n] <= '9') ++n;
  if (n == 0 || n > 19) return std::nullopt;
  return std::stoull(name.substr(0, n));
}

bool sql_migrate_less(const Migration& a, const Migration& b) {
  auto na = numeric_prefix(a.name);
  auto nb = numeric_prefix(b.name);
  if (na && nb && *na != *nb) return *na < *nb;
  if (na && !nb) return true;
  if (!na && nb) return false;
  return a.name < b.name;
}

}  // namespace

// ---- migrations ---------------------------------------------------------------------------------

std::string migration_up(std::string_view file_text) {
  std::string out;
  bool up = false;
  while (!file_text.empty()) {
    std::size_t end = file_text.find('\n');
    std::string_view line = file_text.substr(0, end);
    file_text.remove_prefix(end == std::string_view::npos ? file_text.size() : end + 1);
    std::string t = trim(line);
    if (t.rfind("-- +migrate Up", 0) == 0) {
      up = true;
    } else if (t.rfind("-- +migrate Down", 0) == 0) {
      up = false;
    } else if (up) {
      out.append(line);
      out += '\n';
    }
  }
  return out;
}

std::vector<Migration> read_migrations(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    throw std::runtime_error("tenantc::testing: cannot read migrations folder " + dir.string() +
                             ": " + ec.message());
  }
  std::vector<Migration> out;
  for (const auto& entry : it) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    out.push_back({entry.path().filename().string(), migration_up(read_file(entry.path()))});
  }
  std::sort(out.begin(), out.end(), sql_migrate_less);
  return out;
}

// ---- PostgresServer -----------------------------------------------------------------------------

struct PostgresServer::State {
  pid_t owner_pid = getpid();  // a forked child (death test) must not tear the server down
  Owner owner;
  std::string bindir;
  std::string dir;
  std::string datadir;
  int port = 0;
  int keepalive_fd = -1;  // closing it (or our death) tells the watchdog to clean up
  int done_fd = -1;       // EOF once the watchdog has finished
  bool keep = false;

  std::mutex mutex;
  std::optional<Connection> admin;
  std::map<std::string, std::string> templates;  // migrations key -> template database
  int databases = 0;

  ~State() {
    if (getpid() != owner_pid) return;
    admin.reset();
    if (keepalive_fd >= 0) close(keepalive_fd);
    if (done_fd >= 0) {
      char c;
      ssize_t n;
      do {
        n = read(done_fd, &c, 1);
      } while (n > 0 || (n < 0 && errno == EINTR));
      close(done_fd);
    }
    if (keep) std::cerr << "tenantc::testing: kept PostgreSQL dir " << dir << '\n';
  }

  // Double fork, so that the watchdog is nobody's child here: killing this process (and its
  // children, as ctest does on a timeout) leaves it running to stop the server, whose postmaster
  // pg_ctl detached as well. It waits for EOF on a pipe whose only write end we hold.
  void start_watchdog() {
    int keepalive[2];
    int done[2];
    if (pipe2(keepalive, O_CLOEXEC) != 0 || pipe2(done, O_CLOEXEC) != 0) {
      throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    std::vector<std::string> argv = {
        "/bin/sh",
        "-c",
        "read -r _ignored\n"
        "if [ -f \"$2/postmaster.pid\" ]; then \"$1\" -D \"$2\" -m immediate -w -t 30 stop; fi\n"
        "[ \"$4\" = keep ] || rm -rf \"$3\"\n",
        "tenantc-pg-watchdog",
        bindir + "/pg_ctl",
        datadir,
        dir,
        keep ? "keep" : "remove"};
    auto args = c_strings(argv);
    auto env_strings = child_environment();
    auto env = c_strings(env_strings);
    pid_t child = fork();
    if (child < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (child == 0) {
      setsid();  // no terminal signals (Ctrl-C) for it
      pid_t grandchild = fork();
      if (grandchild != 0) _exit(grandchild < 0 ? 1 : 0);
      become_owner(owner);
      int null = open("/dev/null", O_RDWR);
      if (null < 0 || chdir("/") != 0) _exit(126);
      dup2(keepalive[0], 0);
      dup2(null, 1);
      dup2(null, 2);
      dup2(done[1], 3);  // held open by the shell until it exits; dup2 clears close-on-exec
      execve(args[0], args.data(), env.data());
      _exit(127);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    close(keepalive[0]);
    close(done[1]);
    keepalive_fd = keepalive[1];
    done_fd = done[0];
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      throw std::runtime_error("tenantc::testing: could not start the watchdog process");
    }
  }
};

PostgresServer& PostgresServer::instance() {
  static std::mutex mutex;
  static std::unique_ptr<PostgresServer> server;
  static std::string failure;
  std::lock_guard lock(mutex);
  if (server) return *server;
  if (!failure.empty()) throw std::runtime_error(failure);
  try {
    server.reset(new PostgresServer());
  } catch (const std::exception& e) {
    failure = e.what();
    throw;
  }
  return *server;
}

PostgresServer::PostgresServer() : state_(std::make_unique<State>()) {
  State& s = *state_;
  const char* bindir = std::getenv("TENANTC_PG_BINDIR");
  s.bindir = bindir && *bindir ? bindir : "/usr/lib/postgresql/15/bin";
  if (access((s.bindir + "/initdb").c_str(), X_OK) != 0) {
    throw std::runtime_error("tenantc::testing: no initdb in " + s.bindir +
                             " (install postgresql-15 or set TENANTC_PG_BINDIR)");
  }
  const char* keep = std::getenv("TENANTC_PG_KEEP");
  s.keep = keep && std::string_view(keep) == "1";

  std::string base = "/tmp";
  if (geteuid() == 0) {
    passwd* pw = getpwnam("postgres");
    if (!pw)
      throw std::runtime_error("tenantc::testing: running as root but there is no postgres user");
    s.owner = Owner{true, pw->pw_uid, pw->pw_gid};
  } else if (const char* tmp = std::getenv("TMPDIR"); tmp && *tmp) {
    // As root, /tmp always: the postgres user must be able to reach the dir.
    base = tmp;
  }
  std::string pattern = base + "/tenantc-pg.XXXXXX";
  if (!mkdtemp(pattern.data())) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  s.dir = pattern;
  s.datadir = s.dir + "/data";
  if (s.owner.switch_user && chown(s.dir.c_str(), s.owner.uid, s.owner.gid) != 0) {
    int err = errno;
    rmdir(s.dir.c_str());
    throw std::system_error(err, std::generic_category(), "chown " + s.dir);
  }
  try {
    s.start_watchdog();
  } catch (...) {
    rmdir(s.dir.c_str());
    throw;
  }
  // The socket path (dir + "/.s.PGSQL.<port>") must fit sockaddr_un's 107 bytes.
  if (s.dir.size() + 20 > 107) {
    throw std::runtime_error("tenantc::testing: temp dir path too long for a unix socket: " +
                             s.dir);
  }
  // The port only names the socket file inside our private dir, so it cannot clash with another
  // server; varying it keeps concurrent test processes apart in logs and shared memory keys.
  s.port = 20000 + static_cast<int>(getpid() % 20000);

  auto fail = [&](const std::string& what, const std::vector<std::string>& logs) {
    std::string message = "tenantc::testing: " + what;
    for (const auto& log : logs) message += "\n--- " + log + ":\n" + read_file(s.dir + "/" + log);
    throw std::runtime_error(message);
  };
  if (run_owned({s.bindir + "/initdb", "-D", s.datadir, "-U", "postgres", "-A", "trust",
                 "--no-sync", "-E", "UTF8", "--locale=C", "--no-instructions"},
                s.dir, s.dir + "/initdb.log", s.owner) != 0) {
    fail("initdb failed", {"initdb.log"});
  }
  std::string options = "-c listen_addresses='' -c unix_socket_directories='" + s.dir +
                        "' -c port=" + std::to_string(s.port) +
                        " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
                        " -c shared_buffers=32MB";
  if (run_owned({s.bindir + "/pg_ctl", "-w", "-t", "60", "-D", s.datadir, "-l",
                 s.dir + "/server.log", "-o", options, "start"},
                s.dir, s.dir + "/pg_ctl.log", s.owner) != 0) {
    fail("pg_ctl start failed", {"pg_ctl.log", "server.log"});
  }
  s.admin.emplace(Connection::open(url("postgres")));
}

PostgresServer::~PostgresServer() = default;

std::string PostgresServer::url(const std::string& dbname) const {
  return "host=" + quote_conninfo(state_->dir) + " port=" + std::to_string(state_->port) +
         " user=postgres dbname=" + quote_conninfo(dbname);
}

const std::string& PostgresServer::socket_dir() const noexcept { return state_->dir; }

int PostgresServer::port() const noexcept { return state_->port; }

void PostgresServer::admin(const std::string& sql) {
  std::lock_guard lock(state_->mutex);
  state_->admin->execute(sql);
}

std::string PostgresServer::create_database(const std::vector<Migration>& migrations) {
  State& s = *state_;
  std::lock_guard lock(s.mutex);
  std::string key;
  for (const auto& m : migrations) key += std::to_string(m.up.size()) + ':' + m.up + '\n';

  auto it = s.templates.find(key);
  if (it == s.templates.end()) {
    std::string name = "tenantc_template_" + std::to_string(s.templates.size() + 1);
    s.admin->execute("CREATE DATABASE " + quote_ident(name) + " TEMPLATE template0");
    try {
      Connection c = Connection::open(url(name));
      for (std::size_t i = 0; i < migrations.size(); ++i) {
        try {
          c.execute_script(migrations[i].up);
        } catch (const std::exception& e) {
          throw std::runtime_error("tenantc::testing: migration " + migrations[i].name +
                                   " failed: " + e.what());
        }
      }
    } catch (...) {
      s.admin->execute("DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
      throw;
    }
    // Nobody may connect to the template from now on: a session there would make every
    // following clone fail with "source database is being accessed by other users".
    s.admin->execute("ALTER DATABASE " + quote_ident(name) + " WITH ALLOW_CONNECTIONS false");
    it = s.templates.emplace(key, name).first;
  }
  std::string name = "tenantc_test_" + std::to_string(++s.databases);
  s.admin->execute("CREATE DATABASE " + quote_ident(name) + " TEMPLATE " + quote_ident(it->second));
  return name;
}

// ---- MigratedDatabase ---------------------------------------------------------------------------

namespace {
std::vector<Migration> numbered(const std::vector<std::string>& scripts) {
  std::vector<Migration> out;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    out.push_back({"#" + std::to_string(i + 1), scripts[i]});
  }
  return out;
}
}  // namespace

MigratedDatabase::MigratedDatabase(const std::vector<Migration>& migrations)
    : name_(PostgresServer::instance().create_database(migrations)) {}

MigratedDatabase::MigratedDatabase(const std::vector<std::string>& up_scripts)
    : MigratedDatabase(numbered(up_scripts)) {}

MigratedDatabase MigratedDatabase::from_dir(const std::filesystem::path& migrations_dir) {
  return MigratedDatabase(read_migrations(migrations_dir));
}

MigratedDatabase::MigratedDatabase(MigratedDatabase&& other) noexcept
    : name_(std::exchange(other.name_, {})) {}

MigratedDatabase& MigratedDatabase::operator=(MigratedDatabase&& other) noexcept {
  if (this != &other) {
    drop();
    name_ = std::exchange(other.name_, {});
  }
  return *this;
}

MigratedDatabase::~MigratedDatabase() { drop(); }

void MigratedDatabase::drop() noexcept {
  if (name_.empty()) return;
  try {
    PostgresServer::instance().admin("DROP DATABASE IF EXISTS " + quote_ident(name_) +
                                     " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::cerr << "tenantc::testing: could not drop database " << name_ << ": " << e.what() << '\n';
  }
  name_.clear();
}

std::string MigratedDatabase::url() const { return PostgresServer::instance().url(name_); }

Connection MigratedDatabase::connect() const { return Connection::open(url()); }

// ---- DatabaseTest -------------------------------------------------------------------------------

namespace {
std::string& default_migrations_dir() {
  static std::string dir;
  return dir;
}
}  // namespace

void DatabaseTest::SetMigrationsDir(std::string dir) { default_migrations_dir() = std::move(dir); }

std::string DatabaseTest::migrations_dir() const {
  if (!default_migrations_dir().empty()) return default_migrations_dir();
  const char* env = std::getenv("TENANTC_MIGRATIONS_DIR");
  return env ? env : "";
}

std::vector<Migration> DatabaseTest::migrations() const {
  std::string dir = migrations_dir();
  if (dir.empty()) return {};
  return read_migrations(dir);
}

void DatabaseTest::SetUp() {
  db_.emplace(migrations());
  conn_.emplace(db_->connect());
}

void DatabaseTest::TearDown() {
  conn_.reset();  // before the drop, which would otherwise have to terminate it
  db_.reset();
}

Connection& DatabaseTest::conn() {
  if (!conn_)
    throw std::logic_error("tenantc::testing::DatabaseTest: no connection (SetUp not run?)");
  return *conn_;
}

const MigratedDatabase& DatabaseTest::database() const {
  if (!db_) throw std::logic_error("tenantc::testing::DatabaseTest: no database (SetUp not run?)");
  return *db_;
}

}  // namespace tenantc::testing
