// SPDX-License-Identifier: Apache-2.0
// `aceslab apply`: runs colour transforms on RGB triplets from stdin or on an image.
//
//   stdin → stdout   one triplet per line, separated by spaces or commas; out: 9 significant digits
//   IMAGE -o OUT     any OpenImageIO format (EXR, TIFF, DPX, PNG...), progress on stderr
//
// The chain, in order: --from space → ACES2065-1, each --clf, then --output-transform (forward);
// with --inverse: the inverse output transform, each --clf, then ACES2065-1 → --to space. Without an
// output transform or CLF, --from/--to convert directly. --amf runs an AMF recipe instead.
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
  bool all = false;
  bool allow_outside = false;
  bool no_output = false;
  unsigned threads = 0;
  NanPolicy nan = NanPolicy::refuse;
  Overwrite* overwrite = nullptr;
};

aces::TransformChain build_chain(const ApplyOptions& o) {
  aces::TransformChain chain;
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
    return amf::recipe_chain(o.amf, ro);
  }

  std::optional<aces::OutputPreset> preset;
  bool inverse = o.inverse;
  if (!o.output_transform.empty()) {
    bool id_is_inverse = false;
    preset = aces::find_output_preset(o.output_transform, &id_is_inverse);
    if (id_is_inverse) inverse = !inverse;  // an InvOutput URN asks for the inverse by itself
  } else if (o.inverse) {
    throw Error(ErrorKind::usage, "--inverse needs --output-transform");
  }
  if (!o.from.empty() && inverse) {
    throw Error(ErrorKind::usage, "--from describes the input; with --inverse the input is display code values");
  }
  if (!o.to.empty() && preset && !inverse) {
    throw Error(ErrorKind::usage, "--to describes the output; with --output-transform the output is display code values");
  }

  const bool through_aces = preset.has_value() || !o.clfs.empty();
  auto add_clfs = [&] {
    for (const auto& path : o.clfs) {
      auto clf = std::make_shared<const aces::ClfTransform>(path);
      chain.add("CLF " + path, [clf](std::span<float> rgb) { clf->apply(rgb); });
    }
  };
  auto add_output = [&](aces::Direction d) {
    auto ot = aces::output_transform(*preset);
    const std::string label = std::string(d == aces::Direction::forward ? "Output " : "Inverse output ") + preset->alias;
    chain.add(label, [ot, d](std::span<float> rgb) {
      if (d == aces::Direction::forward) ot->forward(rgb);
      else ot->inverse(rgb);
    });
  };

  if (inverse) {
    add_output(aces::Direction::inverse);
    add_clfs();
    if (!o.to.empty()) {
      const auto& to = aces::find_color_space(o.to);
      chain.add("ACES2065-1 to " + to.id, aces::from_aces(to));
    }
    return chain;
  }
  if (!through_aces) {
    if (o.from.empty() && o.to.empty()) {
      throw Error(ErrorKind::usage, "nothing to apply: give --output-transform, --from/--to, --clf or --amf");
    }
    const auto& from = aces::find_color_space(o.from.empty() ? "aces2065-1" : o.from);
    const auto& to = aces::find_color_space(o.to.empty() ? "aces2065-1" : o.to);
    chain.add(from.id + " to " + to.id, aces::conversion(from, to));
    return chain;
  }
  if (!o.from.empty()) {
    const auto& from = aces::find_color_space(o.from);
    chain.add(from.id + " to ACES2065-1", aces::to_aces(from));
  }
  add_clfs();
  if (preset) add_output(aces::Direction::forward);
  else if (!o.to.empty()) {
    const auto& to = aces::find_color_space(o.to);
    chain.add("ACES2065-1 to " + to.id, aces::from_aces(to));
  }
  return chain;
}

void apply_to_stdin(const aces::TransformChain& chain, unsigned threads, NanPolicy nan) {
  const bool ok = process_triplets(std::cin, "<stdin>", true, std::cout, std::cerr, quiet(), nan,
                                   [&](std::span<float> rgb) { chain.apply(rgb, threads); });
  if (!ok) set_exit_code(kExitFailure);
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

void apply_to_image(const ApplyOptions& o, const aces::TransformChain& chain) {
  if (o.output.empty()) throw Error(ErrorKind::usage, "an image needs -o OUT");
  check_writable(o.output, *o.overwrite);
  aces::check_image_output(o.output);
  aces::Image image = aces::read_image(o.image);
  Progress progress("apply " + o.image, 100);
  const NonFiniteCount nan = apply_with_nan_policy(image.rgb, o.nan, [&](std::span<float> rgb) {
    chain.apply(rgb, o.threads, [&](std::size_t done, std::size_t total) {
      progress.set(total ? done * 100 / total : 100);
    });
  });
  progress.finish();
  check_non_finite_pixels(o, image, nan);
  aces::write_image(o.output, image, *o.overwrite);
}

void add_apply(CLI::App& app) {
  auto* o = new ApplyOptions;
  auto* cmd = app.add_subcommand("apply", "Apply colour transforms to RGB triplets on stdin or to an image");
  cmd->add_option("image", o->image, "Image to process (omit to read triplets from stdin)");
  cmd->add_option("-o,--output", o->output, "Output image (format from the extension)");
  cmd->add_option("--output-transform", o->output_transform,
                  "ACES 2.0 output transform: transformId URN or alias (see 'aceslab list output-transforms'); "
                  "with --amf it replaces the AMF's output");
  cmd->add_flag("--inverse", o->inverse, "Apply the inverse output transform (display code values in)");
  cmd->add_option("--from", o->from, "Input colour space id (see 'aceslab list colorspaces')");
  cmd->add_option("--to", o->to, "Output colour space id");
  cmd->add_option("--clf", o->clfs, "CLF file to apply (repeatable; applied in order)")->allow_extra_args(false);
  cmd->add_option("--amf", o->amf, "Apply the recipe of an AMF: input transform, looks, output transform");
  cmd->add_flag("--all", o->all, "With --amf: also apply parts marked applied");
  cmd->add_flag("--allow-outside", o->allow_outside, "With --amf: allow referenced files outside the AMF's folder");
  cmd->add_flag("--no-output", o->no_output, "With --amf: stop before the output transform (ACES2065-1 out)");
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
      "  echo '0.5 0.5 0.5' | aceslab apply --output-transform rec709-bt1886-100nit --inverse\n"
      "  echo '0.391 0.391 0.391' | aceslab apply --from logc3-ei800-awg3 --to acescg\n"
      "  aceslab apply shot.exr -o shot_709.tif --output-transform rec709-bt1886-100nit\n"
      "  aceslab apply --amf recipe.amf < triplets.txt\n"
      "  aceslab apply plate.exr -o hdr.exr --amf recipe.amf --output-transform rec2100-pq-1000nit-p3");
  cmd->callback([o] {
    std::vector<RoleAndPath> inputs{{"the image", o->image}, {"--amf", o->amf}};
    for (const auto& clf : o->clfs) inputs.push_back({"--clf", clf});
    check_distinct_files(inputs, {{"-o", o->output}});
    const aces::TransformChain chain = build_chain(*o);
    if (o->image.empty()) {
      if (!o->output.empty()) throw Error(ErrorKind::usage, "-o is for images; triplets go to stdout");
      apply_to_stdin(chain, 1, o->nan);
    } else {
      apply_to_image(*o, chain);
    }
  });
}

ACESLAB_REGISTER_COMMAND(10, add_apply);

}  // namespace
}  // namespace aceslab::cli
