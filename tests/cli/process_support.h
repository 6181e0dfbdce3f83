// SPDX-License-Identifier: Apache-2.0
// Runs the built `aceslab` binary as a child process for the hardening tests, with what
// cli_test_support.h does not give: the child's peak memory (max RSS from wait4), the signal that
// ended it, an environment override (TMPDIR), stdin from a file or closed, and a handle to
// interrupt it while it runs.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace aceslab::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when ended by a signal
  int signal = 0;
  long max_rss_kb = 0;
  std::string out, err;
};

struct ProcessOptions {
  std::string stdin_file;  // empty: /dev/null
  bool close_stdin = false;
  std::vector<std::string> env;  // "NAME=value" added to the environment
  std::filesystem::path cwd;     // empty: the test's
};

class Process {
 public:
  Process(const std::vector<std::string>& args, const ProcessOptions& options = {}) {
    namespace fs = std::filesystem;
    static int counter = 0;
    const fs::path dir = fs::temp_directory_path() / ("aceslab_proc_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string tag = std::to_string(counter++);
    m_out = dir / ("out" + tag);
    m_err = dir / ("err" + tag);
    m_pid = ::fork();
    if (m_pid == 0) {
      const int out = ::open(m_out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      const int err = ::open(m_err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      ::dup2(out, 1);
      ::dup2(err, 2);
      if (options.close_stdin) {
        ::close(0);
      } else {
        const int in = ::open(options.stdin_file.empty() ? "/dev/null" : options.stdin_file.c_str(), O_RDONLY);
        ::dup2(in, 0);
      }
      for (const auto& e : options.env) ::putenv(const_cast<char*>(e.c_str()));
      if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
      std::vector<char*> argv;
      std::string binary = ACESLAB_BINARY;
      argv.push_back(binary.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
  }

  pid_t pid() const { return m_pid; }

  // True while the child runs.
  bool running() {
    int status = 0;
    struct rusage usage {};
    const pid_t done = ::wait4(m_pid, &status, WNOHANG, &usage);
    if (done == m_pid) {
      record(status, usage);
      return false;
    }
    return !m_finished;
  }

  ProcessResult wait() {
    if (!m_finished) {
      int status = 0;
      struct rusage usage {};
      ::wait4(m_pid, &status, 0, &usage);
      record(status, usage);
    }
    return m_result;
  }

 private:
  void record(int status, const struct rusage& usage) {
    m_finished = true;
    if (WIFEXITED(status)) m_result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) m_result.signal = WTERMSIG(status);
    m_result.max_rss_kb = usage.ru_maxrss;
    auto slurp = [](const std::filesystem::path& p) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      return s.str();
    };
    m_result.out = slurp(m_out);
    m_result.err = slurp(m_err);
  }

  pid_t m_pid = -1;
  std::filesystem::path m_out, m_err;
  bool m_finished = false;
  ProcessResult m_result;
};

inline ProcessResult run_process(const std::vector<std::string>& args, const ProcessOptions& options = {}) {
  Process p(args, options);
  return p.wait();
}

// Runs `args`, waits until `appeared()` is true (polled every millisecond), then sends `signal`.
// Returns the result and whether the signal was sent while the child still ran.
inline std::pair<ProcessResult, bool> interrupt_when(const std::vector<std::string>& args,
                                                     const std::function<bool()>& appeared, int signal,
                                                     const ProcessOptions& options = {},
                                                     std::chrono::seconds limit = std::chrono::seconds(60)) {
  Process p(args, options);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  bool sent = false;
  while (std::chrono::steady_clock::now() < deadline && p.running()) {
    if (appeared()) {
      ::kill(p.pid(), signal);
      sent = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!sent && p.running()) ::kill(p.pid(), SIGKILL);
  return {p.wait(), sent};
}

}  // namespace aceslab::test
