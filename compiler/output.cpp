// Writing outputs: byte-compare first, so a regeneration that changes nothing touches no
// file and a build depending on them recompiles nothing.
#include "output.hpp"

#include <fstream>
#include <sstream>

#include "diagnostics.hpp"

namespace tenantc {

namespace {

bool same_bytes(const std::filesystem::path& p, const std::string& content) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str() == content;
}

}  // namespace

void OutputSet::add(const std::filesystem::path& path, const std::string& shown, std::string content, bool must_be_new) {
  files_.push_back({path, shown, std::move(content), must_be_new});
}

std::vector<std::string> OutputSet::stale() const {
  std::vector<std::string> out;
  for (const auto& f : files_)
    if (!same_bytes(f.path, f.content)) out.push_back(f.shown);
  return out;
}

OutputSet::Result OutputSet::commit() const {
  Result r;
  for (const auto& f : files_)
    if (f.must_be_new && std::filesystem::exists(f.path))
      throw InternalError{"refusing to overwrite the existing migration " + f.shown};
  for (const auto& f : files_) {
    if (same_bytes(f.path, f.content)) {
      r.unchanged.push_back(f.shown);
      continue;
    }
    if (f.path.has_parent_path()) std::filesystem::create_directories(f.path.parent_path());
    auto tmp = f.path;
    tmp += ".tenantc-tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << f.content;
      if (!out) throw InternalError{"cannot write " + f.shown};
    }
    std::filesystem::rename(tmp, f.path);
    r.written.push_back(f.shown);
  }
  return r;
}

}  // namespace tenantc
