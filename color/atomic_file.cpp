// SPDX-License-Identifier: Apache-2.0
#include "color/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "color/error.h"

namespace aceslab {
namespace fs = std::filesystem;

namespace {

// --- the signal-cleanup table ---------------------------------------------------------------------
// Paths of live temporary files as malloc'ed C strings. The handler may only use async-signal-safe
// calls: it takes each pointer with an atomic exchange and unlink()s it, nothing else.
constexpr int kSlots = 1024;
std::array<std::atomic<char*>, kSlots> g_slots{};

int remember(const fs::path& path) {
  char* copy = ::strdup(path.c_str());
  if (!copy) return -1;
  for (int i = 0; i < kSlots; ++i) {
    char* expected = nullptr;
    if (g_slots[static_cast<std::size_t>(i)].compare_exchange_strong(expected, copy)) return i;
  }
  std::free(copy);  // table full: the file is still removed by its destructor, not on signals
  return -1;
}

void forget(int slot) {
  if (slot < 0) return;
  std::free(g_slots[static_cast<std::size_t>(slot)].exchange(nullptr));
}

constexpr int kCleanupSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Blocks the cleanup signals in this thread for its lifetime; a signal that arrives meanwhile is
// delivered when they are unblocked.
class CleanupSignalsBlocked {
 public:
  CleanupSignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : kCleanupSignals) sigaddset(&set, s);
    ::pthread_sigmask(SIG_BLOCK, &set, &m_old);
  }
  ~CleanupSignalsBlocked() { ::pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }
  CleanupSignalsBlocked(const CleanupSignalsBlocked&) = delete;
  CleanupSignalsBlocked& operator=(const CleanupSignalsBlocked&) = delete;

 private:
  sigset_t m_old;
};

extern "C" void remove_temporaries_and_die(int signal) {
  for (auto& slot : g_slots) {
    if (char* p = slot.exchange(nullptr)) ::unlink(p);
  }
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

// The process umask, read once before main() (reading it means setting it, which is not
// thread-safe later): published outputs get the mode a plain open() would have given them.
mode_t read_umask() {
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}
const mode_t g_umask = read_umask();

// The hint keeps the name below NAME_MAX whatever the destination is called; cut at a UTF-8
// character boundary so the temporary's name stays readable.
std::string shortened(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

[[noreturn]] void exists_error(const fs::path& path) {
  throw Error(ErrorKind::io, "output exists (use --force to overwrite)", {path.string()});
}

[[noreturn]] void move_error(const fs::path& path, int error) {
  throw Error(ErrorKind::io, std::string("cannot move the finished output into place: ") + std::strerror(error),
              {path.string()});
}

void publish_file(const fs::path& temp, const fs::path& path, Overwrite overwrite) {
  ::chmod(temp.c_str(), static_cast<mode_t>(0666 & ~g_umask));
  if (overwrite == Overwrite::allow) {
    if (::rename(temp.c_str(), path.c_str()) != 0) move_error(path, errno);
    return;
  }
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) exists_error(path);
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) move_error(path, errno);
  // A file system without RENAME_NOREPLACE: link() refuses an existing name just as atomically.
  if (::link(temp.c_str(), path.c_str()) == 0) {
    ::unlink(temp.c_str());
    return;
  }
  if (errno == EEXIST) exists_error(path);
  move_error(path, errno);
}

fs::path folder_of(const fs::path& path) { return path.has_parent_path() ? path.parent_path() : fs::path("."); }

}  // namespace

// --- TemporaryFile ---------------------------------------------------------------------------------

TemporaryFile::TemporaryFile(const fs::path& folder, std::string_view hint, std::string_view extension) {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    // Built with append(): GCC 12 warns falsely (-Wrestrict, PR 105329) on chains of operator+.
    std::string name(".");
    name.append(shortened(hint, 64));
    name.append(".tmp-");
    name.append(std::to_string(::getpid()));
    name.append("-");
    name.append(std::to_string(counter++ % 100000u));
    name.append(std::to_string(rd() % 10000u));
    name.append(shortened(extension, 32));
    const fs::path candidate = folder / name;
    // The cleanup signals wait while the file is created and remembered: one arriving in between
    // would leave the file behind (a SIGINT the moment the file appears did, 2 runs in 3 under load).
    const CleanupSignalsBlocked blocked;
    const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      ::close(fd);
      m_path = candidate;
      m_slot = remember(m_path);
      return;
    }
    if (errno != EEXIST) {
      throw Error(ErrorKind::io, std::string("cannot create a temporary file: ") + std::strerror(errno),
                  {candidate.string()});
    }
  }
  throw Error(ErrorKind::io, "cannot create a temporary file: every name tried exists", {folder.string()});
}

TemporaryFile::~TemporaryFile() {
  if (m_path.empty()) return;
  ::unlink(m_path.c_str());
  forget(m_slot);
}

void TemporaryFile::publish(const fs::path& destination, Overwrite overwrite) {
  publish_file(m_path, destination, overwrite);
  forget(m_slot);
  m_slot = -1;
  m_path.clear();
}

void install_temporary_cleanup() {
  struct sigaction action {};
  action.sa_handler = remove_temporaries_and_die;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  for (int s : kCleanupSignals) ::sigaction(s, &action, nullptr);
}

// --- writing ---------------------------------------------------------------------------------------

void check_writable(const fs::path& path, Overwrite overwrite) {
  std::error_code ec;
  if (overwrite == Overwrite::refuse && fs::exists(fs::symlink_status(path, ec))) {
    throw Error(ErrorKind::io, "output exists (use --force to overwrite)", {path.string()});
  }
  const fs::path parent = folder_of(path);
  if (!fs::is_directory(parent, ec)) {
    throw Error(ErrorKind::io, "output folder does not exist", {parent.string()});
  }
  const long name_max = ::pathconf(parent.c_str(), _PC_NAME_MAX);
  const std::size_t length = path.filename().string().size();
  if (name_max > 0 && length > static_cast<std::size_t>(name_max)) {
    throw Error(ErrorKind::io,
                "file name is " + std::to_string(length) + " bytes long; the file system allows " +
                    std::to_string(name_max),
                {path.string()});
  }
}

void write_file_atomically(const fs::path& path, const std::function<void(std::ostream&)>& write,
                           Overwrite overwrite) {
  write_path_atomically(
      path,
      [&](const fs::path& temp) {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(ErrorKind::io, "cannot open the temporary file next to the output", {temp.string()});
        write(out);
        out.flush();
        if (!out) throw Error(ErrorKind::io, "write failed (disk full?)", {path.string()});
      },
      overwrite);
}

void write_file_atomically(const fs::path& path, std::string_view content, Overwrite overwrite) {
  write_file_atomically(path, [&](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); },
                        overwrite);
}

void write_path_atomically(const fs::path& path, const std::function<void(const fs::path&)>& write,
                           Overwrite overwrite) {
  check_writable(path, overwrite);
  TemporaryFile temp(folder_of(path), path.stem().string(), path.extension().string());
  write(temp.path());
  temp.publish(path, overwrite);
}

// --- same files and run outputs -------------------------------------------------------------------

bool same_file(const fs::path& a, const fs::path& b) {
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0) {
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  }
  // One does not exist yet: compare spellings, absolute first (weakly_canonical keeps a path
  // relative when none of it exists).
  auto normal = [](const fs::path& p) {
    std::error_code ec;
    const fs::path abs = fs::absolute(p, ec);
    if (ec) return p.lexically_normal();
    const fs::path c = fs::weakly_canonical(abs, ec);
    return ec ? abs.lexically_normal() : c;
  };
  return normal(a) == normal(b);
}

void check_distinct_files(const std::vector<RoleAndPath>& inputs, const std::vector<RoleAndPath>& outputs) {
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const RoleAndPath& out = outputs[i];
    if (out.path.empty()) continue;
    for (const RoleAndPath& in : inputs) {
      if (!in.path.empty() && same_file(out.path, in.path)) {
        throw Error(ErrorKind::usage, out.role + " " + out.path.string() + " is " + in.role + " " + in.path.string() +
                                          ": the run would destroy its own input (--force does not allow this)");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (!outputs[j].path.empty() && same_file(out.path, outputs[j].path)) {
        throw Error(ErrorKind::usage, out.role + " " + out.path.string() + " is also " + outputs[j].role + " " +
                                          outputs[j].path.string() + ": one run cannot write two outputs to one file");
      }
    }
  }
}

RunOutputs::~RunOutputs() {
  if (m_keep) return;
  // Newest first, so a folder a writer created comes after its files (remove() only takes it empty).
  for (auto it = m_created.rbegin(); it != m_created.rend(); ++it) std::remove(it->c_str());
}

void RunOutputs::write(const fs::path& path, const std::function<void()>& write) {
  // A single atomic output that failed was not published: nothing to remember (the file may be
  // another run's, which won a race to the same name).
  std::error_code ec;
  const bool existed = fs::exists(fs::symlink_status(path, ec));
  write();
  if (!existed) m_created.push_back(path);
}

void RunOutputs::write(const std::vector<fs::path>& paths, const std::function<void()>& write) {
  std::error_code ec;
  std::vector<fs::path> fresh;
  for (const fs::path& p : paths) {
    // Its folder too, when the writer creates it (a report folder).
    if (p.has_parent_path() && !fs::exists(p.parent_path(), ec)) fresh.push_back(p.parent_path());
    if (!fs::exists(fs::symlink_status(p, ec))) fresh.push_back(p);
  }
  try {
    write();
  } catch (...) {
    // A writer that fails part way may have published some of its files.
    for (const fs::path& p : fresh) m_created.push_back(p);
    throw;
  }
  for (const fs::path& p : fresh) m_created.push_back(p);
}

}  // namespace aceslab
