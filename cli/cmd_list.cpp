// SPDX-License-Identifier: Apache-2.0
// `aceslab list colorspaces|transfer-functions|output-transforms [--json]`: what the core knows.
#include <iomanip>
#include <iostream>

#include "aces2/output_presets.h"
#include "cli/cli.h"
#include "color/color_space.h"
#include "color/transfer_function.h"

namespace aceslab::cli {
namespace {

void list_color_spaces(bool json) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& cs : aces::color_spaces()) {
    rows.push_back({{"id", cs.id},
                    {"name", cs.name},
                    {"transfer_function", std::string(cs.transfer->id())},
                    {"csc_to_aces_id", cs.csc_to_aces_id},
                    {"csc_from_aces_id", cs.csc_from_aces_id}});
  }
  if (json) return print_json({{"colorspaces", rows}});
  for (const auto& r : rows) {
    std::cout << std::left << std::setw(26) << r["id"].get<std::string>() << ' ' << std::setw(44)
              << r["name"].get<std::string>() << ' '
              << (r["csc_to_aces_id"].get<std::string>().empty() ? "-" : r["csc_to_aces_id"].get<std::string>())
              << '\n';
  }
}

void list_transfer_functions(bool json) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto* tf : aces::transfer_functions()) {
    rows.push_back({{"id", std::string(tf->id())},
                    {"name", std::string(tf->name())},
                    {"clf", tf->clf_log_decode() ? "Log" : (tf->clf_exponent_decode() ? "Exponent" : "LUT1D")}});
  }
  if (json) return print_json({{"transfer_functions", rows}});
  for (const auto& r : rows) {
    std::cout << std::left << std::setw(24) << r["id"].get<std::string>() << ' ' << std::setw(40)
              << r["name"].get<std::string>() << " CLF: " << r["clf"].get<std::string>() << '\n';
  }
}

void list_output_transforms(bool json) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : aces::output_presets()) {
    rows.push_back({{"alias", p.alias},
                    {"transform_id", p.transform_id},
                    {"inverse_id", p.inverse_id},
                    {"name", p.user_name},
                    {"peak_luminance", p.params.peak_luminance}});
  }
  if (json) return print_json({{"output_transforms", rows}});
  for (const auto& r : rows) {
    std::cout << std::left << std::setw(34) << r["alias"].get<std::string>() << ' '
              << r["transform_id"].get<std::string>() << '\n';
  }
}

void add_list(CLI::App& app) {
  auto* cmd = app.add_subcommand("list", "List colour spaces, transfer functions or output transforms");
  auto* what = new std::string;
  auto* json = new bool(false);
  cmd->add_option("what", *what, "colorspaces | transfer-functions | output-transforms")
      ->required()
      ->check(CLI::IsMember({"colorspaces", "transfer-functions", "output-transforms"}));
  cmd->add_flag("--json", *json, "Print one JSON document");
  cmd->footer("Example:\n  aceslab list output-transforms --json");
  cmd->callback([what, json] {
    if (*what == "colorspaces") list_color_spaces(*json);
    else if (*what == "transfer-functions") list_transfer_functions(*json);
    else list_output_transforms(*json);
  });
}

ACESLAB_REGISTER_COMMAND(90, add_list);

}  // namespace
}  // namespace aceslab::cli
