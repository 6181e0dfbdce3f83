// SPDX-License-Identifier: Apache-2.0
// `aceslab ocio-config`: an OpenColorIO config for Nuke, Blender, Maya... from AMF recipes, LMTs and
// IDTs, with the ACES 2.0 Output Transforms as displays/views. Thin over ocioconfig/.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/cli.h"
#include "color/error.h"
#include "ocioconfig/ocioconfig.h"

namespace aceslab::cli {
namespace {

struct OcioConfigArgs {
  std::vector<std::string> amfs, lmts, idts, outputs;
  std::string output;
  std::string ocio_version = "2.4";
  std::string name;
  int lut_size = ocioconfig::kDefaultBakeSize;
  bool allow_outside = false;
  bool all = false;
  bool json = false;
  unsigned threads = 0;
};

nlohmann::json report_json(const ocioconfig::OcioConfigReport& r) {
  nlohmann::json views = nlohmann::json::array();
  for (const auto& v : r.views) {
    nlohmann::json j = {{"display", v.display}, {"view", v.view}, {"output_transform", v.output_id},
                        {"baked", v.baked}, {"looks", v.looks}};
    if (v.baked) {
      j["file"] = v.file.string();
      j["error_code_values"] = {{"max", v.error.max}, {"p99", v.error.p99}, {"mean", v.error.mean},
                                {"samples", v.error.samples}, {"worst_aces", v.error.worst}};
    }
    views.push_back(j);
  }
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : r.files) files.push_back(f.string());
  return {{"command", "ocio-config"}, {"config", r.config.string()}, {"ocio_profile_version", r.profile},
          {"input_colorspaces", r.input_colorspaces}, {"looks", r.looks}, {"views", views}, {"files", files},
          {"warnings", r.warnings}};
}

void print_report(const ocioconfig::OcioConfigReport& r) {
  std::cout << "OCIO config " << r.config.string() << "  (ocio_profile_version " << r.profile << ", " << r.files.size()
            << " file(s))\n";
  for (const auto& cs : r.input_colorspaces) std::cout << "  input colour space  " << cs << "\n";
  for (const auto& l : r.looks) std::cout << "  look                " << l << "\n";
  for (const auto& v : r.views) {
    std::cout << "  view  " << v.display << " / " << v.view;
    if (v.baked && v.looks.empty()) {
      char line[160];
      std::snprintf(line, sizeof line, "  [baked: max %.6f, p99 %.6f code values = %.2f 10-bit codes max]", v.error.max,
                    v.error.p99, v.error.max * 1023.0);
      std::cout << line;
    } else if (!v.baked) {
      std::cout << "  [OCIO built-ins]";
    }
    std::cout << "\n";
  }
}

void run(const OcioConfigArgs& a, Overwrite overwrite) {
  if (a.output.empty()) throw Error(ErrorKind::usage, "ocio-config: -o/--output CONFIG.ocio is required");
  ocioconfig::OcioConfigRequest req;
  for (const auto& x : a.amfs) req.amfs.emplace_back(x);
  for (const auto& x : a.lmts) req.lmts.emplace_back(x);
  for (const auto& x : a.idts) req.idts.emplace_back(x);
  req.output_transforms = a.outputs;
  req.version = ocioconfig::parse_ocio_version(a.ocio_version);
  req.lut_size = a.lut_size;
  req.allow_outside = a.allow_outside;
  req.include_applied = a.all;
  req.name = a.name;
  req.threads = a.threads;
  if (!quiet()) std::cerr << "aceslab ocio-config: writing " << a.output << " for OCIO " << ocioconfig::ocio_version_id(req.version) << "\n";
  const ocioconfig::OcioConfigReport r = ocioconfig::write_ocio_config(req, a.output, overwrite);
  for (const auto& w : r.warnings) warn(w);
  if (a.json) print_json(report_json(r));
  else print_report(r);
}

void add_ocio_config(CLI::App& app) {
  auto a = std::make_shared<OcioConfigArgs>();
  auto* cmd = app.add_subcommand("ocio-config", "Write an OpenColorIO config (Nuke, Blender, Maya...) from AMF recipes, LMTs and IDTs");
  cmd->add_option("--amf", a->amfs, "AMF recipe (repeatable): its input transform, looks and output become colour space, looks, view");
  cmd->add_option("--lmt", a->lmts, "Look CLF, ACES2065-1 in and out (repeatable): an OCIO Look");
  cmd->add_option("--idt", a->idts, "Input CLF, camera to ACES2065-1 (repeatable): an input colour space");
  cmd->add_option("--output-transform", a->outputs,
                  "ACES 2.0 output transform to show as a display/view, URN or alias (repeatable; default: the AMFs' "
                  "outputs, else rec709-bt1886-100nit and rec709-srgb-100nit)");
  cmd->add_option("-o,--output", a->output, "The config to write (.ocio); its CLFs go to <stem>_luts/ beside it");
  cmd->add_option("--ocio-version", a->ocio_version,
                  "2.4: ACES 2.0 views by OCIO 2.4's built-in transforms (loads in OCIO >= 2.4); 2.1: every ACES 2.0 view "
                  "baked into a CLF (shaper + LUT3D) with its measured error (loads in OCIO >= 2.1)")
      ->capture_default_str();
  cmd->add_option("--lut-size", a->lut_size, "LUT3D size of baked views")->capture_default_str()->check(CLI::Range(2, 129));
  cmd->add_option("--name", a->name, "Config name (default: the output file's stem)");
  cmd->add_flag("--all", a->all, "Also export recipe parts the AMF marks applied");
  cmd->add_flag("--allow-outside", a->allow_outside, "Allow files an AMF references outside its folder");
  cmd->add_option("--threads", a->threads, "Threads for baking (0 = all cores)")->capture_default_str();
  cmd->add_flag("--json", a->json, "Print the result as one JSON document");
  Overwrite* overwrite = &add_force_flag(*cmd);
  cmd->footer(
      "Examples:\n"
      "  aceslab ocio-config --amf shot.amf -o shot.ocio\n"
      "  aceslab ocio-config --amf shot.amf --output-transform rec2100-pq-1000nit-p3 -o shot.ocio\n"
      "  aceslab ocio-config --idt drone_idt.clf --lmt show_look.clf --ocio-version 2.1 -o show_ocio21.ocio");
  cmd->callback([a, overwrite] { run(*a, *overwrite); });
}

ACESLAB_REGISTER_COMMAND(70, add_ocio_config);

}  // namespace
}  // namespace aceslab::cli
