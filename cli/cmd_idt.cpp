// SPDX-License-Identifier: Apache-2.0
// `aceslab idt`: an Input Transform as CLF, made from chart exposures (a capture manifest or an
// Academy idt-calculator folder), from a camera's spectral sensitivities (--spectral), or written
// from a published colour space (--from-spec). Thin: parse flags, call idt/, print.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "clf/writer.h"
#include "cli/cli.h"
#include "color/color_space.h"
#include "color/error.h"
#include "idt/capture.h"
#include "idt/idt_amf.h"
#include "idt/idt_maker.h"
#include "idt/report.h"
#include "idt/shader_export.h"
#include "idt/spectral.h"
#include "idt/spectral_idt.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::cli {
namespace {
namespace fs = std::filesystem;

struct IdtCliOptions {
  std::string clf_format = "academy-v3";
  std::string capture;
  std::string output;
  std::string amf;
  std::string report;
  std::string from_spec;
  std::string spectral;
  std::string illuminant = "D55";
  std::string cat = "cat02";
  std::string error_space = "delta-e-2000";
  std::string spectral_exposure = "rawtoaces";
  std::string name;
  bool cat_given = false;
  bool json = false;
  bool force_fit = false;
  std::vector<std::string> formats;  // clf, dctl, ctl (default: clf)
  std::string flat_field;
};

// The file of each requested format: -o's path with the format's extension (IDT.clf -> IDT.dctl).
fs::path output_for(const IdtCliOptions& o, const std::string& format) {
  fs::path p(o.output);
  const std::string ext = "." + format;
  if (p.extension() == ext) return p;
  if (p.extension() == ".clf" || p.extension() == ".dctl" || p.extension() == ".ctl") p.replace_extension();
  return fs::path(p.string() + ext);
}

bool wants(const IdtCliOptions& o, const std::string& format) {
  return std::find(o.formats.begin(), o.formats.end(), format) != o.formats.end();
}

// Writes the DCTL and CTL forms asked for (idt/shader_export.h) of an exportable pipeline.
void write_shaders(const IdtCliOptions& o, const aces::Pipeline& exportable, const aces::ClfMetadata& meta,
                   Overwrite overwrite, nlohmann::json& doc) {
  idt::ShaderMetadata sm;
  sm.name = meta.aces_user_name;
  sm.transform_id = meta.aces_transform_id;
  sm.info = meta.info;
  for (const char* format : {"dctl", "ctl"}) {
    if (!wants(o, format)) continue;
    const fs::path path = output_for(o, format);
    const auto language = std::string(format) == "dctl" ? idt::ShaderLanguage::dctl : idt::ShaderLanguage::ctl;
    write_file_atomically(path, idt::write_shader(exportable, language, sm), overwrite);
    doc[format] = path.string();
    if (!quiet()) std::cerr << "wrote " << path.string() << '\n';
  }
}

void check_outputs(const IdtCliOptions& o, Overwrite overwrite) {
  for (const char* format : {"clf", "dctl", "ctl"}) {
    if (wants(o, format)) check_writable(output_for(o, format), overwrite);
  }
  if (!o.amf.empty()) {
    if (!wants(o, "clf")) throw Error(ErrorKind::usage, "idt: --amf references the CLF: add --format clf");
    check_writable(o.amf, overwrite);
  }
}

std::string name_of(const idt::CameraSensitivities& camera) {
  std::string name = camera.manufacturer;
  if (!camera.model.empty()) name.append(name.empty() ? "" : " ").append(camera.model);
  return name;
}

std::string fixed(double v, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

nlohmann::json matrix_json(const Eigen::Matrix3d& m) {
  nlohmann::json j = nlohmann::json::array();
  for (int r = 0; r < 3; ++r) j.push_back({m(r, 0), m(r, 1), m(r, 2)});
  return j;
}

void write_amf_if_asked(const IdtCliOptions& o, const std::string& description, Overwrite overwrite, nlohmann::json& doc) {
  if (o.amf.empty()) return;
  idt::write_idt_amf(o.amf, output_for(o, "clf"), description, overwrite);
  doc["amf"] = o.amf;
  if (!quiet()) std::cerr << "wrote " << o.amf << '\n';
}

void run_from_spec(const IdtCliOptions& o, Overwrite overwrite) {
  const aces::ColorSpace& cs = aces::find_color_space(o.from_spec);
  aces::ClfMetadata meta;
  meta.flavor = aces::parse_clf_flavor(o.clf_format);
  meta.aces_transform_id = cs.csc_to_aces_id;
  meta.aces_user_name = cs.name + " to ACES2065-1";
  meta.info.emplace_back("Generator", "aceslab idt --from-spec");
  meta.info.emplace_back("ColorSpace", cs.id);
  check_outputs(o, overwrite);
  const aces::Pipeline exportable = aces::clf_exportable(aces::to_aces(cs));
  nlohmann::json doc = {{"command", "idt"}, {"mode", "from-spec"}, {"color_space", cs.id}, {"aces_transform_id", cs.csc_to_aces_id}};
  if (wants(o, "clf")) {
    aces::write_clf_file(output_for(o, "clf"), exportable, meta, overwrite);
    doc["clf"] = output_for(o, "clf").string();
  }
  write_shaders(o, exportable, meta, overwrite, doc);
  write_amf_if_asked(o, meta.aces_user_name, overwrite, doc);
  if (o.json) {
    print_json(doc);
  } else {
    std::cout << "IDT " << output_for(o, o.formats.front()).string() << "  (" << cs.name << " to ACES2065-1"
              << (cs.csc_to_aces_id.empty() ? std::string() : ", " + cs.csc_to_aces_id) << ")\n";
  }
}

idt::IlluminantSpec parse_illuminant_flag(const std::string& text) {
  nlohmann::json j;
  if (!text.empty() && text.front() == '{') {
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
      throw Error(ErrorKind::usage, "--illuminant: not valid JSON: " + text);
    }
  } else {
    j = text;
  }
  return idt::IlluminantSpec::from_json(j, Location("--illuminant"));
}

void run_spectral(const IdtCliOptions& o, Overwrite overwrite) {
  check_outputs(o, overwrite);
  const idt::CameraSensitivities camera = idt::read_camera_sensitivities(o.spectral);
  const idt::IlluminantSpec ill = parse_illuminant_flag(o.illuminant);
  idt::SpectralIdtOptions so;
  so.cat = aces::parse_adaptation(o.cat);
  if (o.error_space != "delta-e-2000") so.space = solver::parse_error_space(o.error_space);
  so.white_at_unity = o.spectral_exposure == "white";
  const idt::SpectralIdtResult r = idt::spectral_idt(camera, idt::illuminant_spd(ill, fs::current_path()), so);
  // More than ~0.05 stop between the rawtoaces scaling and the reference: say what it costs.
  constexpr double kWhiteLevelNote = 0.035;
  if (!so.white_at_unity && std::abs(std::log2(r.white_level)) > kWhiteLevelNote) {
    idt::SpectralIdtOptions alt = so;
    alt.white_at_unity = true;
    const double alt_mean = idt::spectral_idt(camera, idt::illuminant_spd(ill, fs::current_path()), alt).fit.mean_delta_E_2000;
    std::ostringstream m;
    m << "the rawtoaces exposure scaling puts the white of " << (name_of(camera).empty() ? "this camera" : name_of(camera)) << " at " << fixed(r.white_level, 3) << " ("
      << fixed(std::log2(r.white_level), 2) << " stop) against its reference of 1; --spectral-exposure white fits at equal "
      << "exposure: mean dE2000 " << fixed(alt_mean) << " instead of " << fixed(r.fit.mean_delta_E_2000);
    warn(m.str());
  }
  if (!r.fit.usable) {
    throw Error(ErrorKind::invalid_input, "the spectral IDT could not be fitted: " + r.fit.message, Location(o.spectral));
  }
  std::string name = name_of(camera);
  if (!o.name.empty()) name = o.name;
  aces::Pipeline p;
  p.name = name + " to ACES2065-1";
  p.input_descriptor = name + " linear raw RGB under " + ill.describe();
  p.output_descriptor = "ACES2065-1";
  p.description = "Spectral Input Transform (rawtoaces method) made by aceslab idt --spectral";
  p.append(aces::MatrixStep{r.matrix * r.exposure * r.white_balance.asDiagonal(), aces::Vec3::Zero()});
  aces::ClfMetadata meta;
  meta.flavor = aces::parse_clf_flavor(o.clf_format);
  meta.aces_user_name = p.name + " (aceslab, spectral)";
  meta.info = {{"Generator", "aceslab idt --spectral"},
               {"Illuminant", ill.describe()},
               {"WhiteBalance", fixed(r.white_balance[0], 6) + " " + fixed(r.white_balance[1], 6) + " " + fixed(r.white_balance[2], 6)},
               {"ExposureScaling", so.white_at_unity ? "white at unity (x" + fixed(r.exposure, 6) + ")" : std::string("rawtoaces")},
               {"MeanDeltaE2000", fixed(r.fit.mean_delta_E_2000)},
               {"MaxDeltaE2000", fixed(r.fit.max_delta_E_2000)}};
  nlohmann::json doc = {{"command", "idt"},
                        {"mode", "spectral"},
                        {"camera", name},
                        {"illuminant", ill.describe()},
                        {"white_balance", {r.white_balance[0], r.white_balance[1], r.white_balance[2]}},
                        {"exposure", r.exposure},
                        {"white_level", r.white_level},
                        {"matrix", matrix_json(r.matrix)},
                        {"mean_delta_e_2000", r.fit.mean_delta_E_2000},
                        {"max_delta_e_2000", r.fit.max_delta_E_2000}};
  if (wants(o, "clf")) {
    aces::write_clf_file(output_for(o, "clf"), p, meta, overwrite);
    doc["clf"] = output_for(o, "clf").string();
  }
  write_shaders(o, p, meta, overwrite, doc);
  write_amf_if_asked(o, meta.aces_user_name, overwrite, doc);
  if (o.json) {
    print_json(doc);
  } else {
    std::cout << "IDT " << output_for(o, o.formats.front()).string() << "  (" << name << " under " << ill.describe() << ", spectral)\n"
              << "  white balance " << fixed(r.white_balance[0]) << " " << fixed(r.white_balance[1]) << " "
              << fixed(r.white_balance[2]) << "\n  dE2000 mean " << fixed(r.fit.mean_delta_E_2000) << ", max "
              << fixed(r.fit.max_delta_E_2000) << " over " << r.fit.delta_E_2000.size() << " training patches\n";
  }
}

void run_capture(const IdtCliOptions& o, Overwrite overwrite) {
  check_outputs(o, overwrite);
  idt::Capture capture = idt::load_capture(o.capture);
  if (!o.flat_field.empty()) {
    if (!fs::is_regular_file(o.flat_field)) throw Error(ErrorKind::io, "flat-field image not found", Location(o.flat_field));
    capture.flat_field = idt::FrameRef{o.flat_field, 0, "--flat-field"};
  }
  idt::IdtOptions opts;
  opts.cat = aces::parse_adaptation(o.cat);
  opts.cat_from_capture = !o.cat_given;
  opts.error_space = solver::parse_error_space(o.error_space);
  opts.keep_overlay = !o.report.empty();
  opts.force_fit = o.force_fit;
  std::size_t total = 0;
  for (const auto& e : capture.exposures) total += e.frames.size();
  Progress progress("aceslab idt: reading", total);
  opts.progress = [&progress](std::size_t done, std::size_t, const std::string& item) { progress.set(done, item); };
  idt::IdtResult r = idt::make_idt(capture, opts);
  progress.finish();
  if (!o.name.empty()) r.camera_name = o.name;
  for (const auto& w : r.warnings) warn(w);

  nlohmann::json doc = idt::result_json(r);
  doc["command"] = "idt";
  doc["mode"] = "capture";
  doc["capture"] = o.capture;
  if (!o.report.empty()) {
    const fs::path page = idt::write_report(o.report, r, overwrite);
    doc["report"] = page.string();
  }
  if (!r.usable) {
    // An unusable fit writes no CLF: say why and fail.
    if (o.json) set_failure_result(std::move(doc));
    throw Error(ErrorKind::invalid_input, "no IDT written: " + r.message, Location(o.capture));
  }
  aces::ClfMetadata meta;
  meta.flavor = aces::parse_clf_flavor(o.clf_format);
  meta.aces_user_name = r.camera_name + " to ACES2065-1 (aceslab)";
  meta.info.emplace_back("Generator", "aceslab idt");
  for (auto& kv : idt::idt_info(r)) meta.info.push_back(std::move(kv));
  if (!o.name.empty()) {
    r.pipeline.name = o.name + " to ACES2065-1";
    r.pipeline.input_descriptor = o.name;
  }
  const aces::Pipeline exportable = aces::clf_exportable(r.pipeline);
  if (wants(o, "clf")) {
    aces::write_clf_file(output_for(o, "clf"), exportable, meta, overwrite);
    doc["clf"] = output_for(o, "clf").string();
  }
  write_shaders(o, exportable, meta, overwrite, doc);
  write_amf_if_asked(o, meta.aces_user_name, overwrite, doc);
  if (o.json) {
    print_json(doc);
    return;
  }
  std::ostringstream out;
  out << "IDT " << output_for(o, o.formats.front()).string() << "  (" << r.camera_name << ", " << r.illuminant << ", encoding " << r.encoding << ", "
      << (r.chart_detected ? "chart detected, confidence " + fixed(r.detection->evidence.confidence, 2) : std::string("chart corners given"))
      << ")\n";
  out << "  white balance " << fixed(r.white_balance[0]) << " " << fixed(r.white_balance[1]) << " " << fixed(r.white_balance[2])
      << ", exposure factor " << fixed(r.exposure_factor) << "\n";
  if (r.curve) out << "  linearisation fit: rms " << fixed(r.curve->rms_log_error) << " stops\n";
  out << "  dE2000 (" << solver::error_space_id(r.error_space) << " fit) mean " << fixed(r.fit.mean_delta_E_2000) << ", max "
      << fixed(r.fit.max_delta_E_2000) << " over " << r.fit.delta_E_2000.size() << " patches\n";
  if (!o.report.empty()) out << "  report " << (fs::path(o.report) / "index.html").string() << "\n";
  if (!o.amf.empty()) out << "AMF " << o.amf << "\n";
  std::cout << out.str();
}

void run(IdtCliOptions& o, Overwrite overwrite) {
  const int modes = (!o.capture.empty() ? 1 : 0) + (!o.from_spec.empty() ? 1 : 0) + (!o.spectral.empty() ? 1 : 0);
  if (modes != 1) {
    throw Error(ErrorKind::usage, "idt: give exactly one of CAPTURE (manifest or folder), --from-spec ID or --spectral CAMERA.json");
  }
  if (o.output.empty()) throw Error(ErrorKind::usage, "idt: -o/--output IDT.clf is required");
  // Before any work: no output over an input or another output, and an AMF that can reference the CLF.
  check_distinct_files({{"the capture", o.capture}, {"--spectral", o.spectral}},
                       {{"-o", o.output}, {"--amf", o.amf}});
  check_amf_can_reference(o.amf, o.output);
  if (o.formats.empty()) o.formats.push_back("clf");
  if (!o.from_spec.empty()) return run_from_spec(o, overwrite);
  if (!o.spectral.empty()) return run_spectral(o, overwrite);
  run_capture(o, overwrite);
}

void add_idt_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("idt", "Make an Input Transform (CLF) from chart exposures, spectral data or a published spec");
  auto o = std::make_shared<IdtCliOptions>();
  cmd->add_option("capture", o->capture, "Capture manifest JSON, or an Academy idt-calculator folder / JSON");
  cmd->add_option("-o,--output", o->output, "The IDT CLF to write");
  cmd->add_option("--amf", o->amf, "Also write an AMF with the CLF as input transform (relative path + SHA-256)");
  cmd->add_option("--report", o->report, "Folder for an HTML report (swatches, dE per patch, curve, sampling overlay)");
  cmd->add_option("--from-spec", o->from_spec, "Write the CLF of a colour space of the core instead, e.g. vlog-vgamut");
  cmd->add_option("--spectral", o->spectral, "Camera spectral sensitivities (rawtoaces JSON): a spectral IDT");
  cmd->add_option("--illuminant", o->illuminant,
                  "Scene illuminant for --spectral: D50..D75, A, ISO7589-tungsten, FL1..FL12 (CWF, TL84), LED-B1..LED-V2 or JSON {\"daylight_cct\": K}")
      ->default_val("D55");
  cmd->add_option("--cat", o->cat, "Chromatic adaptation to the ACES white")
      ->default_val("cat02")
      ->check(CLI::IsMember({"cat02", "bradford", "cat16"}));
  cmd->add_option("--error-space", o->error_space, "Colour difference the matrix fit minimises")
      ->default_val("delta-e-2000")
      ->check(CLI::IsMember({"delta-e-2000", "delta-e-76", "oklab", "jzazbz"}));
  cmd->add_option("--spectral-exposure", o->spectral_exposure,
                  "With --spectral: rawtoaces (its illuminant scaling, the reference behaviour) or white (the perfect "
                  "reflector at 1 in the fit: better for sensitivities whose green does not peak highest)")
      ->default_val("rawtoaces")
      ->check(CLI::IsMember({"rawtoaces", "white"}));
  cmd->add_option("--name", o->name, "Camera name for the CLF (default: from the manifest)");
  cmd->add_option("--clf-format", o->clf_format,
                  "academy-v3 (Academy CLF v3) or smpte-st2136-1 (SMPTE ST 2136-1, as OpenColorIO 2.6 writes it)")
      ->default_val("academy-v3")
      ->check(CLI::IsMember({"academy-v3", "smpte-st2136-1"}));
  cmd->add_option("--format", o->formats,
                  "Output format, repeatable: clf (default), dctl (DaVinci Resolve), ctl (ACES CTL); each is written "
                  "beside -o with its extension")
      ->check(CLI::IsMember({"clf", "dctl", "ctl"}))
      ->allow_extra_args(false);
  cmd->add_option("--flat-field", o->flat_field,
                  "A frame of a uniform grey card under the same light, framed like the chart shots: corrects light "
                  "falloff across the chart before sampling (overrides the manifest's \"flat_field\")");
  cmd->add_flag("--json", o->json, "Print the result as one JSON document");
  cmd->add_flag("--force-fit", o->force_fit,
                "Write the IDT even when it fails the plausibility check (mean dE2000 > 10 or neutrals not neutral "
                "after the matrix: usually a wrong chart, orientation or encoding)");
  Overwrite* overwrite = &add_force_flag(*cmd);
  // Global flags (-q, -v) may follow the subcommand: `aceslab idt capture.json -o x.clf -q`.
  cmd->fallthrough();
  cmd->footer(
      "Examples:\n"
      "  aceslab idt capture.json -o drone_idt.clf --amf drone.amf --report drone_report\n"
      "  aceslab idt idt-calculator-samples/synthetic_001 -o synthetic.clf\n"
      "  aceslab idt --from-spec vlog-vgamut -o vlog.clf\n"
      "  aceslab idt capture.json -o drone_idt.clf --format clf --format dctl --format ctl\n"
      "  aceslab idt --spectral Sony_ILCE-7M3_380_780_5.json --illuminant D55 -o a7m3.clf");
  cmd->callback([o, overwrite, cmd] {
    // An Academy project names its adaptation; an explicit --cat overrides it.
    o->cat_given = cmd->count("--cat") > 0;
    run(*o, *overwrite);
  });
}

ACESLAB_REGISTER_COMMAND(40, add_idt_command);

}  // namespace
}  // namespace aceslab::cli
