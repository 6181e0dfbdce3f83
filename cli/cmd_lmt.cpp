// SPDX-License-Identifier: Apache-2.0
// `aceslab lmt`: a show LUT (camera log -> display) turned into an ACES 2.0 LMT as CLF, verified by
// the tool itself, with an optional AMF recipe. Thin: parse flags, call lmt/, print.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/cli.h"
#include "clf/writer.h"
#include "color/error.h"
#include "lmt/batch.h"
#include "lmt/lmt_amf.h"
#include "lmt/lmt_json.h"
#include "clf/aces1_output.h"
#include "lmt/aces1_look.h"
#include "lmt/lmt_maker.h"
#include "lmt/lut_classes.h"
#include "lmt/report.h"
#include "lmt/sample_lut.h"

namespace aceslab::cli {
namespace {

struct LmtOptions {
  std::string lut;
  std::string output;
  std::string amf;
  std::string cdl;
  std::string cdl_amf = "alternative";
  std::string report;
  std::vector<std::string> preview_outputs;
  std::string batch;
  std::string lut_in;
  std::string lut_in_clf;
  std::string lut_out;
  std::string lut_in_range = "full";
  std::string lut_out_range = "full";
  std::string lut_out_encoding;
  std::string aces1_output;
  std::string shaper = "camera";
  std::string fit = "auto";
  std::string neutral_table = "auto";
  std::string node_space = "display";
  std::string layout = "auto";
  int cube_size = 0;
  std::string look_namespace = "aceslab";
  std::string name;
  std::string user_name;
  unsigned threads = 0;
  bool json = false;
  bool no_verify = false;
  bool strict = false;
  bool allow_outside = false;
  std::string clf_format = "academy-v3";
  // Hidden: the sample LUT generator.
  std::string make_sample;
  std::string sample_input = "logc3-ei800-awg3";
  std::string sample_eotf = "bt1886";
  std::string sample_display;
  std::string make_test_library;
  int sample_size = 33;
  int sample_shaper = 0;
};

void print_table(const lmt::LmtResult& r, const lmt::LmtSettings& s, const lmt::ShowLut& lut) {
  std::ostringstream o;
  o << "LMT " << r.clf_path.string() << "  (LUT3D " << r.cube_size << "^3, layout " << lmt::layout_id(r.layout)
    << ", shaper " << lmt::shaper_mode_id(s.shaper);
  if (r.layout == lmt::Layout::split) {
    o << ", the LUT's own steps kept";
  } else if (lut.core_lattice_size() >= 2 && s.shaper == lmt::ShaperMode::camera) {
    o << (r.lattice_nests ? ", nests the LUT's " : ", does NOT nest the LUT's ") << lut.core_lattice_size() << "^3 lattice";
  }
  o << ")\n";
  o << "  ACEStransformID  " << r.metadata.aces_transform_id << "\n";
  o << "  ACESuserName     " << r.metadata.aces_user_name << "\n";
  o << "  steps           ";
  for (const auto& step : r.pipeline.steps) o << ' ' << aces::describe(step) << ';';
  o << "\n";
  if (r.fitted()) {
    o << "  node values      least-squares fit (" << r.fit->samples_used << " samples, " << std::fixed
      << std::setprecision(2) << r.fit->seconds << " s)\n";
  } else {
    o << "  node values      " << (r.fit_note.empty() ? "point samples (--fit none)" : r.fit_note) << "\n";
  }
  if (r.verification) {
    const auto& v = *r.verification;
    o << "Verification: OT(LMT(ACES(c))) vs LUT(c), the written CLF evaluated by OpenColorIO; dE2000 on display "
         "light with "
      << static_cast<long>(std::lround(v.lab_white_nits)) << " cd/m^2 as the CIELAB white\n";
    o << "  set                samples  unreachable |  dE2000 mean     p99     max | 10-bit code mean   p99     max\n";
    auto row = [&](const lmt::SetFigures& f, const char* what) {
      char line[256];
      std::snprintf(line, sizeof line, "  %-8s %-8s %8zu %12zu | %11.4f %7.3f %7.3f | %16.3f %5.2f %7.2f\n",
                    f.name.c_str(), what, f.samples, f.unreachable, f.delta_E_2000.mean, f.delta_E_2000.p99,
                    f.delta_E_2000.max, f.code_10bit.mean, f.code_10bit.p99, f.code_10bit.max);
      o << line;
    };
    const char* label = r.fitted() ? "fit" : "points";
    row(v.natural, label);
    if (r.point_verification) row(r.point_verification->natural, "points");
    if (r.rejected_fit_verification) row(r.rejected_fit_verification->natural, "rejected");
    row(v.cube, label);
    if (r.point_verification) row(r.point_verification->cube, "points");
    if (r.rejected_fit_verification) row(r.rejected_fit_verification->cube, "rejected");
    if (r.without_neutral_verification) {
      const auto& w = *r.without_neutral_verification;
      char line[320];
      std::snprintf(line, sizeof line,
                    "  neutral-axis table: %zu of %zu nodes correct the table; without it natural %.4f / %.3f, cube "
                    "%.4f / %.3f (dE2000 mean / p99; the points rows have none)\n",
                    r.neutral_table->corrected, r.neutral_table->nodes, w.natural.delta_E_2000.mean,
                    w.natural.delta_E_2000.p99, w.cube.delta_E_2000.mean, w.cube.delta_E_2000.p99);
      o << line;
    } else if (!r.neutral_note.empty()) {
      o << "  " << r.neutral_note << "\n";
    }
    const auto& t = v.targets;
    o << "  targets " << (v.meets_targets ? "met" : "MISSED") << " (natural dE2000 mean <= " << t.natural_delta_E_mean
      << ", p99 <= " << t.natural_delta_E_p99 << "; code mean <= " << t.natural_code_mean << ", p99 <= "
      << t.natural_code_p99 << "; cube dE2000 mean <= " << t.cube_delta_E_mean << ", p99 <= " << t.cube_delta_E_p99
      << ")\n";
    if (!v.natural.worst_label.empty()) o << "  worst natural colour: " << v.natural.worst_label << "\n";
    o << std::fixed << std::setprecision(2) << "  bake " << r.bake_seconds << " s, verify " << v.seconds << " s\n";
  } else {
    o << std::fixed << std::setprecision(2) << "Not verified (--no-verify); bake " << r.bake_seconds << " s\n";
  }
  std::cout << o.str();
}

void run_make_sample(const LmtOptions& o, Overwrite overwrite) {
  lmt::SampleLutOptions so;
  so.input = o.sample_input;
  so.display_eotf = o.sample_eotf;
  so.display = o.sample_display;
  so.size = o.sample_size;
  so.shaper_size = o.sample_shaper;
  std::ostringstream title;
  title << "aceslab sample show LUT: " << o.sample_input << " to "
        << (o.sample_display.empty() ? "Rec.709 " + o.sample_eotf : o.sample_display);
  so.title = title.str();
  const lmt::CubeFile cube = lmt::make_sample_lut(so);
  std::ostringstream comment;
  comment << "Generated by: aceslab lmt --make-sample-lut " << std::filesystem::path(o.make_sample).filename().string()
          << " --sample-input " << o.sample_input
          << (o.sample_display.empty() ? " --sample-eotf " + o.sample_eotf : " --sample-display " + o.sample_display)
          << " --sample-size "
          << o.sample_size << " --sample-shaper " << o.sample_shaper << "\nSee data/samples/README.md for the look.";
  write_file_atomically(o.make_sample, lmt::write_cube(cube, comment.str()), overwrite);
  if (!quiet()) std::cerr << "wrote " << o.make_sample << '\n';
}

lmt::ReportSettings report_settings(const LmtOptions& o, Overwrite overwrite) {
  lmt::ReportSettings rs;
  rs.dir = o.report;
  rs.overwrite = overwrite;
  rs.threads = o.threads;
  if (!o.preview_outputs.empty()) rs.preview_outputs = o.preview_outputs;
  if (!o.amf.empty()) rs.extra_files.emplace_back("AMF", o.amf);
  return rs;
}

void run_batch(const LmtOptions& o, Overwrite overwrite) {
  if (!o.lut.empty() || !o.output.empty()) {
    throw Error(ErrorKind::usage, "lmt --batch takes its LUTs and outputs from the manifest, not from the command line");
  }
  const lmt::BatchManifest manifest = lmt::read_batch_manifest(o.batch, o.allow_outside);
  for (const auto& note : manifest.notes) warn(note);
  Progress progress("lmt batch", manifest.jobs.size());
  lmt::BatchOptions bo;
  bo.overwrite = overwrite;
  bo.progress = [&](std::size_t done, std::size_t, const std::string& item) { progress.set(done, item); };
  const lmt::BatchReport report = lmt::run_batch(manifest, bo);
  progress.finish();
  if (o.json) {
    nlohmann::json doc = lmt::to_json(report);
    doc["command"] = "lmt --batch";
    print_json(doc);
  } else {
    std::cout << lmt::format_batch_table(report);
  }
  if (report.failed() > 0) set_exit_code(kExitFailure);
}

void run(const LmtOptions& o, Overwrite overwrite) {
  if (!o.make_sample.empty()) {
    run_make_sample(o, overwrite);
    return;
  }
  if (!o.make_test_library.empty()) {
    const auto manifest = lmt::write_test_library(o.make_test_library, overwrite);
    if (!quiet()) std::cerr << "wrote " << lmt::show_lut_classes().size() << " show LUTs and " << manifest.string() << '\n';
    return;
  }
  if (!o.batch.empty()) {
    run_batch(o, overwrite);
    return;
  }
  if (!o.preview_outputs.empty() && o.report.empty()) {
    throw Error(ErrorKind::usage, "lmt: --preview-output renders into the report: give --report DIR too");
  }
  if (!o.aces1_output.empty() && !o.lut.empty()) {
    throw Error(ErrorKind::usage, "lmt: give either a show LUT file or --aces1-output, not both");
  }
  if (!o.aces1_output.empty() && !o.lut_in.empty() && o.lut_in != "acescct") {
    throw Error(ErrorKind::usage, "lmt --aces1-output: the look is made on ACEScct; --lut-in cannot change it");
  }
  if (o.lut.empty() && o.aces1_output.empty()) {
    throw Error(ErrorKind::usage, "lmt: the show LUT file (or --aces1-output ID) is required");
  }
  if (!o.lut_in.empty() && !o.lut_in_clf.empty()) {
    throw Error(ErrorKind::usage, "lmt: give --lut-in or --lut-in-clf, not both");
  }
  if (!o.aces1_output.empty() && !o.lut_in_clf.empty()) {
    throw Error(ErrorKind::usage, "lmt --aces1-output: the look is made on ACEScct; --lut-in-clf cannot change it");
  }
  if (o.aces1_output.empty() && o.lut_in.empty() && o.lut_in_clf.empty()) {
    throw Error(ErrorKind::usage, "lmt: --lut-in (the LUT's input colour space id) or --lut-in-clf FILE is required");
  }
  if (o.aces1_output.empty() && o.lut_out.empty()) {
    throw Error(ErrorKind::usage, "lmt: --lut-out is required (the LUT display's output transform)");
  }
  if (o.output.empty()) throw Error(ErrorKind::usage, "lmt: -o/--output LOOK.clf is required");

  const aces::Aces1Output* aces1 = o.aces1_output.empty() ? nullptr : &aces::find_aces1_output(o.aces1_output);
  lmt::LmtSettings s = aces1 ? lmt::aces1_look_settings(*aces1, o.lut_out) : lmt::LmtSettings{};
  if (!aces1) {
    s.lut_in = o.lut_in;
    s.lut_in_clf = o.lut_in_clf;
    s.lut_out = o.lut_out;
  }
  s.lut_in_range = lmt::parse_code_range(o.lut_in_range);
  s.lut_out_range = lmt::parse_code_range(o.lut_out_range);
  s.lut_out_encoding = o.lut_out_encoding;
  s.shaper = lmt::parse_shaper_mode(o.shaper);
  s.fit = lmt::parse_fit_mode(o.fit);
  s.neutral_table = o.neutral_table == "auto";
  s.node_space = lmt::parse_node_space(o.node_space);
  s.layout = lmt::parse_layout(o.layout);
  if (o.cube_size > 0) s.cube_size = o.cube_size;
  s.look_namespace = o.look_namespace;
  if (!o.name.empty()) s.look_name = o.name;
  if (!o.user_name.empty()) s.user_name = o.user_name;
  s.threads = o.threads;
  s.verify = !o.no_verify;
  s.clf_flavor = aces::parse_clf_flavor(o.clf_format);
  s.cdl_path = o.cdl;
  s.cdl_amf = lmt::parse_cdl_amf_mode(o.cdl_amf);
  if (o.cdl.empty() && o.cdl_amf != "alternative") {
    throw Error(ErrorKind::usage, "lmt: --cdl-amf places the CDL of --cdl FILE; give --cdl too");
  }
  // Fail on unknown ids and unwritable outputs before the long work.
  const lmt::LutEncoding check = lmt::lut_encoding(s);
  check_writable(o.output, overwrite);
  if (!o.amf.empty()) check_writable(o.amf, overwrite);
  std::vector<RoleAndPath> outputs{{"-o", o.output}, {"--amf", o.amf}};
  std::vector<std::filesystem::path> report_files;
  if (!o.cdl.empty()) {
    lmt::check_cdl_path(o.cdl);
    check_writable(o.cdl, overwrite);
  }
  if (!o.cdl.empty()) outputs.push_back({"--cdl", o.cdl});
  if (!o.report.empty()) {
    // Also validates the preview output ids, before anything is baked.
    const lmt::ReportSettings rs = report_settings(o, overwrite);
    std::error_code ec;
    if (std::filesystem::exists(rs.dir, ec) && !std::filesystem::is_directory(rs.dir, ec)) {
      throw Error(ErrorKind::usage, "--report " + o.report + " is a file; it must be a folder (created if missing)");
    }
    // A folder that does not exist yet is created by the report; one that does must not hold the
    // files the report would write.
    for (const auto& f : lmt::report_file_names(rs)) {
      report_files.push_back(rs.dir / f);
      if (std::filesystem::is_directory(rs.dir)) check_writable(rs.dir / f, overwrite);
      outputs.push_back({"--report's", rs.dir / f});
    }
  }
  // However spelled and with or without --force, no output may be the LUT or another output.
  std::vector<RoleAndPath> inputs;
  if (!o.lut.empty()) inputs.push_back({"the LUT", o.lut});
  if (!o.lut_in_clf.empty()) inputs.push_back({"--lut-in-clf", o.lut_in_clf});
  check_distinct_files(inputs, outputs);
  check_amf_can_reference(o.amf, o.output);

  // An ACES 1.x output for an SDR display: the LMT holds it sampled into a table (aces1_look.h)
  // and is verified against the exact builtin, which the report and the JSON also describe.
  const lmt::ShowLut lut = aces1 ? lmt::aces1_output_lut(*aces1) : lmt::read_show_lut(o.lut);
  const std::optional<lmt::ShowLut> table =
      aces1 && lmt::aces1_sampled(s) ? std::optional<lmt::ShowLut>(lmt::aces1_output_table(*aces1)) : std::nullopt;
  if (!quiet()) {
    std::cerr << "aceslab lmt: baking " << (aces1 ? "ACES 1.x output " + aces1->alias : o.lut) << " -> " << o.output
              << '\n';
  }
  // Whatever fails after the first output is written removes what this run created (the CDL is
  // written with the LMT).
  RunOutputs written;
  lmt::LmtResult r;
  std::vector<std::filesystem::path> lmt_files{o.output};
  if (!o.cdl.empty()) lmt_files.push_back(o.cdl);
  written.write(lmt_files, [&] { r = table ? lmt::make_lmt(*table, s, o.output, overwrite, &lut) : lmt::make_lmt(lut, s, o.output, overwrite); });
  nlohmann::json doc = lmt::to_json(r, s, lut);
  doc["command"] = "lmt";
  if (!o.amf.empty()) {
    written.write(o.amf, [&] {
      const auto a = lmt::write_lmt_amf(o.amf, r, s, overwrite);
      if (!a.idt_clf.empty()) doc["idt_clf"] = a.idt_clf.string();
    });
    doc["amf"] = o.amf;
    if (r.cdl) doc["cdl"]["amf"] = lmt::cdl_amf_mode_id(s.cdl_amf);
  }
  if (!o.report.empty()) {
    if (!quiet()) std::cerr << "aceslab lmt: writing the report in " << o.report << '\n';
    lmt::ReportOutput rep;
    written.write(report_files, [&] { rep = lmt::write_lmt_report(lut, s, r, report_settings(o, overwrite)); });
    doc["report"] = {{"html", rep.html.string()},
                     {"chart_delta_E_2000", lmt::to_json(rep.chart_delta_E_2000)},
                     {"chart_unreachable", rep.chart_unreachable}};
  }
  for (const auto& w : r.warnings) warn(w);
  if (o.json) {
    print_json(doc);
  } else {
    print_table(r, s, lut);
    if (r.cdl) std::cout << "CDL " << o.cdl << "  " << r.cdl->summary << '\n';
    if (!o.amf.empty()) std::cout << "AMF " << o.amf << '\n';
    if (doc.contains("report")) std::cout << "Report " << doc["report"]["html"].get<std::string>() << '\n';
  }
  written.keep();
  if (o.strict && r.verification && !r.verification->meets_targets) set_exit_code(kExitFailure);
}

void add_lmt_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("lmt", "Make an ACES 2.0 LMT (CLF) that reproduces a show LUT through the ACES 2.0 Output Transform");
  auto o = std::make_shared<LmtOptions>();
  cmd->add_option("lut", o->lut, "Show LUT: .cube (Resolve or Adobe), .vlt (Panasonic) or any format OpenColorIO reads");
  cmd->add_option("--aces1-output", o->aces1_output,
                  "Make the ACES 1 look in ACES 2: this ACES 1.x output transform (registry id or alias, e.g. "
                  "ODT.Academy.Rec709_100nits_dim.a1.0.3 or aces1-rec709-bt1886-100nit; see `aceslab list`) is the "
                  "LUT, from OpenColorIO 2.1's builtins on ACEScct (sampled at 129^3 into the LMT for SDR displays, "
                  "verified against the builtin); --lut-out defaults to its ACES 2.0 twin");
  cmd->add_option("--lut-in", o->lut_in, "Colour space of the LUT's input, e.g. logc3-ei800-awg3 (see `aceslab list`)");
  cmd->add_option("--lut-in-clf", o->lut_in_clf,
                  "Instead of --lut-in: a CLF from the LUT's input code values to ACES2065-1 (as camera makers "
                  "publish them); its inverse leads ACES into the LUT, exactly for Log/Matrix/Range nodes")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lut-out", o->lut_out, "ACES 2.0 output transform of the LUT's display: URN or alias, e.g. rec709-bt1886-100nit");
  cmd->add_option("-o,--output", o->output, "The LMT CLF to write");
  cmd->add_option("--amf", o->amf, "Also write an AMF recipe (input transform, this LMT, output transform)");
  cmd->add_option("--cdl", o->cdl,
                  "Also fit the ASC CDL (slope/offset/power/saturation in ACEScct) closest to the LMT, for CDL-only "
                  "systems, and write it: .cdl, .ccc or .cc; its dE2000 against the LUT is reported");
  cmd->add_option("--cdl-amf", o->cdl_amf,
                  "Where --amf puts the CDL: alternative (an archived pipeline beside the LMT's), instead (the "
                  "active look, the LMT's pipeline archived), none")
      ->default_val("alternative")
      ->check(CLI::IsMember({"alternative", "instead", "none"}));
  cmd->add_option("--cube-size", o->cube_size,
                  "LMT LUT3D size, at most 129 (the largest OpenColorIO 2.1 reads); 0 = automatic: k(N-1)+1 >= 65 "
                  "nesting an N^3 LUT (65 for 33^3, 129 for 65^3)")
      ->default_val(0)
      ->check(CLI::Range(0, aces::kMaxClfLut3DSize));
  cmd->add_option("--report", o->report, "Folder for the HTML report: test chart through the LUT and through ACES + LMT, error heat map, HDR preview");
  cmd->add_option("--preview-output", o->preview_outputs,
                  "Output transforms (URN or alias) to preview the look on in the report (default: rec2100-pq-1000nit-p3); "
      "repeat the flag for each")
      ->allow_extra_args(false);
  cmd->add_option("--batch", o->batch, "Convert every LUT of a JSON manifest in parallel (format: lmt/batch.h, README)");
  cmd->add_flag("--json", o->json, "Print the result as one JSON document");
  cmd->add_flag("--allow-outside", o->allow_outside,
                "With --batch: allow outputs outside the manifest's folder (absolute output_dir, \"../\" paths)");
  cmd->add_option("--shaper", o->shaper, "camera: the LUT's own input encoding (exact); acescct: classic AP1/ACEScct layout")
      ->default_val("camera")
      ->check(CLI::IsMember({"camera", "acescct"}));
  cmd->add_option("--fit", o->fit,
                  "LMT node values: least-squares (fit the interpolated LMT to the exact sandwich), none (point "
                  "samples), auto (least squares up to 97^3, and unclamped LUTs at 129^3)")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "least-squares", "none"}));
  cmd->add_option("--neutral-table", o->neutral_table,
                  "auto adds a second LUT3D after the LMT's table, dense around the neutral axis, that corrects "
                  "the table there (the inverse output transform is a cone around it), kept when the LMT "
                  "verifies no worse with it; none leaves it out")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "none"}));
  cmd->add_option("--layout", o->layout,
                  "split: the LUT's own steps as they are, then a table of the inverse output transform over "
                  "warped display code values (most accurate for SDR and PQ); merged: one LUT3D holding the "
                  "whole sandwich over the LUT's input; auto: split where the LUT has exact steps (on HLG displays "
                  "through the PQ display of the same light), merged otherwise")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "split", "merged"}));
  cmd->add_option("--node-space", o->node_space,
                  "What the LMT's LUT3D stores: display (per-channel approximation of the output transform, "
                  "undone by a halfDomain LUT1D + matrix: interpolates the LUT's own code values) or acescct")
      ->default_val("display")
      ->check(CLI::IsMember({"display", "acescct"}));
  cmd->add_option("--lut-in-range", o->lut_in_range, "The LUT expects full or legal (64-940) input code values")
      ->default_val("full")
      ->check(CLI::IsMember({"full", "legal"}));
  cmd->add_option("--lut-out-range", o->lut_out_range, "The LUT writes full or legal (64-940) display code values")
      ->default_val("full")
      ->check(CLI::IsMember({"full", "legal"}));
  cmd->add_option("--lut-out-encoding", o->lut_out_encoding,
                  "The LUT's display encoding when the output transform has none like it: p3dci-gamma2.6 "
                  "(DCI-P3, DCI white, gamma 2.6; re-encoded for --lut-out through XYZ, white adapted by Bradford)");
  cmd->add_option("--namespace", o->look_namespace, "Namespace of the Look ACEStransformID")->default_val("aceslab");
  cmd->add_option("--name", o->name, "Name in the Look ACEStransformID (default: the LUT file name)");
  cmd->add_option("--user-name", o->user_name, "ACESuserName (default: derived from the LUT and display)");
  cmd->add_option("--threads", o->threads, "Worker threads (0 = all cores)")->default_val(0);
  cmd->add_option("--clf-format", o->clf_format,
                  "academy-v3 (Academy CLF v3) or smpte-st2136-1 (SMPTE ST 2136-1, as OpenColorIO 2.6 writes it)")
      ->default_val("academy-v3")
      ->check(CLI::IsMember({"academy-v3", "smpte-st2136-1"}));
  cmd->add_flag("--no-verify", o->no_verify, "Skip the verification (faster; no figures in the CLF)");
  cmd->add_flag("--strict", o->strict, "Exit 1 when the verification misses its targets");
  // Hidden: the shipped sample's generator (data/samples/README.md).
  cmd->add_option("--make-sample-lut", o->make_sample, "Write a generated sample show LUT (.cube)")->group("");
  cmd->add_option("--sample-input", o->sample_input, "Sample LUT input colour space")->group("");
  cmd->add_option("--sample-eotf", o->sample_eotf, "Sample LUT display EOTF (bt1886, srgb)")->group("");
  cmd->add_option("--sample-display", o->sample_display, "Sample LUT display (lmt/sample_lut.h)")->group("");
  cmd->add_option("--make-test-library", o->make_test_library,
                  "Write every generated show-LUT class (lmt/lut_classes.h) and a batch manifest into DIR")
      ->group("");
  cmd->add_option("--sample-size", o->sample_size, "Sample LUT 3D size")->group("");
  cmd->add_option("--sample-shaper", o->sample_shaper, "Sample LUT 1D shaper size (0 = none)")->group("");
  Overwrite* overwrite = &add_force_flag(*cmd);
  cmd->footer(
      "Example:\n"
      "  aceslab lmt data/samples/show_logc3_to_rec709.cube --lut-in logc3-ei800-awg3 \\\n"
      "      --lut-out rec709-bt1886-100nit -o show_lmt.clf --amf show.amf --report report/\n"
      "  aceslab lmt show.cube --lut-in log3g10-rwg --lut-out rec709-bt1886-100nit -o show.clf --cdl show.cdl\n"
      "  aceslab lmt --aces1-output aces1-rec709-bt1886-100nit -o aces1_look.clf\n"
      "  aceslab lmt --batch library.json");
  cmd->callback([o, overwrite] { run(*o, *overwrite); });
}

ACESLAB_REGISTER_COMMAND(30, add_lmt_command);

}  // namespace
}  // namespace aceslab::cli
