// SPDX-License-Identifier: Apache-2.0
// `aceslab list colorspaces|transfer-functions|output-transforms|aces1-outputs [--json]`: what the
// core knows.
#include <memory>
#include <iomanip>
#include <iostream>

#include "aces2/output_presets.h"
#include "amf/vendor_quirks.h"
#include "clf/aces1_output.h"
#include "clf/aces_looks.h"
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
                    {"csc_from_aces_id", cs.csc_from_aces_id},
                    {"equivalent_to_aces_ids", cs.equivalent_to_aces_ids},
                    {"equivalent_from_aces_ids", cs.equivalent_from_aces_ids},
                    {"matrix", cs.published_to_aces ? "published by the vendor" : "derived from the primaries"}});
  }
  if (json) return print_json({{"colorspaces", rows}});
  for (const auto& r : rows) {
    std::cout << std::left << std::setw(26) << r["id"].get<std::string>() << ' ' << std::setw(50)
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

void list_aces1_outputs(bool json) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& o : aces::aces1_outputs()) {
    rows.push_back({{"alias", o.alias},
                    {"name", o.name},
                    {"display", o.display},
                    {"peak_luminance", o.peak_luminance},
                    {"ocio_output", o.ocio_output},
                    {"ocio_display", o.ocio_display},
                    {"aces2_equivalent", o.aces2_equivalent},
                    {"ctl", o.ctl},
                    {"transform_ids", o.transform_ids},
                    {"inverse_ids", o.inverse_ids}});
  }
  if (json) return print_json({{"aces1_outputs", rows}});
  for (const auto& r : rows) {
    std::cout << std::left << std::setw(36) << r["alias"].get<std::string>() << ' '
              << r["name"].get<std::string>() << '\n';
  }
}

void list_vendor_quirks(bool json) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& q : amf::vendor_quirks()) rows.push_back({{"vendor", q.vendor}, {"quirk", q.quirk}, {"handling", q.handling}});
  if (json) return print_json({{"vendor_quirks", rows}});
  for (const auto& r : rows) {
    std::cout << r["vendor"].get<std::string>() << ": " << r["quirk"].get<std::string>() << "\n    -> "
              << r["handling"].get<std::string>() << '\n';
  }
}

void list_looks(bool json) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& l : aces::aces_looks()) {
    rows.push_back({{"alias", l.alias}, {"name", l.name}, {"ocio_builtin", l.ocio_builtin},
                    {"transform_ids", l.transform_ids}, {"inverse_ids", l.inverse_ids}});
  }
  if (json) return print_json({{"looks", rows}});
  for (const auto& r : rows) {
    std::cout << std::left << std::setw(16) << r["alias"].get<std::string>() << ' ' << r["name"].get<std::string>() << '\n';
  }
}

void add_list(CLI::App& app) {
  auto* cmd = app.add_subcommand("list", "List colour spaces, transfer functions, ACES 2.0 output transforms, the "
                                         "ACES 1.x outputs (RRT + ODT) and looks aceslab applies by id, or the "
                                         "vendor quirks of AMFs it handles");
  auto what = std::make_shared<std::string>();  // owned by the callback below
  auto json = std::make_shared<bool>(false);
  cmd->add_option("what", *what,
                  "colorspaces | transfer-functions | output-transforms | aces1-outputs | looks | vendor-quirks")
      ->required()
      ->check(CLI::IsMember({"colorspaces", "transfer-functions", "output-transforms", "aces1-outputs", "looks",
                             "vendor-quirks"}));
  cmd->add_flag("--json", *json, "Print one JSON document");
  cmd->footer("Examples:\n  aceslab list output-transforms --json\n  aceslab list aces1-outputs\n  aceslab list vendor-quirks");
  cmd->callback([what, json] {
    if (*what == "colorspaces") list_color_spaces(*json);
    else if (*what == "transfer-functions") list_transfer_functions(*json);
    else if (*what == "aces1-outputs") list_aces1_outputs(*json);
    else if (*what == "looks") list_looks(*json);
    else if (*what == "vendor-quirks") list_vendor_quirks(*json);
    else list_output_transforms(*json);
  });
}

ACESLAB_REGISTER_COMMAND(90, add_list);

}  // namespace
}  // namespace aceslab::cli
