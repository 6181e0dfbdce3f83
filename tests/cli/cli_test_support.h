// SPDX-License-Identifier: Apache-2.0
// Runs the built `aceslab` binary for CLI tests: arguments, stdin text, captured stdout/stderr and
// the exit code.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace aceslab::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The numbers of a command's output (triplets on stdout), in order.
inline std::vector<double> numbers(const std::string& text) {
  std::istringstream in(text);
  std::vector<double> v;
  double x;
  while (in >> x) v.push_back(x);
  return v;
}

// `args` is a shell-quoted argument string; `input` goes to stdin.
inline CliResult run_aceslab(const std::string& args, const std::string& input = {}) {
  namespace fs = std::filesystem;
  static int counter = 0;
  const fs::path dir = fs::temp_directory_path() / ("aceslab_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string tag = std::to_string(counter++);
  const fs::path in = dir / ("in" + tag), out = dir / ("out" + tag), err = dir / ("err" + tag);
  std::ofstream(in, std::ios::binary) << input;
  std::string command("'");
  for (const std::string& part : {std::string(ACESLAB_BINARY), std::string("' "), args, std::string(" < '"),
                                  in.string(), std::string("' > '"), out.string(), std::string("' 2> '"), err.string(),
                                  std::string("'")}) {
    command.append(part);
  }
  const int status = std::system(command.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

}  // namespace aceslab::test
