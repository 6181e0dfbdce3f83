// SPDX-License-Identifier: Apache-2.0
// Entry point of `aceslab`: builds the command tree from the registered subcommands, parses argv,
// and maps outcomes to exit codes. The only place that catches every error.
#include <algorithm>
#include <chrono>
#include <clocale>
#include <iostream>
#include <locale>
#include <mutex>
#include <unistd.h>
#include <vector>

#include "cli/cli.h"
#include "color/error.h"
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

void print_json(nlohmann::json doc) {
  doc["schema"] = kJsonSchema;
  std::cout << doc.dump(2) << '\n';
}

Overwrite& add_force_flag(CLI::App& cmd) {
  // Owned by the app for its lifetime: one per command, never freed before exit.
  auto* value = new Overwrite(Overwrite::refuse);
  cmd.add_flag_callback("--force", [value] { *value = Overwrite::allow; },
                        "Overwrite existing output files");
  return *value;
}

void warn(const std::string& message) {
  if (g_quiet) return;
  std::lock_guard lock(g_stderr_mutex);
  std::cerr << "aceslab: warning: " << message << '\n';
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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitSuccess : kExitUsage;
  } catch (const aceslab::Error& e) {
    std::cerr << "aceslab: error: " << e.what() << '\n';
    return e.kind() == ErrorKind::usage ? kExitUsage : kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "aceslab: internal error: " << e.what() << '\n';
    return kExitFailure;
  }
  return exit_code();
}
