// SPDX-License-Identifier: Apache-2.0
#include "color/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "color/error.h"

namespace aceslab {
namespace fs = std::filesystem;
namespace {

// "a FIFO", "a directory"... for a file type that is not a regular file; empty for one.
std::string kind_of(mode_t mode) {
  if (S_ISREG(mode)) return {};
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void refuse_kind(const fs::path& path, std::string_view what, const std::string& kind) {
  std::string message(what);
  message.append(" is ").append(kind).append(", not a regular file");
  throw Error(ErrorKind::io, message, Location(path.string()));
}

[[noreturn]] void fail_errno(const fs::path& path, std::string_view what, const char* verb, int error) {
  std::string message = error == ENOENT ? std::string("no such file") : std::string("cannot ") + verb + " the " + std::string(what);
  if (error != ENOENT) message.append(": ").append(std::strerror(error));
  throw Error(ErrorKind::io, message, Location(path.string()));
}

std::string too_large(std::uintmax_t size, std::uintmax_t limit, std::string_view what, bool at_least) {
  std::ostringstream m;
  m << what << " is " << (at_least ? "more than " : "") << size << " bytes, more than the " << limit
    << "-byte limit";
  return m.str();
}

class Descriptor {
 public:
  explicit Descriptor(int fd) : m_fd(fd) {}
  ~Descriptor() {
    if (m_fd >= 0) ::close(m_fd);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return m_fd; }

 private:
  int m_fd;
};

}  // namespace

void check_input_file(const fs::path& path, std::string_view what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail_errno(path, what, "read", errno);
  const std::string kind = kind_of(st.st_mode);
  if (!kind.empty()) refuse_kind(path, what, kind);
}

std::string read_input_file(const fs::path& path, std::uintmax_t max_bytes, std::string_view what) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    const int error = errno;
    if (error != ENOENT) {
      struct stat st {};
      if (::stat(path.c_str(), &st) == 0 && !kind_of(st.st_mode).empty()) refuse_kind(path, what, kind_of(st.st_mode));
    }
    fail_errno(path, what, "open", error);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail_errno(path, what, "read", errno);
  const std::string kind = kind_of(st.st_mode);
  if (!kind.empty()) refuse_kind(path, what, kind);
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_bytes) throw Error(ErrorKind::unsupported, too_large(size, max_bytes, what, false), Location(path.string()));
  std::string data;
  data.resize(static_cast<std::size_t>(size));
  std::size_t got = 0;
  // Read to the end even if the file grew since fstat, but never past the limit.
  while (true) {
    if (got == data.size()) {
      if (data.size() > max_bytes) {
        throw Error(ErrorKind::unsupported, too_large(max_bytes, max_bytes, what, true), Location(path.string()));
      }
      data.resize(data.size() + 65536);
    }
    const ssize_t n = ::read(fd.get(), data.data() + got, data.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(path, what, "read", errno);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  data.resize(got);
  if (got > max_bytes) throw Error(ErrorKind::unsupported, too_large(got, max_bytes, what, false), Location(path.string()));
  return data;
}

std::string read_input_stream(std::istream& in, std::uintmax_t max_bytes, const std::string& name) {
  std::string data;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    data.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (data.size() > max_bytes) {
      throw Error(ErrorKind::unsupported, too_large(max_bytes, max_bytes, "the input", true), Location(name));
    }
  }
  if (in.bad()) throw Error(ErrorKind::io, "read error", Location(name));
  return data;
}

LineStatus read_line(std::istream& in, std::string& line, std::size_t max_bytes, std::size_t* full_length) {
  line.clear();
  std::size_t length = 0;
  std::istream::sentry sentry(in, true);
  if (!sentry) return LineStatus::end;
  std::streambuf* buffer = in.rdbuf();
  bool any = false;
  bool too_long = false;
  while (true) {
    int c = 0;
    try {
      c = buffer->sbumpc();
    } catch (...) {  // libstdc++'s filebuf throws on a failed read(); report it as istreams do
      in.setstate(std::ios::badbit);
      return LineStatus::end;
    }
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      if (!any) {
        in.setstate(std::ios::failbit);
        return LineStatus::end;
      }
      break;
    }
    any = true;
    if (c == '\n') break;
    if (c == '\r') {
      // CR LF (Windows) or a lone CR (classic Mac OS text, still met in old LUT files) ends the line.
      int next = std::char_traits<char>::eof();
      try {
        next = buffer->sgetc();
      } catch (...) {
        in.setstate(std::ios::badbit);
        return LineStatus::end;
      }
      if (next == '\n') buffer->sbumpc();
      break;
    }
    ++length;
    if (line.size() < max_bytes) line.push_back(static_cast<char>(c));
    else too_long = true;
  }
  if (full_length) *full_length = length;
  return too_long ? LineStatus::too_long : LineStatus::ok;
}

std::string stdin_problem() {
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) != 0) return errno == EBADF ? "stdin is closed" : std::string("stdin: ") + std::strerror(errno);
  if (S_ISDIR(st.st_mode)) return "stdin is a directory";
  return {};
}

bool stdin_read_failed() { return std::ferror(stdin) != 0; }

}  // namespace aceslab
