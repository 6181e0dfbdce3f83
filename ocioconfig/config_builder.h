// SPDX-License-Identifier: Apache-2.0
// From recipes to an OpenColorIO config: AMFs, look CLFs (LMTs) and input CLFs (IDTs) become a
// config whose input transforms are colour spaces, whose looks are OCIO Looks, and whose
// displays/views are the ACES 2.0 Output Transforms the recipes (and the caller) name.
//
//   OCIO 2.4 (the default): views by OCIO 2.4's ACES 2.0 built-in transforms, laid out as the ACES
//     studio config v4.0.0 does (view transforms + display colour spaces); a preset OCIO has no
//     built-in for is baked as for 2.1.
//   OCIO 2.1: every ACES 2.0 view baked into a CLF by aceslab (output_bake.h) with its measured
//     error, used as a plain colour space view.
//
// Files the config needs go into a folder beside it, `<config stem>_luts/` (its search_path):
// copies of the CLFs the recipes reference (their hashes checked first, as `aceslab apply --amf`
// does), exact CLFs of the camera transforms aceslab implements and OCIO has no built-in for, and the
// baked views. Every file is written atomically; nothing is replaced without Overwrite::allow.
//
// Each AMF must be one `aceslab apply --amf` can run (amf::recipe_chain is the gate): an AMF with
// looks also gets a view per display, "<AMF name> - <view>", that applies its looks in order.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "color/atomic_file.h"
#include "ocioconfig/config_model.h"
#include "ocioconfig/ocio_names.h"
#include "ocioconfig/output_bake.h"

namespace aceslab::ocioconfig {

struct OcioConfigRequest {
  std::vector<std::filesystem::path> amfs;
  std::vector<std::filesystem::path> lmts;  // look CLFs (ACES2065-1 in and out)
  std::vector<std::filesystem::path> idts;  // input CLFs (camera code values -> ACES2065-1)
  // More output transforms to show (URN or alias). With no AMF output and none given:
  // rec709-bt1886-100nit and rec709-srgb-100nit.
  std::vector<std::string> output_transforms;
  OcioVersion version = OcioVersion::v2_4;
  int lut_size = kDefaultBakeSize;  // baked views
  bool allow_outside = false;       // AMF references outside the AMF's folder
  bool include_applied = false;     // also export recipe parts the AMF marks applied
  std::string name;                 // config name; default: the output file's stem
  unsigned threads = 0;
};

struct ExportedView {
  std::string display;
  std::string view;
  std::string output_id;     // the ACES 2.0 Output URN
  bool baked = false;        // a CLF (else OCIO built-ins)
  std::filesystem::path file;  // the baked CLF
  BakeError error;           // of the baked CLF, measured through OCIO
  std::string looks;         // "" for the plain ACES views
};

struct OcioConfigReport {
  std::filesystem::path config;
  std::string profile;
  std::vector<std::filesystem::path> files;  // every file written, the config last
  std::vector<std::string> input_colorspaces;
  std::vector<std::string> looks;
  std::vector<ExportedView> views;
  std::vector<std::string> warnings;
};

// Builds the config for `request` and writes it to `config_path` (plus its folder of CLFs).
// Throws aceslab::Error: usage (no recipe given, unknown ids), io (unwritable or existing files),
// invalid_input / unsupported (recipes aceslab cannot apply, recipe parts the chosen OCIO version
// cannot express), with the AMF and line.
OcioConfigReport write_ocio_config(const OcioConfigRequest& request, const std::filesystem::path& config_path,
                                   Overwrite overwrite);

}  // namespace aceslab::ocioconfig
