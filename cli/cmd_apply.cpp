// SPDX-License-Identifier: Apache-2.0
// `aceslab apply`: runs colour transforms on RGB triplets from stdin or on an image.
//
//   stdin → stdout   one triplet per line, separated by spaces or commas; out: 9 significant digits
//   IMAGE -o OUT     any OpenImageIO format (EXR, TIFF, DPX, PNG...), progress on stderr
//
// The chain, in order: --from space → ACES2065-1, each --clf, then --output-transform (forward);
// with --inverse: the inverse output transform, each --clf, then ACES2065-1 → --to space. Without an
// output transform or CLF, --from/--to convert directly. --amf runs an AMF recipe instead. An output
// transform is an ACES 2.0 preset or an ACES 1.x output (RRT + ODT); what ran, and the ACES version
// of each transform, is stated on stderr (and in --json).
#include <memory>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
#include "amf/recipe.h"
#include "clf/aces1_output.h"
#include "clf/reader.h"
#include "cli/cli.h"
#include "cli/triplet_io.h"
#include "color/color_space.h"
#include "color/error.h"
#include "image/image_io.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/transform_chain.h"

namespace aceslab::cli {
namespace {

struct ApplyOptions {
  std::string image;
  std::string output;
  std::string output_transform;
  bool inverse = false;
  std::string from;
  std::string to;
  std::vector<std::string> clfs;
  std::string amf;
  std::vector<std::string> map_ids;
  bool all = false;
  bool allow_outside = false;
  bool no_output = false;
  bool json = false;
  unsigned threads = 0;
  NanPolicy nan = NanPolicy::refuse;
  Overwrite* overwrite = nullptr;
};

// The chain and what it is made of, in words.
struct Built {
  aces::TransformChain chain;
  std::vector<amf::RecipeStep> steps;
  // The colour space of the result when the chain ends in one aceslab knows (ACES2065-1 after an
  // input transform, --to X): its primaries go into an EXR's `chromaticities`. Unset after an
  // output transform (display code values) or a CLF whose output space is not stated.
  const aces::ColorSpace* result_space = nullptr;
};

std::string version_name(int aces_major) {
  if (aces_major == 2) return "ACES 2.0";
  if (aces_major == 1) return "ACES 1.x";
  return "";
}

// An output transform by ACES 2.0 id or alias, or ACES 1.x id or aces1-alias.
struct OutputStage {
  std::string label;
  aces::TransformChain::Function function;
  int aces_major = 2;
  bool inverse = false;  // display code values in (asked for, or named by an inverse id)
};

OutputStage output_stage(const std::string& id, bool inverse_wanted) {
  bool id_is_inverse = false;
  if (const aces::Aces1Output* o = aces::match_aces1_output(id, &id_is_inverse)) {
    const bool inverse = inverse_wanted != id_is_inverse;
    return {std::string(inverse ? "Inverse ACES 1.x output " : "ACES 1.x output ") + o->alias,
            aces::aces1_output_function(*o, inverse ? aces::Direction::inverse : aces::Direction::forward), 1, inverse};
  }
  const aces::OutputPreset* found = nullptr;
  try {
    found = &aces::find_output_preset(id, &id_is_inverse);
  } catch (const Error& e) {
    throw Error(e.kind(), e.detail() + "; or an ACES 1.x output: see 'aceslab list aces1-outputs'", e.location());
  }
  const aces::OutputPreset& preset = *found;
  const bool inverse = inverse_wanted != id_is_inverse;
  auto ot = aces::output_transform(preset);
  return {std::string(inverse ? "Inverse output " : "Output ") + preset.alias,
          [ot, inverse](std::span<float> rgb) {
            if (inverse) ot->inverse(rgb);
            else ot->forward(rgb);
          },
          2, inverse};
}

std::map<std::string, std::string> parse_map_ids(const std::vector<std::string>& pairs) {
  std::map<std::string, std::string> out;
  for (const std::string& p : pairs) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == p.size()) {
      throw Error(ErrorKind::usage, "--map-id expects OLD=NEW, got \"" + p + "\"");
    }
    out[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return out;
}

// "ACES2065-1", "ACES 2065-1 (AP0 linear)"...: what aceslab's IDTs and LMTs and the Academy's CLFs
// write as outputDescriptor.
bool names_aces2065_1(std::string descriptor) {
  std::string squeezed;
  for (char c : descriptor) {
    if (c != ' ' && c != '_') squeezed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return squeezed.rfind("aces2065-1", 0) == 0;
}

Built build_chain(const ApplyOptions& o) {
  Built built;
  aces::TransformChain& chain = built.chain;
  auto step = [&](std::string role, std::string what, int aces_major) {
    built.steps.push_back({std::move(role), std::move(what), false, true, aces_major, {}});
  };
  if (!o.amf.empty()) {
    if (!o.from.empty() || !o.to.empty() || !o.clfs.empty() || o.inverse) {
      throw Error(ErrorKind::usage, "--amf runs the recipe on its own; it cannot be combined with "
                                    "--inverse, --from, --to or --clf");
    }
    if (o.no_output && !o.output_transform.empty()) {
      throw Error(ErrorKind::usage, "--no-output and --output-transform exclude each other");
    }
    amf::RecipeOptions ro;
    ro.include_applied = o.all;
    ro.allow_outside = o.allow_outside;
    ro.replace_output = o.output_transform;
    ro.skip_output = o.no_output;
    ro.id_map = parse_map_ids(o.map_ids);
    built.chain = amf::recipe_chain(o.amf, ro, &built.steps);
    if (built.steps.empty() || built.steps.back().role != "output") {
      built.result_space = &aces::find_color_space("aces2065-1");
    }
    return built;
  }
  if (!o.map_ids.empty()) throw Error(ErrorKind::usage, "--map-id applies to the ids of an --amf recipe");

  std::optional<OutputStage> forward_output;
  std::optional<OutputStage> inverse_output;
  if (!o.output_transform.empty()) {
    // An InvOutput / InvODT id asks for the inverse by itself.
    OutputStage s = output_stage(o.output_transform, o.inverse);
    (s.inverse ? inverse_output : forward_output) = std::move(s);
  } else if (o.inverse) {
    throw Error(ErrorKind::usage, "--inverse needs --output-transform");
  }
  const bool inverse = inverse_output.has_value();
  if (!o.from.empty() && inverse) {
    throw Error(ErrorKind::usage, "--from describes the input; with --inverse the input is display code values");
  }
  if (!o.to.empty() && forward_output) {
    throw Error(ErrorKind::usage, "--to describes the output; with --output-transform the output is display code values");
  }

  bool clfs_end_in_aces = false;  // the last CLF's outputDescriptor names ACES2065-1
  auto add_clfs = [&] {
    for (const auto& path : o.clfs) {
      auto clf = std::make_shared<const aces::ClfTransform>(path);
      clfs_end_in_aces = names_aces2065_1(clf->info().output_descriptor);
      chain.add("CLF " + path, [clf](std::span<float> rgb) { clf->apply(rgb); });
      step("look", "CLF " + path, 0);
    }
  };
  auto add_output = [&](OutputStage& s, const char* role) {
    step(role, s.label, s.aces_major);
    chain.add(s.label, std::move(s.function));
  };

  if (inverse) {
    add_output(*inverse_output, "input");
    add_clfs();
    if (!o.to.empty()) {
      const auto& to = aces::find_color_space(o.to);
      chain.add("ACES2065-1 to " + to.id, aces::from_aces(to));
      step("output", "ACES2065-1 to " + to.id, 0);
      built.result_space = &to;
    } else if (o.clfs.empty() || clfs_end_in_aces) {
      built.result_space = &aces::find_color_space("aces2065-1");
    }
    return built;
  }
  if (!forward_output && o.clfs.empty()) {
    if (o.from.empty() && o.to.empty()) {
      throw Error(ErrorKind::usage, "nothing to apply: give --output-transform, --from/--to, --clf or --amf");
    }
    const auto& from = aces::find_color_space(o.from.empty() ? "aces2065-1" : o.from);
    const auto& to = aces::find_color_space(o.to.empty() ? "aces2065-1" : o.to);
    chain.add(from.id + " to " + to.id, aces::conversion(from, to));
    step("conversion", from.id + " to " + to.id, 0);
    built.result_space = &to;
    return built;
  }
  if (!o.from.empty()) {
    const auto& from = aces::find_color_space(o.from);
    chain.add(from.id + " to ACES2065-1", aces::to_aces(from));
    step("input", from.id + " to ACES2065-1", 0);
  }
  add_clfs();
  if (forward_output) add_output(*forward_output, "output");
  else if (!o.to.empty()) {
    const auto& to = aces::find_color_space(o.to);
    chain.add("ACES2065-1 to " + to.id, aces::from_aces(to));
    step("output", "ACES2065-1 to " + to.id, 0);
    built.result_space = &to;
  } else if (clfs_end_in_aces) {
    built.result_space = &aces::find_color_space("aces2065-1");
  }
  return built;
}

nlohmann::json steps_json(const std::vector<amf::RecipeStep>& steps) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& s : steps) {
    rows.push_back({{"role", s.role},
                    {"what", s.what},
                    {"applied_in_amf", s.applied},
                    {"ran", s.will_run},
                    {"aces_version", s.aces_major ? nlohmann::json(version_name(s.aces_major)) : nlohmann::json()},
                    {"note", s.note.empty() ? nlohmann::json() : nlohmann::json(s.note)}});
  }
  return rows;
}

// The ACES version of the output transform that ran (what the image looks like), or null.
nlohmann::json output_version(const std::vector<amf::RecipeStep>& steps) {
  for (const auto& s : steps) {
    if (s.role == "output" && s.will_run && s.aces_major) return version_name(s.aces_major);
  }
  return nullptr;
}

// What ran, on stderr: one line per step with its ACES version; notes as warnings (even with -q).
void state_steps(const std::vector<amf::RecipeStep>& steps) {
  for (const auto& s : steps) {
    if (!s.note.empty()) warn(s.role + ": " + s.note);
  }
  if (quiet()) return;
  for (const auto& s : steps) {
    std::cerr << "  " << s.role << ": " << (s.will_run ? "" : "(skipped) ") << s.what;
    if (s.aces_major) std::cerr << "  [" << version_name(s.aces_major) << "]";
    std::cerr << '\n';
  }
}

void apply_to_stdin(const ApplyOptions& o, const Built& built) {
  nlohmann::json triplets = nlohmann::json::array();
  const bool ok = process_triplets(
      std::cin, "<stdin>", true, std::cerr, quiet(), o.nan, [&](std::span<float> rgb) { built.chain.apply(rgb, 1); },
      [&](std::span<const float> rgb) {
        if (!o.json) return write_triplets(std::cout, rgb);
        for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) triplets.push_back({rgb[i], rgb[i + 1], rgb[i + 2]});
      });
  if (!ok) set_exit_code(kExitFailure);
  if (!o.json) return;
  print_json({{"command", "apply"},
              {"steps", steps_json(built.steps)},
              {"output_aces_version", output_version(built.steps)},
              {"nan_policy", nan_policy_name(o.nan)},
              {"triplets", triplets}});
}

// The --nan policy on an image: refuse is an error (nothing written); keep and zero are counted.
void check_non_finite_pixels(const ApplyOptions& o, const aces::Image& image, const NonFiniteCount& nan) {
  auto where = [&](const std::vector<std::size_t>& first) {
    const std::size_t p = first.empty() ? 0 : first.front();
    return " (the first at x " + std::to_string(p % static_cast<std::size_t>(image.width)) + ", y " +
           std::to_string(p / static_cast<std::size_t>(image.width)) + ")";
  };
  if (o.nan == NanPolicy::refuse && (nan.inputs > 0 || nan.results > 0)) {
    const bool input = nan.inputs > 0;
    throw Error(ErrorKind::invalid_input,
                std::to_string(input ? nan.inputs : nan.results) + " pixel(s) " +
                    (input ? "of the image hold NaN or Inf" : "of the result are NaN or Inf") +
                    where(input ? nan.first_inputs : nan.first_results) +
                    "; nothing written: --nan keep writes them as NaN, --nan zero as 0",
                {o.image});
  }
  if (nan.inputs > 0) {
    warn(o.image + ": " + std::to_string(nan.inputs) + " input pixel(s) hold NaN or Inf" + where(nan.first_inputs) +
         (o.nan == NanPolicy::keep ? ", written as NaN" : ", processed as 0"));
  }
  if (nan.results > 0) {
    warn(o.image + ": " + std::to_string(nan.results) + " result pixel(s) are NaN or Inf" + where(nan.first_results) +
         (o.nan == NanPolicy::keep ? ", written as they are" : ", written as 0"));
  }
}

void apply_to_image(const ApplyOptions& o, const Built& built) {
  if (o.output.empty()) throw Error(ErrorKind::usage, "an image needs -o OUT");
  check_writable(o.output, *o.overwrite);
  aces::check_image_output(o.output);
  aces::Image image = aces::read_image(o.image);
  Progress progress("apply " + o.image, 100);
  const NonFiniteCount nan = apply_with_nan_policy(image.rgb, o.nan, [&](std::span<float> rgb) {
    built.chain.apply(rgb, o.threads, [&](std::size_t done, std::size_t total) {
      progress.set(total ? done * 100 / total : 100);
    });
  });
  progress.finish();
  check_non_finite_pixels(o, image, nan);
  std::optional<aces::Chromaticities> chromaticities;
  if (built.result_space) chromaticities = built.result_space->gamut;
  aces::write_image(o.output, image, *o.overwrite, aces::SampleFormat::automatic, chromaticities);
  if (o.json) {
    print_json({{"command", "apply"},
                {"input", o.image},
                {"output", o.output},
                {"steps", steps_json(built.steps)},
                {"output_aces_version", output_version(built.steps)},
                {"nan_policy", nan_policy_name(o.nan)},
                {"non_finite_input_pixels", nan.inputs},
                {"non_finite_result_pixels", nan.results}});
  }
}

void add_apply(CLI::App& app) {
  auto o = std::make_shared<ApplyOptions>();  // owned by the callback below, as long as the app
  auto* cmd = app.add_subcommand("apply", "Apply colour transforms to RGB triplets on stdin or to an image");
  cmd->add_option("image", o->image, "Image to process (omit to read triplets from stdin)");
  cmd->add_option("-o,--output", o->output, "Output image (format from the extension)");
  cmd->add_option("--output-transform", o->output_transform,
                  "Output transform: an ACES 2.0 transformId or alias (see 'aceslab list output-transforms') or an "
                  "ACES 1.x RRT + ODT id or aces1-… alias (see 'aceslab list aces1-outputs'); with --amf it "
                  "replaces the AMF's output");
  cmd->add_flag("--inverse", o->inverse, "Apply the inverse output transform (display code values in)");
  cmd->add_option("--from", o->from, "Input colour space id (see 'aceslab list colorspaces')");
  cmd->add_option("--to", o->to, "Output colour space id");
  cmd->add_option("--clf", o->clfs, "CLF file to apply (repeatable; applied in order)")->allow_extra_args(false);
  cmd->add_option("--amf", o->amf, "Apply the recipe of an AMF: input transform, looks, output transform");
  cmd->add_option("--map-id", o->map_ids,
                  "With --amf: apply NEW for the AMF's transformId OLD (OLD=NEW; NEW a registry id, a colour space "
                  "id, an output or look alias; repeatable). See 'aceslab list vendor-quirks'")
      ->allow_extra_args(false);
  cmd->add_flag("--all", o->all, "With --amf: also apply parts marked applied");
  cmd->add_flag("--allow-outside", o->allow_outside, "With --amf: allow referenced files outside the AMF's folder");
  cmd->add_flag("--no-output", o->no_output, "With --amf: stop before the output transform (ACES2065-1 out)");
  cmd->add_flag("--json", o->json, "Print one JSON document: the steps with their ACES versions, and the triplets");
  cmd->add_option("--threads", o->threads, "Threads for images (0 = all cores)")->capture_default_str();
  cmd->add_option("--nan", o->nan,
                  "NaN/Inf in the input or the result: refuse (an error, nothing written), keep (written as NaN), "
                  "zero (processed and written as 0)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, NanPolicy>{{"refuse", NanPolicy::refuse}, {"keep", NanPolicy::keep}, {"zero", NanPolicy::zero}}))
      ->default_str("refuse");
  o->overwrite = &add_force_flag(*cmd);
  cmd->footer(
      "Examples:\n"
      "  echo '0.18 0.18 0.18' | aceslab apply --output-transform rec709-bt1886-100nit\n"
      "  echo '0.18 0.18 0.18' | aceslab apply --output-transform aces1-rec709-bt1886-100nit   # ACES 1.x look\n"
      "  echo '0.5 0.5 0.5' | aceslab apply --output-transform rec709-bt1886-100nit --inverse\n"
      "  echo '0.391 0.391 0.391' | aceslab apply --from logc3-ei800-awg3 --to acescg\n"
      "  aceslab apply shot.exr -o shot_709.tif --output-transform rec709-bt1886-100nit\n"
      "  aceslab apply --amf recipe.amf < triplets.txt\n"
      "  aceslab apply --amf livegrade.amf --map-id IDT.Acme.Camera.a1.v1=slog3-sgamut3 < triplets.txt\n"
      "  aceslab apply plate.exr -o hdr.exr --amf recipe.amf --output-transform rec2100-pq-1000nit-p3");
  cmd->callback([o] {
    std::vector<RoleAndPath> inputs{{"the image", o->image}, {"--amf", o->amf}};
    for (const auto& clf : o->clfs) inputs.push_back({"--clf", clf});
    check_distinct_files(inputs, {{"-o", o->output}});
    const Built built = build_chain(*o);
    state_steps(built.steps);
    if (o->image.empty()) {
      if (!o->output.empty()) throw Error(ErrorKind::usage, "-o is for images; triplets go to stdout");
      apply_to_stdin(*o, built);
    } else {
      apply_to_image(*o, built);
    }
  });
}

ACESLAB_REGISTER_COMMAND(10, add_apply);

}  // namespace
}  // namespace aceslab::cli
