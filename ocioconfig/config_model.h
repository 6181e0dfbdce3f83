// SPDX-License-Identifier: Apache-2.0
// An OpenColorIO config as aceslab writes it, and its YAML text. Only what aceslab's configs use:
// colour spaces (scene- and display-referred), looks, view transforms, displays with views, roles,
// file rules. Transforms are the few kinds the export needs (BuiltinTransform, FileTransform,
// CDLTransform, GroupTransform), each written in YAML flow style as OCIO itself writes them.
#pragma once

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace aceslab::ocioconfig {

struct Transform {
  enum class Kind { builtin, file, cdl, group };
  Kind kind = Kind::builtin;
  std::string style;  // builtin: its style; file: its src (relative to the search path)
  bool inverse = false;
  std::string interpolation;  // file: "tetrahedral", "" = the file's own
  std::array<double, 3> slope{1, 1, 1}, offset{0, 0, 0}, power{1, 1, 1};  // cdl
  double saturation = 1.0;                                                // cdl
  bool clamp = false;                                                     // cdl: ASC v1.2 clamping style
  std::vector<Transform> children;                                        // group

  static Transform builtin(std::string style, bool inverse = false);
  static Transform file(std::string src, std::string interpolation = {});
  static Transform group(std::vector<Transform> children);
};

struct ColorSpaceDef {
  std::string name;
  std::string family;
  std::string encoding;  // "scene-linear", "log", "sdr-video", "hdr-video", "data", ""
  std::string description;
  bool is_data = false;
  std::vector<std::string> aliases;
  // At most one of each; both empty = the reference space itself.
  std::vector<Transform> to_reference;    // to the scene (or display) reference
  std::vector<Transform> from_reference;  // from it
};

struct LookDef {
  std::string name;
  std::string process_space;
  std::string description;
  Transform transform;
};

struct ViewTransformDef {
  std::string name;
  std::string description;
  Transform from_scene_reference;
};

struct ViewDef {
  std::string name;
  std::string view_transform;     // with display_colorspace (OCIO v2 form); empty for a plain colour space view
  std::string display_colorspace;
  std::string colorspace;         // plain view
  std::string looks;              // "look a, look b" (applied in order)
};

struct DisplayDef {
  std::string name;
  std::vector<ViewDef> views;
};

struct ConfigModel {
  std::string profile;  // "2.1", "2.4"
  std::string name;
  std::string description;
  std::string search_path;
  std::vector<std::pair<std::string, std::string>> roles;
  std::string default_file_colorspace;
  std::vector<ColorSpaceDef> colorspaces;
  std::vector<ColorSpaceDef> display_colorspaces;
  std::vector<LookDef> looks;
  std::vector<ViewTransformDef> view_transforms;
  std::string default_view_transform;
  std::vector<DisplayDef> displays;
};

// The config as OCIO YAML (the tags OCIO writes: !<ColorSpace>, !<View>, !<BuiltinTransform>...).
std::string write_config_yaml(const ConfigModel& config);

// A YAML scalar, quoted when plain style would change its meaning.
std::string yaml_scalar(const std::string& text);

}  // namespace aceslab::ocioconfig
