// SPDX-License-Identifier: Apache-2.0
// Entry point of `aceslab`: builds the command tree from the registered subcommands, parses argv,
// and maps outcomes to exit codes. The only place that catches every error.
#include <memory>
#include <algorithm>
#include <chrono>
#include <clocale>
#include <iostream>
#include <locale>
#include <mutex>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "amf/paths.h"
#include "cli/cli.h"
#include "color/error.h"
#include "color/error_names.h"
#include "color/text.h"
#include "color/version.h"

namespace aceslab::cli {
namespace {

struct Registered {
  int order;
  CommandFactory factory;
};

std::vector<Registered>& registry() {
  static std::vector<Registered> r;
  return r;
}

bool g_quiet = false;
bool g_verbose = false;
int g_exit_code = kExitSuccess;
std::mutex g_stderr_mutex;
nlohmann::json g_failure_result;  // what a failing command had found, for its --json error document

long long now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

bool register_command(int order, CommandFactory factory) {
  registry().push_back({order, std::move(factory)});
  return true;
}

bool quiet() { return g_quiet; }
bool verbose() { return g_verbose; }
void set_exit_code(int code) { g_exit_code = code; }
int exit_code() { return g_exit_code; }
void set_failure_result(nlohmann::json result) { g_failure_result = std::move(result); }

namespace {

// Strings from outside (file names, LUT titles) may not be UTF-8, which JSON requires: each is made
// valid the way XML output does it (color/text.h), so one Latin-1 name never costs the document.
void make_valid_utf8(nlohmann::json& j) {
  if (j.is_string()) {
    auto& s = j.get_ref<std::string&>();
    if (!is_valid_utf8(s)) s = to_valid_utf8(s);
  } else if (j.is_array()) {
    for (auto& v : j) make_valid_utf8(v);
  } else if (j.is_object()) {
    nlohmann::json fixed = nlohmann::json::object();
    for (auto& [key, value] : j.items()) {
      make_valid_utf8(value);
      fixed[is_valid_utf8(key) ? key : to_valid_utf8(key)] = std::move(value);
    }
    j = std::move(fixed);
  }
}

// "--json" anywhere before a "--" separator: also known when parsing itself failed.
bool json_requested(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") return false;
    if (a == "--json") return true;
  }
  return false;
}

std::string command_path(const CLI::App& app) {
  std::string path;
  for (const CLI::App* sub : app.get_subcommands()) {
    path = sub->get_name();
    const std::string rest = command_path(*sub);
    if (!rest.empty()) path += " " + rest;
  }
  return path;
}

// With --json, a failure is a document too: {"schema", "command", "ok": false, "error": {...}}, and
// "result" when the command had results to show before it failed (set_failure_result).
void print_json_error(const CLI::App& app, const std::string& kind, const std::string& message,
                      const Location& where, int exit_code) {
  nlohmann::json doc{{"command", command_path(app)},
                     {"ok", false},
                     {"exit_code", exit_code},
                     {"error", {{"kind", kind}, {"message", message}}}};
  if (!where.path.empty()) doc["error"]["path"] = where.path;
  if (where.line > 0) doc["error"]["line"] = where.line;
  if (!where.element.empty()) doc["error"]["element"] = where.element;
  if (!g_failure_result.is_null()) doc["result"] = std::move(g_failure_result);
  print_json(std::move(doc));
}

}  // namespace

void print_json(nlohmann::json doc) {
  doc["schema"] = kJsonSchema;
  make_valid_utf8(doc);
  std::cout << doc.dump(2) << '\n';
}

Overwrite& add_force_flag(CLI::App& cmd) {
  // Owned by the flag's callback, i.e. by the app, for its lifetime.
  auto value = std::make_shared<Overwrite>(Overwrite::refuse);
  cmd.add_flag_callback("--force", [value] { *value = Overwrite::allow; },
                        "Overwrite existing output files");
  return *value;
}

void warn(const std::string& message) {
  if (g_quiet) return;
  std::lock_guard lock(g_stderr_mutex);
  std::cerr << "aceslab: warning: " << to_valid_utf8(message) << '\n';
}

void check_amf_can_reference(const std::string& amf, const std::string& clf) {
  if (amf.empty() || clf.empty()) return;
  try {
    amf::reference_for(amf, clf);
  } catch (const Error&) {
    throw Error(ErrorKind::usage, "--amf " + amf + " cannot reference -o " + clf +
                                      ": an AMF references files in its own folder or below it; write the AMF beside "
                                      "or above the CLF");
  }
}

Progress::Progress(std::string label, std::size_t total)
    : m_label(std::move(label)), m_total(total), m_enabled(!g_quiet), m_tty(::isatty(2) != 0) {}

Progress::~Progress() { finish(); }

void Progress::step(const std::string& item) {
  std::lock_guard lock(g_stderr_mutex);
  ++m_done;
  draw(item);
}

void Progress::set(std::size_t done, const std::string& item) {
  std::lock_guard lock(g_stderr_mutex);
  m_done = done;
  draw(item);
}

void Progress::draw(const std::string& item) {
  if (!m_enabled || m_finished) return;
  const long long t = now_ms();
  const bool last = m_done >= m_total;
  // On a terminal redraw in place at most ~10 times a second; in a log, one line per item for
  // short runs and about every 10% for long ones.
  if (m_tty) {
    if (!last && t - m_last_draw_ms < 100) return;
    std::cerr << "\r\033[K" << m_label << " [" << m_done << "/" << m_total << "]";
    if (!item.empty()) std::cerr << ' ' << item;
    std::cerr << std::flush;
  } else {
    const std::size_t every = std::max<std::size_t>(1, m_total / 10);
    if (!last && m_total > 20 && m_done % every != 0) return;
    std::cerr << m_label << " [" << m_done << "/" << m_total << "]";
    if (!item.empty()) std::cerr << ' ' << item;
    std::cerr << '\n';
  }
  m_last_draw_ms = t;
}

void Progress::finish() {
  if (m_finished) return;
  m_finished = true;
  if (m_enabled && m_tty && m_done > 0) {
    std::lock_guard lock(g_stderr_mutex);
    std::cerr << '\n';
  }
}

}  // namespace aceslab::cli

int main(int argc, char** argv) {
  using namespace aceslab;
  using namespace aceslab::cli;
  install_temporary_cleanup();  // a signal removes half-written outputs and private copies
  std::setlocale(LC_ALL, "C");
  std::locale::global(std::locale::classic());

  CLI::App app{"aceslab — ACES 2 colour pipeline workbench: LMTs from show LUTs, IDTs from charts, AMF recipes"};
  app.require_subcommand(1);
  // -q/-v are accepted anywhere on the line, also after the subcommand.
  app.fallthrough();
  app.add_flag("-q,--quiet", g_quiet, "No progress or warnings on stderr");
  app.add_flag("-v,--verbose", g_verbose, "More detail on stderr");
  app.set_version_flag("--version", "aceslab " + version_string(), "Print the version (and git describe) and exit");
  app.footer(
      "Examples:\n"
      "  aceslab list output-transforms\n"
      "  echo '0.18 0.18 0.18' | aceslab apply --output-transform rec709-bt1886-100nit\n"
      "Run 'aceslab SUBCOMMAND --help' for the flags of each subcommand.");

  auto& commands = registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const Registered& a, const Registered& b) { return a.order < b.order; });
  for (const auto& c : commands) c.factory(app);

  const bool json = json_requested(argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    if (code != 0 && json) print_json_error(app, "usage", e.what(), {}, kExitUsage);
    return code == 0 ? kExitSuccess : kExitUsage;
  } catch (const aceslab::Error& e) {
    const int code = e.kind() == ErrorKind::usage ? kExitUsage : kExitFailure;
    std::cerr << "aceslab: error: " << to_valid_utf8(e.what()) << '\n';
    if (json) print_json_error(app, error_kind_name(e.kind()), e.detail(), e.location(), code);
    return code;
  } catch (const std::exception& e) {
    std::cerr << "aceslab: internal error: " << to_valid_utf8(e.what()) << '\n';
    if (json) print_json_error(app, "internal", e.what(), {}, kExitFailure);
    return kExitFailure;
  }
  return exit_code();
}
