// SPDX-License-Identifier: Apache-2.0
// The shared frame of the `aceslab` command: how subcommands register themselves, global options,
// exit codes, JSON and progress output. Each cli/cmd_*.cpp file registers its subcommand with
// `ACESLAB_REGISTER_COMMAND` and stays thin: parse flags, call the libraries, print.
//
// Exit codes: 0 success, 1 failure (including "validation found errors"), 2 usage error.
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "color/atomic_file.h"

namespace aceslab::cli {

constexpr int kExitSuccess = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Version of the JSON documents printed with --json; bump on incompatible changes.
constexpr const char* kJsonSchema = "aceslab/1";

using CommandFactory = std::function<void(CLI::App& app)>;

// Called at static-initialisation time by ACESLAB_REGISTER_COMMAND; `order` sorts --help.
bool register_command(int order, CommandFactory factory);

#define ACESLAB_CLI_CONCAT2(a, b) a##b
#define ACESLAB_CLI_CONCAT(a, b) ACESLAB_CLI_CONCAT2(a, b)
#define ACESLAB_REGISTER_COMMAND(order, factory) \
  static const bool ACESLAB_CLI_CONCAT(kRegistered_, __LINE__) = ::aceslab::cli::register_command(order, factory)

// Global flags (-q/--quiet, -v/--verbose), valid after parsing.
bool quiet();
bool verbose();

// A subcommand sets the process exit code it wants (default 0) when the outcome is not an error
// thrown as aceslab::Error, e.g. `amf validate` finding errors.
void set_exit_code(int code);
int exit_code();

// Prints `doc` to stdout as one JSON document with the "schema" key set.
void print_json(nlohmann::json doc);
// What a command found before it failed (an IDT fit refused as implausible): with --json the error
// document carries it as "result", so stdout stays one JSON document.
void set_failure_result(nlohmann::json result);

// Adds the standard --force flag to `cmd`; the returned value is read after parsing.
Overwrite& add_force_flag(CLI::App& cmd);

// A one-line progress indicator on stderr ("[12/40] name"), silent with -q or when stderr is not a
// terminal and `always` is false. Thread-safe.
class Progress {
 public:
  Progress(std::string label, std::size_t total);
  ~Progress();
  void step(const std::string& item = {});  // one more unit done
  void set(std::size_t done, const std::string& item = {});
  void finish();

 private:
  void draw(const std::string& item);
  std::string m_label;
  std::size_t m_total;
  std::size_t m_done = 0;
  bool m_enabled;
  bool m_tty;
  bool m_finished = false;
  long long m_last_draw_ms = 0;
};

// Prints "aceslab: warning: ..." on stderr (unless quiet).
void warn(const std::string& message);

// Before any work: throws aceslab::Error (usage) when an AMF written at `amf` could not reference
// the CLF written at `clf` (an AMF references files in its own folder or below it).
void check_amf_can_reference(const std::string& amf, const std::string& clf);

}  // namespace aceslab::cli
