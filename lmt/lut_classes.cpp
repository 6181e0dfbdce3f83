// SPDX-License-Identifier: Apache-2.0
#include "lmt/lut_classes.h"

#include <OpenColorIO/OpenColorIO.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "color/color_space.h"
#include "color/error.h"
#include "color/transfer_function.h"
#include "lmt/batch.h"

namespace OCIO = OCIO_NAMESPACE;

namespace aceslab::lmt {
namespace {

namespace fs = std::filesystem;

LutClass look_class(std::string id, std::string family, std::string description, std::string lut_in,
                    std::string display, std::string lut_out) {
  LutClass c;
  c.id = std::move(id);
  c.family = std::move(family);
  c.description = std::move(description);
  c.look.input = lut_in;
  c.look.display = std::move(display);
  c.look.title = "aceslab generated show LUT: " + c.id;
  c.lut_in = std::move(lut_in);
  c.lut_out = std::move(lut_out);
  return c;
}

LutClass aces1_class(const std::string& output, LutFormat format, const std::string& lut_out) {
  LutClass c;
  c.id = "aces1_" + output + "_from_acescct";
  if (format != LutFormat::cube_resolve) c.id += "_" + std::string(lut_format_id(format));
  for (char& ch : c.id) {
    if (ch == '-' || ch == '.') ch = '_';
  }
  c.family = "aces1";
  c.description = "ACES 1.x Output Transform (RRT + ODT, OpenColorIO 2.1 builtins) " + output +
                  " baked from ACEScct at 65^3, " + std::string(lut_format_id(format));
  c.source = LutSource::aces1_output;
  c.aces1_output = output;
  c.format = format;
  c.lut_in = "acescct";
  c.lut_out = lut_out;
  return c;
}

std::vector<LutClass> build_classes() {
  std::vector<LutClass> v;
  // Camera looks, each a different camera and display.
  {
    LutClass c = look_class("ipp2_high_log3g10_rec709", "camera",
                            "IPP2-like Log3G10/RWG -> Rec.709 BT.1886, strong S-curve (contrast 1.75), soft roll-off",
                            "log3g10-rwg", "rec709-bt1886", "rec709-bt1886-100nit");
    c.look.contrast = 1.75;
    v.push_back(c);
    LutClass low = look_class("ipp2_low_log3g10_rec709", "camera",
                              "IPP2-like Log3G10/RWG -> Rec.709 BT.1886, gentle S-curve (contrast 1.25)", "log3g10-rwg",
                              "rec709-bt1886", "rec709-bt1886-100nit");
    low.look.contrast = 1.25;
    v.push_back(low);
  }
  {
    LutClass c = look_class("unclamped_logc4_rec709", "camera",
                            "LogC4/AWG4 -> Rec.709 BT.1886, unclamped: highlights above 1.0, out-of-gamut colours below 0",
                            "logc4-awg4", "rec709-bt1886", "rec709-bt1886-100nit");
    c.look.clamp = false;
    v.push_back(c);
  }
  v.push_back(look_class("print_cineon_rec709", "camera",
                         "film-print emulation (per-channel contrast and grey, dye cross-talk) Cineon 95/685 film log "
                         "(Rec.709 primaries) -> Rec.709",
                         "cineon-rec709", "rec709-bt1886", "rec709-bt1886-100nit"));
  v.back().look.style = LookStyle::print;
  v.back().look.contrast = 1.5;
  // Secondary cameras.
  v.push_back(look_class("flog2_fgamut_rec709", "camera", "Fujifilm F-Log2/F-Gamut -> Rec.709 BT.1886", "flog2-fgamut",
                         "rec709-bt1886", "rec709-bt1886-100nit"));
  v.push_back(look_class("nlog_rec2020_srgb", "camera", "Nikon N-Log/BT.2020 -> sRGB", "nlog-rec2020", "rec709-srgb",
                         "rec709-srgb-100nit"));
  v.push_back(look_class("dlog_dgamut_rec709", "camera", "DJI D-Log/D-Gamut -> Rec.709 BT.1886", "dlog-dgamut",
                         "rec709-bt1886", "rec709-bt1886-100nit"));
  // Displays.
  v.push_back(look_class("srgb_vlog", "display", "V-Log/V-Gamut -> sRGB piecewise display", "vlog-vgamut",
                         "rec709-srgb", "rec709-srgb-100nit"));
  v.push_back(look_class("cinema_p3d65_slog3", "display", "S-Log3/S-Gamut3.Cine -> P3-D65 gamma 2.6 (48 nit cinema)",
                         "slog3-sgamut3cine", "p3d65-gamma2.6", "p3d65-gamma2.6-48nit"));
  {
    LutClass c = look_class("cinema_dcip3_logc3", "display",
                            "LogC3/AWG3 -> DCI-P3 gamma 2.6 (DCI white; 48 nit cinema)", "logc3-ei800-awg3",
                            "p3dci-gamma2.6", "p3d65-gamma2.6-48nit");
    c.lut_out_encoding = "p3dci-gamma2.6";
    v.push_back(c);
  }
  v.push_back(look_class("cinema_dcdm_logc4", "display",
                         "LogC4/AWG4 -> DCDM X'Y'Z' gamma 2.6 (P3-D65 limited, 48 nit cinema, as for a DCP)",
                         "logc4-awg4", "xyz-gamma2.6-p3", "xyz-gamma2.6-48nit-p3"));
  v.push_back(look_class("pq_p3d65_slog3", "display", "S-Log3/S-Gamut3 -> P3-D65 ST 2084 (PQ) 1000 nit",
                         "slog3-sgamut3", "p3d65-pq-1000nit", "p3d65-pq-1000nit"));
  v.push_back(look_class("pq_rec2100_logc4", "display", "LogC4/AWG4 -> Rec.2100 PQ 1000 nit (P3-limited)", "logc4-awg4",
                         "rec2100-pq-1000nit-p3", "rec2100-pq-1000nit-p3"));
  v.push_back(look_class("hlg_bmdfilm", "display", "Blackmagic Film Gen5 -> Rec.2100 HLG 1000 nit (P3-limited)",
                         "bmdfilm-gen5", "rec2100-hlg-1000nit-p3", "rec2100-hlg-1000nit-p3"));
  // Structure: shaper, legal range, 1D only.
  {
    LutClass c = look_class("shaper_slog3_srgb", "structure", "S-Log3/S-Gamut3.Cine -> sRGB with a 1D shaper (1024) + 33^3",
                            "slog3-sgamut3cine", "rec709-srgb", "rec709-srgb-100nit");
    c.look.shaper_size = 1024;
    v.push_back(c);
    LutClass legal = look_class("legal_logc3_rec709", "structure", "LogC3/AWG3 -> Rec.709, legal range in and out",
                                "logc3-ei800-awg3", "rec709-bt1886", "rec709-bt1886-100nit");
    legal.look.legal_input = legal.look.legal_output = true;
    legal.lut_in_range = legal.lut_out_range = CodeRange::legal;
    v.push_back(legal);
    LutClass legal_hdr = look_class("legal_pq_slog3", "structure", "S-Log3/S-Gamut3 -> P3-D65 PQ 1000 nit, legal range in and out",
                                    "slog3-sgamut3", "p3d65-pq-1000nit", "p3d65-pq-1000nit");
    legal_hdr.look.legal_input = legal_hdr.look.legal_output = true;
    legal_hdr.lut_in_range = legal_hdr.lut_out_range = CodeRange::legal;
    v.push_back(legal_hdr);
    LutClass one = look_class("oned_logc3_rec709", "structure", "LogC3 -> Rec.709 BT.1886, a 1D LUT only (4096 entries)",
                              "logc3-ei800-awg3", "rec709-bt1886", "rec709-bt1886-100nit");
    one.source = LutSource::look_1d;
    one.look.size = 4096;
    v.push_back(one);
  }
  // The IPP2-like table in every other format, and with a shaper in the formats that carry one.
  for (LutFormat f : all_lut_formats()) {
    if (f == LutFormat::cube_resolve) continue;
    LutClass c = v.front();
    c.id += "_" + std::string(lut_format_id(f));
    for (char& ch : c.id) {
      if (ch == '-') ch = '_';
    }
    c.family = "format";
    c.description = "the IPP2-like table as " + std::string(lut_format_id(f));
    c.format = f;
    v.push_back(c);
  }
  for (LutFormat f : {LutFormat::cube_resolve, LutFormat::csp, LutFormat::clf, LutFormat::cub, LutFormat::threedl_flame}) {
    LutClass c = v.front();
    c.id += "_shaper_" + std::string(lut_format_id(f));
    for (char& ch : c.id) {
      if (ch == '-') ch = '_';
    }
    c.family = "format";
    // The .3dl mesh line is the shaper: one entry per lattice point.
    c.look.shaper_size = f == LutFormat::threedl_flame ? c.look.size : 1024;
    c.description = "the IPP2-like look with a 1D shaper (x^0.8, " + std::to_string(c.look.shaper_size) + ") + 33^3, as " +
                    std::string(lut_format_id(f));
    c.format = f;
    v.push_back(c);
  }
  // Misdeclared LUTs the maker must recognise (lut_diagnosis.h): a camera conversion LUT whose
  // output is log (like Sony's S-Log2 -> "709"-ish conversion LUTs) given as a display LUT, and a
  // legal-range LUT given as full range.
  {
    LutClass c = look_class("slog2_to_slog3_as_display", "diagnosis",
                            "S-Log2/S-Gamut -> S-Log3/S-Gamut3 conversion (log out) declared as Rec.709 display",
                            "slog2-sgamut", "rec709-bt1886", "rec709-bt1886-100nit");
    c.source = LutSource::log_to_log;
    c.log_output = "slog3-sgamut3";
    v.push_back(c);
    LutClass legal = look_class("legal_given_as_full", "diagnosis", "LogC3 -> Rec.709 legal range, declared full range",
                                "logc3-ei800-awg3", "rec709-bt1886", "rec709-bt1886-100nit");
    legal.look.legal_output = true;
    v.push_back(legal);
  }
  // ACES 1.x Output Transforms baked from ACEScct.
  for (LutFormat f : {LutFormat::cube_resolve, LutFormat::threedl_flame, LutFormat::spi3d}) {
    v.push_back(aces1_class("rec709", f, "rec709-bt1886-100nit"));
    v.push_back(aces1_class("srgb", f, "rec709-srgb-100nit"));
    v.push_back(aces1_class("p3d65-pq-1000nit", f, "p3d65-pq-1000nit"));
  }
  // A broadcast HDR master's look: ACES 1.x Rec.2020-limited 1000 nit rendering encoded HLG, carried
  // to ACES 2.0's HLG output (P3-D65 limited: the colours between P3 and Rec.2020 are unreachable).
  v.push_back(aces1_class("rec2100-hlg-1000nit", LutFormat::cube_resolve, "rec2100-hlg-1000nit-p3"));
  return v;
}

// OpenColorIO 2.1 builtins of an ACES 1.x output: the RRT + ODT to CIE XYZ D65, then the display.
std::pair<const char*, const char*> aces1_builtins(const std::string& output) {
  if (output == "rec709") {
    return {"ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0", "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709"};
  }
  if (output == "srgb") return {"ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0", "DISPLAY - CIE-XYZ-D65_to_sRGB"};
  if (output == "p3d65-pq-1000nit") {
    return {"ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-1000nit-15nit-P3lim_1.1",
            "DISPLAY - CIE-XYZ-D65_to_ST2084-P3-D65"};
  }
  if (output == "rec2100-hlg-1000nit") {
    return {"ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-1000nit-15nit-REC2020lim_1.1",
            "DISPLAY - CIE-XYZ-D65_to_REC.2100-HLG-1000nit"};
  }
  throw Error(ErrorKind::usage,
              "unknown ACES 1.x output \"" + output + "\" (valid: rec709, srgb, p3d65-pq-1000nit, rec2100-hlg-1000nit)");
}

CubeFile aces1_table(const std::string& output, int size) {
  const auto [rrt_odt, display] = aces1_builtins(output);
  auto group = OCIO::GroupTransform::Create();
  for (const char* style : {"ACEScct_to_ACES2065-1", rrt_odt, display}) {
    auto b = OCIO::BuiltinTransform::Create();
    b->setStyle(style);
    group->appendTransform(b);
  }
  CubeFile cube;
  cube.title = "ACES 1.x " + output + " from ACEScct (OpenColorIO 2.1 builtins)";
  cube.dialect = CubeDialect::resolve;
  CubeTable t;
  t.size = size;
  t.values.reserve(3 * static_cast<std::size_t>(size) * size * size);
  for (int b = 0; b < size; ++b)
    for (int g = 0; g < size; ++g)
      for (int r = 0; r < size; ++r) {
        t.values.insert(t.values.end(), {static_cast<float>(r) / (size - 1), static_cast<float>(g) / (size - 1),
                                         static_cast<float>(b) / (size - 1)});
      }
  try {
    auto cpu = OCIO::Config::CreateRaw()->getProcessor(group)->getDefaultCPUProcessor();
    OCIO::PackedImageDesc desc(t.values.data(), static_cast<long>(t.values.size() / 3), 1, 3);
    cpu->apply(desc);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::internal, std::string("OpenColorIO ACES 1.x builtins: ") + e.what());
  }
  // The builtins do not clamp (ACEScct near 0 is negative scene light, which the sRGB curve's
  // linear segment passes on as -6); a LUT baked for a display holds display code values, as the
  // CTL ODTs' final clamp and every grading system's bake give.
  for (float& v : t.values) v = std::clamp(v, 0.0f, 1.0f);
  cube.lut3d = std::move(t);
  return cube;
}

// A camera-to-camera conversion: decode, gamut matrix through ACES, encode, clipped to [0,1].
CubeFile log_to_log_table(const std::string& from, const std::string& to, int size) {
  const aces::ColorSpace& a = aces::find_color_space(from);
  const aces::ColorSpace& b = aces::find_color_space(to);
  const aces::Mat3 m = b.from_ACES2065_1() * a.to_ACES2065_1();
  CubeFile cube;
  cube.title = from + " to " + to;
  cube.dialect = CubeDialect::resolve;
  CubeTable t;
  t.size = size;
  for (int bi = 0; bi < size; ++bi)
    for (int g = 0; g < size; ++g)
      for (int r = 0; r < size; ++r) {
        const int idx[3] = {r, g, bi};
        aces::Vec3 lin;
        for (int c = 0; c < 3; ++c) lin[c] = a.transfer->to_linear(static_cast<double>(idx[c]) / (size - 1));
        const aces::Vec3 out = m * lin;
        for (int c = 0; c < 3; ++c) t.values.push_back(static_cast<float>(std::clamp(b.transfer->to_code(out[c]), 0.0, 1.0)));
      }
  cube.lut3d = std::move(t);
  return cube;
}

}  // namespace

std::string LutClass::file_name() const { return id + std::string(lut_format_extension(format)); }

LmtSettings LutClass::settings() const {
  LmtSettings s;
  s.lut_in = lut_in;
  s.lut_out = lut_out;
  s.lut_in_range = lut_in_range;
  s.lut_out_range = lut_out_range;
  s.lut_out_encoding = lut_out_encoding;
  return s;
}

const std::vector<LutClass>& show_lut_classes() {
  static const std::vector<LutClass> classes = build_classes();
  return classes;
}

const LutClass& find_show_lut_class(const std::string& id) {
  for (const auto& c : show_lut_classes()) {
    if (c.id == id) return c;
  }
  throw Error(ErrorKind::usage, "unknown show LUT class \"" + id + "\"");
}

CubeFile make_class_table(const LutClass& c) {
  switch (c.source) {
    case LutSource::look:
      return make_sample_lut(c.look);
    case LutSource::look_1d: {
      const SampleDisplay& d = find_sample_display(c.look.display);
      return make_sample_lut_1d(c.look.input, std::string(aces::eotf_id(d.eotf)), c.look.size, c.look.contrast);
    }
    case LutSource::aces1_output:
      return aces1_table(c.aces1_output, c.aces1_size);
    case LutSource::log_to_log:
      return log_to_log_table(c.look.input, c.log_output, c.look.size);
  }
  throw Error(ErrorKind::internal, "unknown LUT source");
}

fs::path write_class_lut(const LutClass& c, const fs::path& dir, Overwrite overwrite) {
  fs::create_directories(dir);
  const fs::path path = dir / c.file_name();
  const CubeFile table = make_class_table(c);
  if (!table.lut3d) {
    write_file_atomically(path, write_cube(table), overwrite);  // 1D only: .cube
  } else {
    write_lut_file(table, c.format, path, overwrite);
  }
  return path;
}

fs::path write_test_library(const fs::path& dir, Overwrite overwrite) {
  nlohmann::json luts = nlohmann::json::array();
  for (const auto& c : show_lut_classes()) {
    write_class_lut(c, dir, overwrite);
    nlohmann::json entry = {{"file", c.file_name()}, {"lut_in", c.lut_in}, {"lut_out", c.lut_out}};
    if (c.lut_in_range != CodeRange::full) entry["lut_in_range"] = std::string(code_range_id(c.lut_in_range));
    if (c.lut_out_range != CodeRange::full) entry["lut_out_range"] = std::string(code_range_id(c.lut_out_range));
    if (!c.lut_out_encoding.empty()) entry["lut_out_encoding"] = c.lut_out_encoding;
    luts.push_back(entry);
  }
  // Every LUT also gets its closest CDL, so the summary shows how far a CDL-only system would be.
  const nlohmann::json manifest = {
      {"schema", kBatchSchema}, {"defaults", {{"cdl", true}}}, {"output_dir", "lmt"}, {"luts", luts}};
  const fs::path path = dir / "library.json";
  write_file_atomically(path, manifest.dump(2) + "\n", overwrite);
  return path;
}

}  // namespace aceslab::lmt
