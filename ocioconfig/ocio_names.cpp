// SPDX-License-Identifier: Apache-2.0
#include "ocioconfig/ocio_names.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "color/error.h"

namespace aceslab::ocioconfig {
namespace {

using aces::Chromaticities;
namespace prim = aces::primaries;

constexpr double kXyTol = 1e-4;  // chromaticities are given to 4-5 decimals in every source

bool same_xy(const aces::xy& a, const aces::xy& b) { return std::abs(a.x - b.x) < kXyTol && std::abs(a.y - b.y) < kXyTol; }
bool same_primaries(const Chromaticities& a, const Chromaticities& b) {
  return same_xy(a.red, b.red) && same_xy(a.green, b.green) && same_xy(a.blue, b.blue);
}
bool same_space(const Chromaticities& a, const Chromaticities& b) { return same_primaries(a, b) && same_xy(a.white, b.white); }

Chromaticities with_aces_white(Chromaticities c) {
  c.white = prim::kWhiteACES;
  return c;
}

// OpenColorIO v2.4.0 ACES.cpp, "aces2_output_transforms": the ACES 2.0 output builtins and their
// parameters (peak luminance the tonescale renders to, limiting and encoding primaries, linear
// scale, white scaling). The style is "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - <suffix>".
struct OutputBuiltin {
  const char* suffix;
  double peak;
  Chromaticities limiting;
  Chromaticities encoding;
  double linear_scale;
  bool scale_white;
};

const std::vector<OutputBuiltin>& output_builtins() {
  static const Chromaticities k709 = prim::kRec709, kP3 = prim::kP3D65, k2020 = prim::kRec2020;
  static const Chromaticities k709d60 = with_aces_white(prim::kRec709), kP3d60 = with_aces_white(prim::kP3D65),
                              k2020d60 = with_aces_white(prim::kRec2020), kXyzE = prim::kXYZ_E;
  static const std::vector<OutputBuiltin> table = {
      {"SDR-100nit-REC709_2.0", 100, k709, k709, 1.0, false},
      {"SDR-100nit-P3-D65_2.0", 100, kP3, kP3, 1.0, false},
      {"HDR-108nit-P3-D65_2.0", 225, kP3, kP3, 0.48, false},
      {"HDR-300nit-P3-D65_2.0", 625, kP3, kP3, 0.48, false},
      {"HDR-500nit-P3-D65_2.0", 500, kP3, kP3, 1.0, false},
      {"HDR-1000nit-P3-D65_2.0", 1000, kP3, kP3, 1.0, false},
      {"HDR-2000nit-P3-D65_2.0", 2000, kP3, kP3, 1.0, false},
      {"HDR-4000nit-P3-D65_2.0", 4000, kP3, kP3, 1.0, false},
      {"HDR-500nit-REC2020_2.0", 500, k2020, k2020, 1.0, false},
      {"HDR-1000nit-REC2020_2.0", 1000, k2020, k2020, 1.0, false},
      {"HDR-2000nit-REC2020_2.0", 2000, k2020, k2020, 1.0, false},
      {"HDR-4000nit-REC2020_2.0", 4000, k2020, k2020, 1.0, false},
      {"SDR-100nit-REC709-D60-in-REC709-D65_2.0", 100, k709d60, k709, 1.0, true},
      {"SDR-100nit-REC709-D60-in-P3-D65_2.0", 100, k709d60, kP3, 1.0, true},
      {"SDR-100nit-REC709-D60-in-REC2020-D65_2.0", 100, k709d60, k2020, 1.0, true},
      {"SDR-100nit-P3-D60-in-P3-D65_2.0", 100, kP3d60, kP3, 1.0, true},
      {"SDR-100nit-P3-D60-in-XYZ-E_2.0", 100, kP3d60, kXyzE, 1.0, false},
      {"HDR-108nit-P3-D60-in-P3-D65_2.0", 225, kP3d60, kP3, 0.48, true},
      {"HDR-300nit-P3-D60-in-XYZ-E_2.0", 625, kP3d60, kXyzE, 0.48, true},
      {"HDR-500nit-P3-D60-in-P3-D65_2.0", 500, kP3d60, kP3, 1.0, true},
      {"HDR-1000nit-P3-D60-in-P3-D65_2.0", 1000, kP3d60, kP3, 1.0, true},
      {"HDR-2000nit-P3-D60-in-P3-D65_2.0", 2000, kP3d60, kP3, 1.0, true},
      {"HDR-4000nit-P3-D60-in-P3-D65_2.0", 4000, kP3d60, kP3, 1.0, true},
      {"HDR-500nit-P3-D60-in-REC2020-D65_2.0", 500, kP3d60, k2020, 1.0, true},
      {"HDR-1000nit-P3-D60-in-REC2020-D65_2.0", 1000, kP3d60, k2020, 1.0, true},
      {"HDR-2000nit-P3-D60-in-REC2020-D65_2.0", 2000, kP3d60, k2020, 1.0, true},
      {"HDR-4000nit-P3-D60-in-REC2020-D65_2.0", 4000, kP3d60, k2020, 1.0, true},
      {"HDR-500nit-REC2020-D60-in-REC2020-D65_2.0", 500, k2020d60, k2020, 1.0, true},
      {"HDR-1000nit-REC2020-D60-in-REC2020-D65_2.0", 1000, k2020d60, k2020, 1.0, true},
      {"HDR-2000nit-REC2020-D60-in-REC2020-D65_2.0", 2000, k2020d60, k2020, 1.0, true},
      {"HDR-4000nit-REC2020-D60-in-REC2020-D65_2.0", 4000, k2020d60, k2020, 1.0, true},
  };
  return table;
}

// OpenColorIO Displays.cpp: display builtins from CIE XYZ D65 to code values, with the studio
// config's display names. `scale` is a linear scale the builtin applies itself (DCDM: 48/52.37).
struct DisplayBuiltin {
  const char* name;
  const char* style;  // without the "DISPLAY - CIE-XYZ-D65_to_" prefix; "" = no builtin
  Chromaticities encoding;
  aces::Eotf eotf;
  OcioVersion since;
  double scale;
};

const std::vector<DisplayBuiltin>& display_builtins() {
  static const std::vector<DisplayBuiltin> table = {
      {"Rec.1886 Rec.709 - Display", "REC.1886-REC.709", prim::kRec709, aces::Eotf::bt1886, OcioVersion::v2_1, 1.0},
      {"sRGB - Display", "sRGB", prim::kRec709, aces::Eotf::srgb, OcioVersion::v2_1, 1.0},
      {"Gamma 2.2 Rec.709 - Display", "G2.2-REC.709", prim::kRec709, aces::Eotf::gamma2_2, OcioVersion::v2_1, 1.0},
      {"Rec.1886 Rec.2020 - Display", "REC.1886-REC.2020", prim::kRec2020, aces::Eotf::bt1886, OcioVersion::v2_1, 1.0},
      {"P3-D65 - Display", "G2.6-P3-D65", prim::kP3D65, aces::Eotf::gamma2_6, OcioVersion::v2_1, 1.0},
      {"Display P3 - Display", "DisplayP3", prim::kP3D65, aces::Eotf::srgb, OcioVersion::v2_4, 1.0},
      {"Gamma 2.2 P3-D65 - Display", "", prim::kP3D65, aces::Eotf::gamma2_2, OcioVersion::v2_4, 1.0},
      {"ST2084-P3-D65 - Display", "ST2084-P3-D65", prim::kP3D65, aces::Eotf::pq, OcioVersion::v2_1, 1.0},
      {"Rec.2100-PQ - Display", "REC.2100-PQ", prim::kRec2020, aces::Eotf::pq, OcioVersion::v2_1, 1.0},
      // OCIO's HLG display builtin puts some of the transform's colours several thousandths of a
      // code value away from aceslab's HLG (tests/ocioconfig, HlgDisplayBuiltinDiffers): baked.
      {"Rec.2100-HLG - Display", "", prim::kRec2020, aces::Eotf::hlg, OcioVersion::v2_4, 1.0},
      {"DCDM - Display", "DCDM-D65", prim::kXYZ_E, aces::Eotf::gamma2_6, OcioVersion::v2_4, 48.0 / 52.37},
      {"ST2084-DCDM - Display", "ST2084-DCDM-D65", prim::kXYZ_E, aces::Eotf::pq, OcioVersion::v2_4, 1.0},
  };
  return table;
}

constexpr const char* kOutputPrefix = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - ";
constexpr const char* kDisplayPrefix = "DISPLAY - CIE-XYZ-D65_to_";

const DisplayBuiltin* display_entry(const aces::OutputPreset& p) {
  for (const auto& d : display_builtins()) {
    if (same_space(d.encoding, p.params.encoding) && d.eotf == p.params.eotf) return &d;
  }
  return nullptr;
}

// The nominal peak in cd/m^2 the preset shows (its id's "<nits>nit", 48-nit cinema as the 100-nit
// rendering it is).
double nominal_nits(const aces::OutputPreset& p) {
  const DisplayBuiltin* d = display_entry(p);
  return p.params.peak_luminance * p.params.linear_scale / (d ? d->scale : 1.0);
}

bool hdr(const aces::OutputPreset& p) { return nominal_nits(p) > 100.5; }

std::string gamut_name(const Chromaticities& c) {
  if (same_primaries(c, prim::kRec709)) return "Rec.709";
  if (same_primaries(c, prim::kP3D65)) return "P3";
  if (same_primaries(c, prim::kRec2020)) return "Rec.2020";
  if (same_primaries(c, prim::kXYZ_E)) return "XYZ-E";
  return "custom";
}

const OutputBuiltin* output_entry(const aces::OutputPreset& p) {
  const DisplayBuiltin* d = display_entry(p);
  const double display_scale = d ? d->scale : 1.0;
  for (const auto& e : output_builtins()) {
    if (std::abs(e.peak - p.params.peak_luminance) > 0.5) continue;
    if (std::abs(e.linear_scale * display_scale - p.params.linear_scale) > 1e-6) continue;
    if (!same_space(e.limiting, p.params.limiting) || e.scale_white != p.params.d60_simulation) continue;
    if (e.scale_white && !same_space(e.encoding, p.params.encoding)) continue;
    return &e;
  }
  return nullptr;
}

}  // namespace

std::string_view ocio_version_id(OcioVersion v) { return v == OcioVersion::v2_1 ? "2.1" : "2.4"; }

OcioVersion parse_ocio_version(std::string_view text) {
  if (text == "2.1" || text == "2.2" || text == "2.3") return OcioVersion::v2_1;
  if (text == "2.4" || text == "2.5" || text == "2.6") return OcioVersion::v2_4;
  throw Error(ErrorKind::usage, "--ocio-version " + std::string(text) +
                                    ": expected 2.4 (ACES 2.0 built-ins; loads in OCIO 2.4 and later) or 2.1 "
                                    "(views baked to CLF; loads in OCIO 2.1 and later)");
}

DisplayMapping display_for(const aces::OutputPreset& preset) {
  DisplayMapping m;
  m.hdr = hdr(preset);
  const DisplayBuiltin* d = display_entry(preset);
  if (!d) {
    m.name = gamut_name(preset.params.encoding) + " " + std::string(aces::eotf_id(preset.params.eotf)) + " - Display";
    return m;
  }
  m.name = d->name;
  m.since = d->since;
  // Display P3: the studio config puts HDR and Rec.709-limited views on "Display P3 HDR", P3 SDR
  // on "Display P3" (the same unclamped, mirrored sRGB-curve builtin).
  if (preset.params.eotf == aces::Eotf::srgb && same_primaries(preset.params.encoding, prim::kP3D65) &&
      (m.hdr || !same_primaries(preset.params.limiting, prim::kP3D65))) {
    m.name = "Display P3 HDR - Display";
  }
  if (*d->style) m.builtin = std::string(kDisplayPrefix) + d->style;
  return m;
}

ViewMapping view_for(const aces::OutputPreset& preset) {
  const auto& q = preset.params;
  char nits[32];
  std::snprintf(nits, sizeof nits, "%.0f", nominal_nits(preset));
  std::string gamut = gamut_name(q.limiting);
  if (gamut == "P3" && !q.d60_simulation) gamut = "P3 D65";
  if (q.d60_simulation) {
    gamut += " D60 sim.";
    if (!same_primaries(q.limiting, q.encoding)) gamut += " in " + gamut_name(q.encoding);
  }
  ViewMapping m;
  m.name = std::string("ACES 2.0 - ") + (hdr(preset) ? "HDR " : "SDR ") + nits + " nits (" + gamut + ")";
  if (const OutputBuiltin* e = output_entry(preset)) m.builtin = std::string(kOutputPrefix) + e->suffix;
  return m;
}

bool has_builtins(const aces::OutputPreset& preset, OcioVersion version) {
  if (version != OcioVersion::v2_4) return false;  // OCIO 2.1 has no ACES 2.0 rendering
  return !view_for(preset).builtin.empty() && !display_for(preset).builtin.empty();
}

namespace {

// The ACES studio config's colour spaces defined by one builtin, by the CSC ids of their
// `amf_transform_ids` (urn:ampas:aces:transformId:v2.0: prefix left out).
struct CscBuiltin {
  const char* to_aces_id;
  const char* from_aces_id;
  const char* style;
  OcioVersion since;
  const char* name;
};
constexpr CscBuiltin kCscBuiltins[] = {
    {"CSC.Academy.ACEScc_to_ACES.a2.v1", "CSC.Academy.ACES_to_ACEScc.a2.v1", "ACEScc_to_ACES2065-1", OcioVersion::v2_1, "ACEScc"},
    {"CSC.Academy.ACEScct_to_ACES.a2.v1", "CSC.Academy.ACES_to_ACEScct.a2.v1", "ACEScct_to_ACES2065-1", OcioVersion::v2_1, "ACEScct"},
    {"CSC.Academy.ACEScg_to_ACES.a2.v1", "CSC.Academy.ACES_to_ACEScg.a2.v1", "ACEScg_to_ACES2065-1", OcioVersion::v2_1, "ACEScg"},
    {"CSC.Academy.ADX10_to_ACES.a2.v1", "", "ADX10_to_ACES2065-1", OcioVersion::v2_1, "ADX10"},
    {"CSC.Academy.ADX16_to_ACES.a2.v1", "", "ADX16_to_ACES2065-1", OcioVersion::v2_1, "ADX16"},
    {"CSC.Apple.AppleLog_BT2020_to_ACES.a2.v1", "CSC.Apple.ACES_to_AppleLog_BT2020.a2.v1", "APPLE_LOG_to_ACES2065-1",
     OcioVersion::v2_4, "Apple Log"},
    {"CSC.Canon.CLog2_CGamut_to_ACES.a1.v1", "CSC.Canon.ACES_to_CLog2_CGamut.a1.v1", "CANON_CLOG2-CGAMUT_to_ACES2065-1",
     OcioVersion::v2_1, "CanonLog2 CinemaGamut D55"},
    {"CSC.Canon.CLog3_CGamut_to_ACES.a1.v1", "CSC.Canon.ACES_to_CLog3_CGamut.a1.v1", "CANON_CLOG3-CGAMUT_to_ACES2065-1",
     OcioVersion::v2_1, "CanonLog3 CinemaGamut D55"},
    {"Look.Academy.ReferenceGamutCompress.a2.v1", "InvLook.Academy.ReferenceGamutCompress.a2.v1",
     "ACES-LMT - ACES 1.3 Reference Gamut Compression", OcioVersion::v2_1, "ACES 1.3 Reference Gamut Compression"},
};
constexpr std::string_view kUrnV2 = "urn:ampas:aces:transformId:v2.0:";

std::optional<BuiltinCsc> find_builtin(std::string_view id, bool looks) {
  if (id.rfind(kUrnV2, 0) != 0) return std::nullopt;
  id.remove_prefix(kUrnV2.size());
  for (const auto& e : kCscBuiltins) {
    const bool is_look = std::string_view(e.to_aces_id).rfind("Look.", 0) == 0;
    if (is_look != looks) continue;
    if (id == e.to_aces_id) return BuiltinCsc{e.style, false, e.since, e.name};
    if (*e.from_aces_id && id == e.from_aces_id) return BuiltinCsc{e.style, true, e.since, e.name};
  }
  return std::nullopt;
}

}  // namespace

std::optional<BuiltinCsc> builtin_for_csc(std::string_view transform_id) { return find_builtin(transform_id, false); }
std::optional<BuiltinCsc> builtin_for_look(std::string_view transform_id) { return find_builtin(transform_id, true); }

}  // namespace aceslab::ocioconfig
