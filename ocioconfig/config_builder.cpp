// SPDX-License-Identifier: Apache-2.0
#include "ocioconfig/config_builder.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "aces2/output_presets.h"
#include "amf/amf.h"
#include "amf/recipe.h"
#include "clf/reader.h"
#include "clf/writer.h"
#include "color/error.h"
#include "pipeline/transform_registry.h"

namespace aceslab::ocioconfig {
namespace {
namespace fs = std::filesystem;

constexpr const char* kReference = "ACES2065-1";
constexpr const char* kRaw = "Raw";
constexpr const char* kXyzDisplay = "CIE XYZ-D65 - Display-referred";
constexpr const char* kUntonemapped = "Un-tone-mapped";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot read the file", {path.string()});
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A file name from a transform's name: letters, digits, '.', '-', '_' kept, the rest '_'.
std::string file_stem(const std::string& text) {
  std::string s;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    s += ok ? c : '_';
  }
  return s.empty() ? "transform" : s;
}

std::string fixed(double v, int digits) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(digits);
  o << v;
  return o.str();
}

// A file the config needs, written in the second phase.
struct FileJob {
  fs::path dest;
  std::string bytes;                       // copy / exact CLF text
  const aces::OutputPreset* bake = nullptr;  // or a baked view
  std::size_t view = 0;                    // its index in the report
  std::size_t colorspace = 0;              // its colour space, whose description gets the figures
};

class Builder {
 public:
  Builder(const OcioConfigRequest& r, fs::path config, Overwrite overwrite)
      : m_request(r), m_config_path(std::move(config)), m_overwrite(overwrite) {
    m_lut_dir_name = m_config_path.stem().string() + "_luts";
    m_lut_dir = m_config_path.parent_path() / m_lut_dir_name;
  }

  OcioConfigReport run() {
    if (m_request.amfs.empty() && m_request.lmts.empty() && m_request.idts.empty() && m_request.output_transforms.empty()) {
      throw Error(ErrorKind::usage, "ocio-config: nothing to export: give --amf, --lmt, --idt or --output-transform");
    }
    start_model();
    for (const auto& idt : m_request.idts) add_input_file(idt, {});
    for (const auto& amf : m_request.amfs) add_amf(amf);
    for (const auto& lmt : m_request.lmts) {
      const std::string look = add_look_file(lmt, {}, "");
      m_look_views.push_back({lmt.stem().string(), look, {}});
    }
    for (const auto& id : m_request.output_transforms) want_output(aces::find_output_preset(id));
    if (m_outputs.empty()) {
      for (const char* alias : {"rec709-bt1886-100nit", "rec709-srgb-100nit"}) want_output(aces::find_output_preset(alias));
    }
    for (const auto* preset : m_outputs) add_output(*preset);
    add_look_views();
    finish_model();
    write_all();
    return m_report;
  }

 private:
  struct LookView {
    std::string name;
    std::string looks;
    std::vector<const aces::OutputPreset*> outputs;  // empty: every output
  };

  // ---- model skeleton -------------------------------------------------------------------------

  void start_model() {
    const bool v24 = m_request.version == OcioVersion::v2_4;
    m_model.profile = std::string(ocio_version_id(m_request.version));
    m_model.name = m_request.name.empty() ? m_config_path.stem().string() : m_request.name;
    m_model.default_file_colorspace = kReference;
    ColorSpaceDef aces{kReference, "ACES", "scene-linear", "The ACES2065-1 scene reference", false, {"aces2065_1"}, {}, {}};
    ColorSpaceDef cg{"ACEScg", "ACES", "scene-linear", "ACEScg (AP1, linear)", false, {"acescg"},
                     {Transform::builtin("ACEScg_to_ACES2065-1")}, {}};
    ColorSpaceDef cct{"ACEScct", "ACES", "log", "ACEScct (AP1, log)", false, {"acescct"},
                      {Transform::builtin("ACEScct_to_ACES2065-1")}, {}};
    ColorSpaceDef raw{kRaw, "Utility", "data", "Data: no colour conversion", true, {}, {}, {}};
    m_model.colorspaces = {aces, cg, cct, raw};
    m_model.roles = {{"aces_interchange", kReference}, {"color_timing", "ACEScct"}, {"compositing_log", "ACEScct"},
                     {"data", kRaw}, {"scene_linear", "ACEScg"}};
    if (v24) {
      m_model.roles.insert(m_model.roles.begin() + 1, {"cie_xyz_d65_interchange", kXyzDisplay});
      m_model.display_colorspaces.push_back(
          {kXyzDisplay, "", "display-linear", "The CIE XYZ (D65) display connection space", false, {}, {}, {}});
      m_model.default_view_transform = kUntonemapped;
      m_model.view_transforms.push_back(
          {kUntonemapped, "ACES2065-1 to CIE XYZ D65 without tone mapping",
           Transform::builtin("UTILITY - ACES-AP0_to_CIE-XYZ-D65_BFD")});
    }
  }

  void finish_model() {
    if (!m_jobs.empty()) m_model.search_path = m_lut_dir_name;
    std::ostringstream d;
    d << "Written by aceslab " << "ocio-config for OpenColorIO " << m_model.profile
      << (m_request.version == OcioVersion::v2_4
              ? " and later: ACES 2.0 views by OCIO 2.4's built-in transforms, laid out as the ACES studio config v4.0.0."
              : " and later: every ACES 2.0 view is a CLF baked by aceslab, with its measured error.");
    for (const auto& a : m_request.amfs) d << "\nAMF " << a.filename().string();
    m_model.description = d.str();
    for (auto& disp : m_model.displays) disp.views.push_back({kRaw, "", "", kRaw, ""});
  }

  // ---- files ----------------------------------------------------------------------------------

  // A unique file name in the LUT folder for `wanted` (same source -> same name).
  std::string reserve_name(const std::string& wanted) {
    std::string name = wanted;
    const fs::path w(wanted);
    for (int n = 2; m_names.count(name); ++n) name = w.stem().string() + "_" + std::to_string(n) + w.extension().string();
    m_names.insert(name);
    return name;
  }

  // A copy of a file the recipe references (bytes checked against the AMF's hash when it has one).
  std::string copy_file(const fs::path& src, const amf::Reference* ref = nullptr) {
    std::error_code ec;
    const std::string key = fs::weakly_canonical(src, ec).string();
    if (auto it = m_copies.find(key); it != m_copies.end()) return it->second;
    std::string bytes = read_bytes(src);
    if (ref && ref->hash) {
      const auto decoded = amf::decode_hash_value(ref->hash->value, ref->hash->algorithm);
      if (!decoded || amf::digest_bytes(bytes, ref->hash->algorithm) != decoded->digest) {
        throw Error(ErrorKind::invalid_input, "hash mismatch: " + src.string() + " changed since the AMF was made",
                    {src.string()});
      }
    }
    const std::string name = reserve_name(src.filename().string());
    m_jobs.push_back({m_lut_dir / name, std::move(bytes), nullptr, 0, 0});
    m_copies[key] = name;
    return name;
  }

  // An exact CLF of one of aceslab's pipelines (a camera or working-space CSC).
  std::string pipeline_file(const aces::Pipeline& p, const std::string& stem, const std::string& transform_id) {
    if (auto it = m_copies.find("id:" + transform_id); it != m_copies.end()) return it->second;
    aces::ClfMetadata meta;
    meta.aces_transform_id = transform_id;
    meta.info.emplace_back("Generator", "aceslab ocio-config");
    const std::string name = reserve_name(file_stem(stem) + ".clf");
    m_jobs.push_back({m_lut_dir / name, aces::write_clf(aces::clf_exportable(p), meta), nullptr, 0, 0});
    m_copies["id:" + transform_id] = name;
    return name;
  }

  // ---- names ----------------------------------------------------------------------------------

  std::string unique_colorspace_name(std::string name) {
    std::set<std::string> taken;
    for (const auto& cs : m_model.colorspaces) taken.insert(cs.name);
    for (const auto& cs : m_model.display_colorspaces) taken.insert(cs.name);
    for (const auto& l : m_model.looks) taken.insert(l.name);
    const std::string base = name;
    for (int n = 2; taken.count(name); ++n) name = base + " (" + std::to_string(n) + ")";
    return name;
  }

  static std::string registry_name(const std::string& id) {
    if (const auto* e = aces::TransformRegistry::shipped().find(id); e && !e->user_name.empty()) return e->user_name;
    return id;
  }

  static std::string clf_name(const fs::path& file) {
    try {
      const aces::ClfInfo info = aces::read_clf_info(file);
      if (!info.aces_user_name.empty()) return info.aces_user_name;
      if (!info.name.empty()) return info.name;
    } catch (const Error&) {
      // Not a CLF (any LUT format OCIO reads is accepted): named after the file.
    }
    return file.stem().string();
  }

  // ---- transforms of recipe parts ---------------------------------------------------------------

  // A CSC named by transformId, as a transform from its input to its output: OCIO's builtin when
  // there is one for the chosen version, else an exact CLF of aceslab's pipeline.
  Transform csc(const std::string& id) {
    if (const auto b = builtin_for_csc(id); b && b->since <= m_request.version) return Transform::builtin(b->style, b->inverse);
    return Transform::file(pipeline_file(amf::csc_pipeline(id), registry_name(id), id));
  }

  Transform reference_transform(const fs::path& amf_path, const amf::Reference& ref) {
    if (ref.by_file()) return Transform::file(copy_file(amf::resolve_reference(amf_path, ref.file, m_request.allow_outside), &ref));
    if (ref.by_transform_id()) return csc(ref.transform_id);
    throw Error(ErrorKind::unsupported, "a transform referenced only by uuid cannot be exported", {amf_path.string(), ref.line});
  }

  // ---- inputs, looks, outputs ---------------------------------------------------------------------

  std::string add_colorspace(ColorSpaceDef cs, const std::string& key) {
    if (auto it = m_inputs.find(key); it != m_inputs.end()) return it->second;
    cs.name = unique_colorspace_name(cs.name);
    m_model.colorspaces.push_back(cs);
    m_report.input_colorspaces.push_back(cs.name);
    m_inputs[key] = cs.name;
    return cs.name;
  }

  // A CLF given on the command line (`file`) or referenced by an AMF (`ref`): its path and the name
  // of its copy in the LUT folder.
  std::pair<fs::path, std::string> copied_clf(const fs::path& file, const amf::Reference* ref, const fs::path& amf_path,
                                              const char* what) {
    const fs::path src = ref ? amf::resolve_reference(amf_path, ref->file, m_request.allow_outside) : file;
    if (!ref && !fs::is_regular_file(src)) throw Error(ErrorKind::io, std::string(what) + " not found", {src.string()});
    return {src, copy_file(src, ref)};
  }

  std::string add_input_file(const fs::path& file, const amf::Reference* ref, const fs::path& amf_path = {}) {
    const auto [src, name] = copied_clf(file, ref, amf_path, "input CLF");
    return add_colorspace({clf_name(src), "Input", "", "Input transform " + src.filename().string() + " (CLF)", false, {},
                           {Transform::file(name)}, {}},
                          "file:" + name);
  }

  std::string add_look_file(const fs::path& file, const amf::Reference* ref, const std::string& description,
                            const fs::path& amf_path = {}) {
    const auto [src, name] = copied_clf(file, ref, amf_path, "look CLF");
    return add_look({clf_name(src), kReference, description.empty() ? "Look " + src.filename().string() : description,
                     Transform::file(name)},
                    "file:" + name);
  }

  std::string add_look(LookDef look, const std::string& key) {
    if (auto it = m_looks.find(key); it != m_looks.end()) return it->second;
    // A view's `looks` is a list separated by commas (and ':' in OCIO's look syntax).
    for (char& c : look.name) {
      if (c == ',' || c == ':' || c == '|' || c == ';') c = '_';
    }
    look.name = unique_colorspace_name(look.name);
    m_model.looks.push_back(look);
    m_report.looks.push_back(look.name);
    m_looks[key] = look.name;
    return look.name;
  }

  void add_amf(const fs::path& amf_path) {
    // The gate: exactly what `aceslab apply --amf` accepts (hashes, paths, ids), output aside.
    amf::RecipeOptions gate;
    gate.include_applied = m_request.include_applied;
    gate.allow_outside = m_request.allow_outside;
    gate.skip_output = true;
    amf::recipe_chain(amf_path, gate);
    const amf::Amf doc = amf::read_amf(amf_path);
    const amf::Pipeline& p = doc.pipeline;
    const std::string stem = amf_path.stem().string();
    auto runs = [&](const amf::TransformRef& t) { return !t.applied || m_request.include_applied; };

    if (p.input && runs(*p.input)) {
      const amf::TransformRef& in = *p.input;
      if (in.by_file()) {
        add_input_file({}, &in, amf_path);
      } else if (in.by_transform_id()) {
        add_colorspace({registry_name(in.transform_id), "Input", "", in.transform_id, false, {}, {csc(in.transform_id)}, {}},
                       "id:" + in.transform_id);
      } else if (in.inverse_output && in.inverse_output->by_transform_id()) {
        add_inverse_output_input(amf_path, in);
      }
    }

    std::vector<std::string> looks;
    for (std::size_t i = 0; i < p.looks.size(); ++i) {
      const amf::TransformRef& look = p.looks[i];
      if (!runs(look)) continue;
      const std::string description = look.description.empty() ? stem + " look " + std::to_string(i + 1) : look.description;
      if (look.is_cdl()) {
        looks.push_back(add_cdl_look(amf_path, look, stem + " CDL " + std::to_string(i + 1), description));
      } else if (look.by_file()) {
        looks.push_back(add_look_file({}, &look, description, amf_path));
      } else if (look.by_transform_id()) {
        const auto b = builtin_for_look(look.transform_id);
        if (!b) throw Error(ErrorKind::unsupported, "no built-in implementation of look " + look.transform_id, {amf_path.string(), look.id_line});
        looks.push_back(add_look({b->name, kReference, description, Transform::builtin(b->style, b->inverse)}, "id:" + look.transform_id));
      }
    }

    std::vector<const aces::OutputPreset*> outputs;
    if (p.output && runs(*p.output)) {
      const amf::TransformRef& out = *p.output;
      if (out.by_transform_id() && aces::aces_major_of_id(out.transform_id) == 2) {
        bool inverse = false;
        const aces::OutputPreset& preset = aces::find_output_preset(out.transform_id, &inverse);
        if (inverse) throw Error(ErrorKind::unsupported, "an inverse output transform as the AMF's output cannot be exported", {amf_path.string(), out.id_line});
        want_output(preset);
        outputs.push_back(&preset);
      } else {
        m_report.warnings.push_back(amf_path.string() + ":" + std::to_string(out.line) +
                                    ": the AMF's output transform is not ACES 2.0 by id; its looks are shown through the "
                                    "config's ACES 2.0 views (--output-transform adds more)");
      }
    }
    if (!looks.empty()) {
      std::string joined;
      for (const auto& l : looks) joined += (joined.empty() ? "" : ", ") + l;
      m_look_views.push_back({stem, joined, outputs});
    }
  }

  std::string add_cdl_look(const fs::path& amf_path, const amf::TransformRef& look, const std::string& name,
                           const std::string& description) {
    if (!look.cdl) {
      throw Error(ErrorKind::unsupported, "a CDL referenced from a .ccc file is not exported (embed the CDL in the AMF)",
                  {amf_path.string(), look.line});
    }
    Transform cdl;
    cdl.kind = Transform::Kind::cdl;
    cdl.slope = look.cdl->slope;
    cdl.offset = look.cdl->offset;
    cdl.power = look.cdl->power;
    cdl.saturation = look.cdl->saturation;
    std::vector<Transform> steps;
    const auto& ws = look.cdl_working_space;
    if (ws && ws->to) steps.push_back(reference_transform(amf_path, *ws->to));
    steps.push_back(cdl);
    if (ws && ws->from) {
      steps.push_back(reference_transform(amf_path, *ws->from));
    } else if (ws && ws->to && ws->to->by_transform_id()) {
      Transform back = csc(ws->to->transform_id);  // only "to" given: back by its inverse
      back.inverse = !back.inverse;
      steps.push_back(back);
    }
    std::ostringstream key;
    key << "cdl:" << name;
    return add_look({name, kReference, description, steps.size() == 1 ? steps.front() : Transform::group(steps)}, key.str());
  }

  void add_inverse_output_input(const fs::path& amf_path, const amf::TransformRef& in) {
    bool inverse = false;
    const aces::OutputPreset& preset = aces::find_output_preset(in.inverse_output->transform_id, &inverse);
    if (!has_builtins(preset, m_request.version)) {
      throw Error(ErrorKind::unsupported,
                  "an input given as an inverse ACES 2.0 output (" + preset.alias + ") needs OCIO 2.4 built-ins "
                  "(--ocio-version 2.4) or an input CLF", {amf_path.string(), in.line});
    }
    add_colorspace({display_for(preset).name + " (inverse " + view_for(preset).name + ")", "Input", "", in.inverse_output->transform_id,
                    false, {}, {Transform::builtin(display_for(preset).builtin, true), Transform::builtin(view_for(preset).builtin, true)}, {}},
                   "inv:" + preset.transform_id);
  }

  void want_output(const aces::OutputPreset& preset) {
    for (const auto* p : m_outputs) {
      if (p == &preset) return;
    }
    m_outputs.push_back(&preset);
  }

  DisplayDef& display(const std::string& name) {
    for (auto& d : m_model.displays) {
      if (d.name == name) return d;
    }
    m_model.displays.push_back({name, {}});
    return m_model.displays.back();
  }

  void add_output(const aces::OutputPreset& preset) {
    const DisplayMapping dm = display_for(preset);
    const ViewMapping vm = view_for(preset);
    ExportedView ev;
    ev.display = dm.name;
    ev.view = vm.name;
    ev.output_id = preset.transform_id;
    DisplayDef& disp = display(dm.name);
    if (has_builtins(preset, m_request.version)) {
      if (std::none_of(m_model.view_transforms.begin(), m_model.view_transforms.end(), [&](const auto& v) { return v.name == vm.name; })) {
        m_model.view_transforms.push_back({vm.name, "ACES 2.0 Output Transform rendering (OpenColorIO built-in)",
                                           Transform::builtin(vm.builtin)});
      }
      if (std::none_of(m_model.display_colorspaces.begin(), m_model.display_colorspaces.end(), [&](const auto& c) { return c.name == dm.name; })) {
        m_model.display_colorspaces.push_back({dm.name, "Display", dm.hdr ? "hdr-video" : "sdr-video",
                                               "CIE XYZ D65 to the display's code values (OpenColorIO built-in)", false, {},
                                               {}, {Transform::builtin(dm.builtin)}});
      }
      disp.views.push_back({vm.name, vm.name, dm.name, "", ""});
    } else {
      ev.baked = true;
      const std::string cs_name = unique_colorspace_name(vm.name + " - " + dm.name);
      const std::string file = reserve_name("aces2_" + preset.alias + ".clf");
      ev.file = m_lut_dir / file;
      m_model.colorspaces.push_back({cs_name, "ACES 2.0 Output (baked)", dm.hdr ? "hdr-video" : "sdr-video", "", false, {}, {},
                                     {Transform::file(file, "tetrahedral")}});
      m_jobs.push_back({ev.file, {}, &preset, m_report.views.size(), m_model.colorspaces.size() - 1});
      disp.views.push_back({vm.name, "", "", cs_name, ""});
      m_view_colorspace[&preset] = cs_name;
    }
    m_report.views.push_back(ev);
  }

  // One view per (look group, output): "<name> - <view>" with the looks applied in order.
  void add_look_views() {
    for (const auto& lv : m_look_views) {
      for (const auto* preset : m_outputs) {
        if (!lv.outputs.empty() && std::find(lv.outputs.begin(), lv.outputs.end(), preset) == lv.outputs.end()) continue;
        const DisplayMapping dm = display_for(*preset);
        const ViewMapping vm = view_for(*preset);
        ViewDef v{lv.name + " - " + vm.name, "", "", "", lv.looks};
        if (auto it = m_view_colorspace.find(preset); it != m_view_colorspace.end()) {
          v.colorspace = it->second;
        } else {
          v.view_transform = vm.name;
          v.display_colorspace = dm.name;
        }
        display(dm.name).views.push_back(v);
        ExportedView ev;
        ev.display = dm.name;
        ev.view = v.name;
        ev.output_id = preset->transform_id;
        ev.baked = !v.colorspace.empty();
        ev.looks = lv.looks;
        m_report.views.push_back(ev);
      }
    }
  }

  // ---- writing --------------------------------------------------------------------------------

  void write_all() {
    check_writable(m_config_path, m_overwrite);
    // A LUT folder that does not exist yet is created below; one that does must not hold the files.
    const bool had_dir = fs::exists(m_lut_dir);
    if (had_dir) {
      for (const auto& job : m_jobs) check_writable(job.dest, m_overwrite);
    }
    std::vector<fs::path> created;
    try {
      if (!m_jobs.empty()) fs::create_directories(m_lut_dir);
      for (const auto& job : m_jobs) {
        const bool existed = fs::exists(job.dest);
        if (job.bake) {
          const BakeError e = write_baked_output(job.dest, *job.bake, m_request.lut_size, m_request.threads, m_overwrite);
          ExportedView& v = m_report.views[job.view];
          v.error = e;
          m_model.colorspaces[job.colorspace].description =
              "ACES 2.0 Output Transform " + job.bake->transform_id + " baked by aceslab (LUT3D " +
              std::to_string(m_request.lut_size) + "^3 on a log2 shaper). Measured through OpenColorIO over " +
              std::to_string(e.samples) + " colours: max error " + fixed(e.max, 6) + " code values (" +
              fixed(e.max * 1023.0, 2) + " 10-bit codes), p99 " + fixed(e.p99, 6) + ", mean " + fixed(e.mean, 7) + ".";
          for (auto& lv : m_report.views) {
            if (lv.baked && lv.output_id == v.output_id) {
              lv.error = e;
              lv.file = job.dest;
            }
          }
        } else {
          write_file_atomically(job.dest, job.bytes, m_overwrite);
        }
        if (!existed) created.push_back(job.dest);
        m_report.files.push_back(job.dest);
      }
      write_file_atomically(m_config_path, write_config_yaml(m_model), m_overwrite);
    } catch (...) {
      // No config without its files: take back what this run created.
      std::error_code ec;
      for (const auto& f : created) fs::remove(f, ec);
      if (!had_dir) fs::remove(m_lut_dir, ec);
      throw;
    }
    m_report.files.push_back(m_config_path);
    m_report.config = m_config_path;
    m_report.profile = m_model.profile;
  }

  const OcioConfigRequest& m_request;
  fs::path m_config_path;
  Overwrite m_overwrite;
  std::string m_lut_dir_name;
  fs::path m_lut_dir;
  ConfigModel m_model;
  OcioConfigReport m_report;
  std::vector<FileJob> m_jobs;
  std::set<std::string> m_names;
  std::map<std::string, std::string> m_copies;  // source key -> file name in the LUT folder
  std::map<std::string, std::string> m_inputs;  // source key -> colour space
  std::map<std::string, std::string> m_looks;   // source key -> look
  std::vector<const aces::OutputPreset*> m_outputs;
  std::map<const aces::OutputPreset*, std::string> m_view_colorspace;  // baked views
  std::vector<LookView> m_look_views;
};

}  // namespace

OcioConfigReport write_ocio_config(const OcioConfigRequest& request, const fs::path& config_path, Overwrite overwrite) {
  if (request.lut_size < 2 || request.lut_size > 129) {
    throw Error(ErrorKind::usage, "--lut-size " + std::to_string(request.lut_size) + ": expected 2 to 129");
  }
  return Builder(request, config_path, overwrite).run();
}

}  // namespace aceslab::ocioconfig
