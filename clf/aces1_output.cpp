// SPDX-License-Identifier: Apache-2.0
#include "clf/aces1_output.h"

#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include "clf/aces1_odt.h"
#include "clf/ocio_bridge.h"
#include "color/chromaticity.h"
#include "color/error.h"
#include "pipeline/transform_registry.h"

namespace aceslab::aces {
namespace {

// How the display encoding after the OCIO view transform (CIE XYZ, D65 white) is built.
enum class Encoding {
  builtin,       // an OCIO 2.1 "DISPLAY - …" builtin
  dcdm,          // X'Y'Z' of the ACES white, no limiting (ODT.Academy.DCDM)
  dcdm_p3d60,    // X'Y'Z' limited to P3-D60 (ODT.Academy.DCDM_P3D60limited)
  dcdm_p3d65,    // X'Y'Z' limited to P3-D65 (ODT.Academy.DCDM_P3D65limited)
  display_p3,    // P3-D65 primaries, sRGB piecewise curve (ODT.Academy.DisplayP3_dim)
  ctl,           // no OCIO at all: RRT + ODT evaluated by aceslab from the CTL (aces1_odt.h)
};

struct Row {
  const char* odt_name;
  std::vector<const char*> synonyms;  // other id bodies the registry or the CTL use for it
  const char* alias;
  const char* name;
  const char* display;
  double peak;
  const char* output;
  Encoding encoding;
  const char* display_builtin;
  const char* aces2;
  aces1::Aces10Odt ctl_odt{};  // with Encoding::ctl
};

constexpr const char* kSdrVideo = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0";
constexpr const char* kSdrVideoD60 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO-D60sim-D65_1.0";
constexpr const char* kSdrVideoP3 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO-P3lim_1.1";
constexpr const char* kSdrVideo709 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO-REC709lim_1.1";
constexpr const char* kSdrCinema = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-CINEMA_1.0";
constexpr const char* kSdrCinema709 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-CINEMA-REC709lim_1.1";
constexpr const char* kSdrCinemaD60 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-CINEMA-D60sim-D65_1.1";
constexpr const char* kSdrCinemaDciD60 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-CINEMA-D60sim-DCI_1.0";
constexpr const char* kSdrCinemaDciD65 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-CINEMA-D65sim-DCI_1.1";
constexpr const char* kHdrCinema108 = "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-CINEMA-108nit-7.2nit-P3lim_1.1";
constexpr const char* kDisp709 = "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709";
constexpr const char* kDisp2020 = "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.2020";
constexpr const char* kDispSRGB = "DISPLAY - CIE-XYZ-D65_to_sRGB";
constexpr const char* kDispP3D65 = "DISPLAY - CIE-XYZ-D65_to_G2.6-P3-D65";
constexpr const char* kDispP3DCI = "DISPLAY - CIE-XYZ-D65_to_G2.6-P3-DCI-BFD";
constexpr const char* kDispP3D60 = "DISPLAY - CIE-XYZ-D65_to_G2.6-P3-D60-BFD";
constexpr const char* kDispPQ2100 = "DISPLAY - CIE-XYZ-D65_to_REC.2100-PQ";
constexpr const char* kDispPQP3 = "DISPLAY - CIE-XYZ-D65_to_ST2084-P3-D65";
constexpr const char* kDispHLG = "DISPLAY - CIE-XYZ-D65_to_REC.2100-HLG-1000nit";

constexpr const char* kP3D60PqWords = "P3 primaries, ACES (~D60) white, ST 2084 (PQ)";

constexpr const char* kDcdmWords = "CIE XYZ, DCDM X'Y'Z' gamma 2.6 (SMPTE ST 428-1, 52.37 cd/m^2 = 1.0)";

// The view transform and display of each ODT are those OCIO's ACES 1.3 studio config (OCIO
// builtinconfigs/StudioConfig.cpp, "ACEStransformID:" lines of each view transform) pairs with it;
// the 1.0.x spellings and the D60sim / limited variants follow the CTL of each ODT (aces-core
// transforms/ctl/odt/…): same tone scale, surround, white scaling and limiting as the builtin.
const std::vector<Row>& rows() {
  static const std::vector<Row> all = {
      {"Rec709_100nits_dim", {}, "aces1-rec709-bt1886-100nit", "ACES 1.0 Output - Rec.709",
       "Rec.709 primaries, BT.1886 (gamma 2.4)", 100, kSdrVideo, Encoding::builtin, kDisp709, "rec709-bt1886-100nit"},
      {"Rec709_D60sim_100nits_dim", {}, "aces1-rec709-bt1886-100nit-d60sim", "ACES 1.0 Output - Rec.709 (D60 sim.)",
       "Rec.709 primaries, BT.1886 (gamma 2.4)", 100, kSdrVideoD60, Encoding::builtin, kDisp709,
       "rec709-bt1886-100nit-d60sim"},
      {"RGBmonitor_100nits_dim", {}, "aces1-rec709-srgb-100nit", "ACES 1.0 Output - sRGB",
       "Rec.709 primaries, sRGB piecewise", 100, kSdrVideo, Encoding::builtin, kDispSRGB, "rec709-srgb-100nit"},
      {"RGBmonitor_D60sim_100nits_dim", {}, "aces1-rec709-srgb-100nit-d60sim", "ACES 1.0 Output - sRGB (D60 sim.)",
       "Rec.709 primaries, sRGB piecewise", 100, kSdrVideoD60, Encoding::builtin, kDispSRGB, "rec709-srgb-100nit-d60sim"},
      {"Rec2020_100nits_dim", {}, "aces1-rec2020-bt1886-100nit", "ACES 1.0 Output - Rec.2020",
       "Rec.2020 primaries, BT.1886 (gamma 2.4)", 100, kSdrVideo, Encoding::builtin, kDisp2020, ""},
      {"Rec2020_P3D65limited_100nits_dim", {"Rec2020_100nits"}, "aces1-rec2020-bt1886-100nit-p3",
       "ACES 1.0 Output - Rec.2020 (P3D65 Limited)", "Rec.2020 primaries, BT.1886 (gamma 2.4)", 100, kSdrVideoP3,
       Encoding::builtin, kDisp2020, ""},
      {"Rec2020_Rec709limited_100nits_dim", {"Rec2020_Rec709limited_100nits"}, "aces1-rec2020-bt1886-100nit-rec709",
       "ACES 1.0 Output - Rec.2020 (Rec.709 Limited)", "Rec.2020 primaries, BT.1886 (gamma 2.4)", 100, kSdrVideo709,
       Encoding::builtin, kDisp2020, ""},
      {"DisplayP3_dim", {}, "aces1-p3d65-srgb-100nit", "ACES 1.0 Output - DisplayP3",
       "P3-D65 primaries, sRGB piecewise (Display P3)", 100, kSdrVideo, Encoding::display_p3, "",
       "p3d65-srgb-100nit"},
      {"DisplayP3_D60sim_dim", {}, "aces1-p3d65-srgb-100nit-d60sim", "ACES 1.0 Output - DisplayP3 (D60 sim.)",
       "P3-D65 primaries, sRGB piecewise (Display P3)", 100, kSdrVideoD60, Encoding::display_p3, "",
       "p3d65-srgb-100nit-d60sim"},
      {"P3D65_48nits", {}, "aces1-p3d65-gamma2.6-48nit", "ACES 1.0 Output - P3D65", "P3-D65 primaries, gamma 2.6",
       48, kSdrCinema, Encoding::builtin, kDispP3D65, "p3d65-gamma2.6-48nit"},
      {"P3D65_Rec709limited_48nits", {"P3D65_709limit_48nits"}, "aces1-p3d65-gamma2.6-48nit-rec709",
       "ACES 1.0 Output - P3D65 (Rec.709 Limited)", "P3-D65 primaries, gamma 2.6", 48, kSdrCinema709,
       Encoding::builtin, kDispP3D65, "p3d65-gamma2.6-48nit-rec709"},
      {"P3D65_D60sim_48nits", {}, "aces1-p3d65-gamma2.6-48nit-d60sim", "ACES 1.0 Output - P3D65 (D60 simulation)",
       "P3-D65 primaries, gamma 2.6", 48, kSdrCinemaD60, Encoding::builtin, kDispP3D65, "p3d65-gamma2.6-48nit-d60sim"},
      {"P3DCI_48nits", {"P3DCI_D60sim_48nits"}, "aces1-p3dci-gamma2.6-48nit-d60sim",
       "ACES 1.0 Output - P3-DCI (D60 simulation)", "P3-DCI primaries and white, gamma 2.6", 48, kSdrCinemaDciD60,
       Encoding::builtin, kDispP3DCI, ""},
      {"P3DCI_D65sim_48nits", {}, "aces1-p3dci-gamma2.6-48nit-d65sim", "ACES 1.0 Output - P3-DCI (D65 simulation)",
       "P3-DCI primaries and white, gamma 2.6", 48, kSdrCinemaDciD65, Encoding::builtin, kDispP3DCI, ""},
      {"P3D60_48nits", {}, "aces1-p3d60-gamma2.6-48nit", "ACES 1.0 Output - P3-D60",
       "P3 primaries, ACES (~D60) white, gamma 2.6", 48, kSdrCinema, Encoding::builtin, kDispP3D60, ""},
      {"DCDM", {}, "aces1-xyz-gamma2.6-48nit", "ACES 1.0 Output - DCDM", kDcdmWords, 48, kSdrCinema, Encoding::dcdm,
       "", "xyz-gamma2.6-48nit-p3-d60sim"},
      {"DCDM_P3D60", {"DCDM_P3D60limited"}, "aces1-xyz-gamma2.6-48nit-p3d60", "ACES 1.0 Output - DCDM (P3D60 Limited)",
       kDcdmWords, 48, kSdrCinema, Encoding::dcdm_p3d60, "", "xyz-gamma2.6-48nit-p3-d60sim"},
      {"DCDM_P3D65limited", {}, "aces1-xyz-gamma2.6-48nit-p3", "ACES 1.0 Output - DCDM (P3D65 Limited)", kDcdmWords,
       48, kSdrCinema, Encoding::dcdm_p3d65, "", "xyz-gamma2.6-48nit-p3"},
      {"P3D65_108nits_7point2nits_ST2084", {"P3D65_108nits_7.2nits_ST2084"}, "aces1-p3d65-pq-108nit",
       "ACES 1.0 Output - P3D65 ST2084 (108 nits)", "P3-D65 primaries, ST 2084 (PQ)", 108, kHdrCinema108,
       Encoding::builtin, kDispPQP3, "p3d65-pq-108nit"},
      {"P3D65_1000nits_15nits_ST2084", {}, "aces1-p3d65-pq-1000nit", "ACES 1.0 Output - P3-D65 ST2084 (1000 nits)",
       "P3-D65 primaries, ST 2084 (PQ)", 1000,
       "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-1000nit-15nit-P3lim_1.1", Encoding::builtin, kDispPQP3,
       "p3d65-pq-1000nit"},
      {"P3D65_2000nits_15nits_ST2084", {}, "aces1-p3d65-pq-2000nit", "ACES 1.0 Output - P3-D65 ST2084 (2000 nits)",
       "P3-D65 primaries, ST 2084 (PQ)", 2000,
       "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-2000nit-15nit-P3lim_1.1", Encoding::builtin, kDispPQP3,
       "p3d65-pq-2000nit"},
      {"P3D65_4000nits_15nits_ST2084", {}, "aces1-p3d65-pq-4000nit", "ACES 1.0 Output - P3-D65 ST2084 (4000 nits)",
       "P3-D65 primaries, ST 2084 (PQ)", 4000,
       "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-4000nit-15nit-P3lim_1.1", Encoding::builtin, kDispPQP3,
       "p3d65-pq-4000nit"},
      {"Rec2020_1000nits_15nits_ST2084", {}, "aces1-rec2100-pq-1000nit",
       "ACES 1.0 Output - Rec.2020 ST2084 (1000 nits)", "Rec.2020 primaries, ST 2084 (PQ)", 1000,
       "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-1000nit-15nit-REC2020lim_1.1", Encoding::builtin,
       kDispPQ2100, "rec2100-pq-1000nit"},
      {"Rec2020_2000nits_15nits_ST2084", {}, "aces1-rec2100-pq-2000nit",
       "ACES 1.0 Output - Rec.2020 ST2084 (2000 nits)", "Rec.2020 primaries, ST 2084 (PQ)", 2000,
       "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-2000nit-15nit-REC2020lim_1.1", Encoding::builtin,
       kDispPQ2100, "rec2100-pq-2000nit"},
      {"Rec2020_4000nits_15nits_ST2084", {}, "aces1-rec2100-pq-4000nit",
       "ACES 1.0 Output - Rec.2020 ST2084 (4000 nits)", "Rec.2020 primaries, ST 2084 (PQ)", 4000,
       "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-4000nit-15nit-REC2020lim_1.1", Encoding::builtin,
       kDispPQ2100, "rec2100-pq-4000nit"},
      {"Rec2020_1000nits_15nits_HLG", {}, "aces1-rec2100-hlg-1000nit", "ACES 1.0 Output - Rec.2020 HLG (1000 nits)",
       "Rec.2020 primaries, ARIB STD-B67 (HLG), 1000 cd/m^2", 1000,
       "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - HDR-VIDEO-1000nit-15nit-REC2020lim_1.1", Encoding::builtin, kDispHLG,
       "rec2100-hlg-1000nit-p3"},
      // The HDR ODTs of ACES 1.0-1.0.3 (segmented-spline c9 tone scale, then PQ), superseded by the
      // 1.1 RRTODTs above and without an OCIO builtin: "ST2048" (ACES 1.0.1) was a misnumbering of
      // ST 2084, and the registry lists those ids as the previous equivalents of the ST2084 ones.
      {"P3D60_ST2084_1000nits", {"P3D60_ST2048_1000nits"}, "aces1-p3d60-pq-1000nit", "ACES 1.0 Output - P3-D60 ST2084 (1000 nits) [ACES 1.0.1-1.0.3 ODT]",
       kP3D60PqWords, 1000, "", Encoding::ctl, "", "", aces1::Aces10Odt::p3d60_st2084_1000nits},
      {"P3D60_ST2084_2000nits", {"P3D60_ST2048_2000nits"}, "aces1-p3d60-pq-2000nit", "ACES 1.0 Output - P3-D60 ST2084 (2000 nits) [ACES 1.0.1-1.0.3 ODT]",
       kP3D60PqWords, 2000, "", Encoding::ctl, "", "", aces1::Aces10Odt::p3d60_st2084_2000nits},
      {"P3D60_ST2084_4000nits", {"P3D60_ST2048_4000nits"}, "aces1-p3d60-pq-4000nit", "ACES 1.0 Output - P3-D60 ST2084 (4000 nits) [ACES 1.0.1-1.0.3 ODT]",
       kP3D60PqWords, 4000, "", Encoding::ctl, "", "", aces1::Aces10Odt::p3d60_st2084_4000nits},
      // ACES 1.0's own (a1.0.0): a different low end of the tone scale (black at 0.005 cd/m^2).
      {"P3D60_PQ_1000nits", {}, "aces1-p3d60-pq-1000nit-a1.0.0", "ACES 1.0 Output - P3-D60 PQ (1000 nits) [ACES 1.0 ODT]", kP3D60PqWords, 1000, "",
       Encoding::ctl, "", "", aces1::Aces10Odt::p3d60_pq_1000nits},
      {"P3D60_PQ_2000nits", {}, "aces1-p3d60-pq-2000nit-a1.0.0", "ACES 1.0 Output - P3-D60 PQ (2000 nits) [ACES 1.0 ODT]", kP3D60PqWords, 2000, "",
       Encoding::ctl, "", "", aces1::Aces10Odt::p3d60_pq_2000nits},
      {"P3D60_PQ_4000nits", {}, "aces1-p3d60-pq-4000nit-a1.0.0", "ACES 1.0 Output - P3-D60 PQ (4000 nits) [ACES 1.0 ODT]", kP3D60PqWords, 4000, "",
       Encoding::ctl, "", "", aces1::Aces10Odt::p3d60_pq_4000nits},
      // Not the 1.1 RRTODT "aces1-rec2100-pq-1000nit": the ACES 1.0.x ODT of the same display.
      {"Rec2020_ST2084_1000nits", {"Rec2020_ST2048_1000nits"}, "aces1-rec2100-pq-1000nit-a1.0.3",
       "ACES 1.0 Output - Rec.2020 ST2084 (1000 nits) [ACES 1.0.1-1.0.3 ODT]", "Rec.2020 primaries, ST 2084 (PQ)",
       1000, "", Encoding::ctl, "", "rec2100-pq-1000nit", aces1::Aces10Odt::rec2020_st2084_1000nits},
  };
  return all;
}

constexpr std::string_view kUrnPrefix = "urn:ampas:aces:transformId:";

// "urn:ampas:aces:transformId:v1.5:InvODT.Academy.Rec709_100nits_dim.a1.0.3" ->
// {"InvODT", "Academy", "Rec709_100nits_dim"}. Empty parts when the id has no such shape.
struct IdParts {
  std::string_view type, vendor, body;
};

IdParts split_id(std::string_view id) {
  if (id.rfind(kUrnPrefix, 0) == 0) {
    const std::size_t colon = id.find(':', kUrnPrefix.size());
    if (colon == std::string_view::npos) return {};
    id.remove_prefix(colon + 1);
  }
  const std::size_t dot1 = id.find('.');
  if (dot1 == std::string_view::npos) return {};
  const std::size_t dot2 = id.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos) return {};
  // The version tail starts at ".a1." (ACES 1.x ids); a body may itself contain dots ("7.2nits").
  const std::size_t tail = id.find(".a1.", dot2);
  if (tail == std::string_view::npos) return {};
  return {id.substr(0, dot1), id.substr(dot1 + 1, dot2 - dot1 - 1), id.substr(dot2 + 1, tail - dot2 - 1)};
}

bool is_forward_type(std::string_view type) { return type == "ODT" || type == "RRTODT"; }
bool is_inverse_type(std::string_view type) { return type == "InvODT" || type == "InvRRTODT"; }

const Row* row_for_body(std::string_view body) {
  for (const Row& r : rows()) {
    if (body == r.odt_name) return &r;
    for (const char* s : r.synonyms) {
      if (body == s) return &r;
    }
  }
  return nullptr;
}

Aces1Output make_output(const Row& r) {
  Aces1Output o;
  o.alias = r.alias;
  o.name = r.name;
  o.odt_name = r.odt_name;
  o.display = r.display;
  o.peak_luminance = r.peak;
  o.ocio_output = r.output;
  o.ocio_display = r.display_builtin;
  o.aces2_equivalent = r.aces2;
  if (r.encoding == Encoding::ctl) o.ctl = aces1::odt_definition(r.ctl_odt).ctl;
  for (const auto& t : TransformRegistry::shipped().all()) {
    const IdParts p = split_id(t.transform_id);
    if (p.vendor != "Academy" || row_for_body(p.body) != &r) continue;
    if (is_forward_type(p.type)) o.transform_ids.push_back(t.transform_id);
    if (is_inverse_type(p.type)) o.inverse_ids.push_back(t.transform_id);
  }
  return o;
}

const Row& row_of(const Aces1Output& output) {
  for (const Row& r : rows()) {
    if (output.odt_name == r.odt_name) return r;
  }
  throw Error(ErrorKind::internal, "not an ACES 1.x output of the table: " + output.odt_name);
}

// SMPTE ST 428-1 (DCDM): X'Y'Z' = (XYZ * 48 / 52.37)^(1/2.6), the CTL's dcdm_encode
// (aces-core ACESlib.ODT_Common.ctl). 52.37 cd/m^2 is the DCDM code value 1.0; 48 cd/m^2 the
// cinema white the tone scale normalises to 1.0.
constexpr double kDcdmScale = 48.0 / 52.37;
constexpr double kCinemaGamma = 2.6;

void append_matrix(Pipeline& p, const Mat3& m) { p.append(MatrixStep{m, Vec3::Zero()}); }

void append_clamp01(Pipeline& p) {
  RangeStep clamp;
  clamp.min_in = 0.0;
  clamp.max_in = 1.0;
  clamp.min_out = 0.0;
  clamp.max_out = 1.0;
  p.append(clamp);
}

void append_gamma_rev(Pipeline& p, double gamma) {
  ExponentStep e;
  e.style = ExponentStyle::basicRev;  // out = in^(1/gamma), negatives clamped to 0 (CLF 7.6)
  e.exponent = {gamma, gamma, gamma};
  p.append(e);
}

// The display encodings OCIO 2.1 has no builtin for, from CIE XYZ (D65 white, as the view
// transforms produce it) to code values. Matrices derived from the published chromaticities.
Pipeline encoding_pipeline(Encoding encoding) {
  using namespace primaries;
  // OCIO's SDR-CINEMA_1.0 view adapts the ACES white to D65 with Bradford; the DCDM ODTs without
  // D65 limiting keep XYZ of the ACES white (CTL: AP1_2_XYZ_MAT, no CAT), so undo that adaptation.
  const Mat3 d65_to_aces_white = adaptation_matrix(xy_to_XYZ(kWhiteD65), xy_to_XYZ(kWhiteACES), Adaptation::bradford);
  Pipeline p;
  switch (encoding) {
    case Encoding::dcdm:  // aces-core ODT.Academy.DCDM.ctl: clamp XYZ >= 0, dcdm_encode
      append_matrix(p, kDcdmScale * d65_to_aces_white);
      append_gamma_rev(p, kCinemaGamma);
      break;
    case Encoding::dcdm_p3d60:  // ODT.Academy.DCDM_P3D60limited.ctl: limit_to_primaries(XYZ, P3D60)
      append_matrix(p, XYZ_to_rgb_matrix(kP3D60) * d65_to_aces_white);
      append_clamp01(p);
      append_matrix(p, kDcdmScale * rgb_to_XYZ_matrix(kP3D60));
      append_gamma_rev(p, kCinemaGamma);
      break;
    case Encoding::dcdm_p3d65:  // ODT.Academy.DCDM_P3D65limited.ctl: D60->D65 CAT, limit to P3D65
      append_matrix(p, XYZ_to_rgb_matrix(kP3D65));
      append_clamp01(p);
      append_matrix(p, kDcdmScale * rgb_to_XYZ_matrix(kP3D65));
      append_gamma_rev(p, kCinemaGamma);
      break;
    case Encoding::display_p3: {  // ODT.Academy.DisplayP3_dim.ctl: P3D65, moncurve_r(2.4, 0.055)
      append_matrix(p, XYZ_to_rgb_matrix(kP3D65));
      ExponentStep srgb;
      srgb.style = ExponentStyle::monCurveRev;
      srgb.exponent = {2.4, 2.4, 2.4};
      srgb.offset = {0.055, 0.055, 0.055};
      p.append(srgb);
      break;
    }
    case Encoding::builtin:
    case Encoding::ctl:
      throw Error(ErrorKind::internal, "not a display encoding built from OCIO ops");
  }
  return p;
}

OCIO::TransformRcPtr builtin(const char* style) {
  auto t = OCIO::BuiltinTransform::Create();
  t->setStyle(style);
  return t;
}

std::string unsupported_message(std::string_view id) {
  return std::string(id) +
         ": not an ACES 1.x output of the Academy's registry that aceslab knows (it has neither an "
         "OpenColorIO 2.1 builtin nor an implementation here); reference a CLF of it instead";
}

}  // namespace

const std::vector<Aces1Output>& aces1_outputs() {
  static const std::vector<Aces1Output> all = [] {
    std::vector<Aces1Output> v;
    for (const Row& r : rows()) v.push_back(make_output(r));
    return v;
  }();
  return all;
}

const Aces1Output* match_aces1_output(std::string_view id, bool* inverse) {
  for (const Aces1Output& o : aces1_outputs()) {
    if (o.alias == id) {
      if (inverse) *inverse = false;
      return &o;
    }
  }
  const IdParts p = split_id(id);
  if (p.vendor != "Academy" || !(is_forward_type(p.type) || is_inverse_type(p.type))) return nullptr;
  if (const Row* r = row_for_body(p.body)) {
    if (inverse) *inverse = is_inverse_type(p.type);
    for (const Aces1Output& o : aces1_outputs()) {
      if (o.odt_name == r->odt_name) return &o;
    }
  }
  throw Error(ErrorKind::unsupported, unsupported_message(id));
}

const Aces1Output& find_aces1_output(std::string_view id, bool* inverse) {
  if (const Aces1Output* o = match_aces1_output(id, inverse)) return *o;
  std::string valid;
  for (const Aces1Output& o : aces1_outputs()) valid += (valid.empty() ? "" : ", ") + o.alias;
  throw Error(ErrorKind::usage, "unknown ACES 1.x output transform \"" + std::string(id) +
                                    "\" (give an ODT / RRTODT id of the ACES registry or one of: " + valid + ")");
}

OCIO::GroupTransformRcPtr aces1_output_ocio(const Aces1Output& output, Direction direction) {
  const Row& r = row_of(output);
  if (r.encoding == Encoding::ctl) {
    throw Error(ErrorKind::unsupported, output.alias + " (" + output.ctl +
                                            ") has no OpenColorIO 2.1 builtin; aceslab evaluates it from the CTL "
                                            "(aces1_output_function)");
  }
  auto group = OCIO::GroupTransform::Create();
  try {
    group->appendTransform(builtin(r.output));
    if (r.encoding == Encoding::builtin) {
      group->appendTransform(builtin(r.display_builtin));
    } else {
      group->appendTransform(pipeline_to_ocio(encoding_pipeline(r.encoding)));
    }
    // The CTL ODTs clamp display values to [0, 1] (clamp_f3(linearCV, 0., 1.)) before encoding;
    // OCIO's display builtins leave the clamp to the config. Clamping the code values is the same
    // for these monotonic encodings, and makes the inverse start from legal code values.
    Pipeline clamp;
    append_clamp01(clamp);
    group->appendTransform(pipeline_to_ocio(clamp));
    group->setDirection(direction == Direction::forward ? OCIO::TRANSFORM_DIR_FORWARD : OCIO::TRANSFORM_DIR_INVERSE);
  } catch (const OCIO::Exception& e) {
    throw Error(ErrorKind::internal, std::string("OpenColorIO rejected ") + output.alias + ": " + e.what());
  }
  return group;
}

OCIO::ConstCPUProcessorRcPtr aces1_output_processor(const Aces1Output& output, Direction direction) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, Direction>, OCIO::ConstCPUProcessorRcPtr> cache;
  const auto key = std::make_pair(output.odt_name, direction);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  auto processor = ocio_cpu_processor(aces1_output_ocio(output, direction), OcioOptimization::lossless, output.alias);
  cache.emplace(key, processor);
  return processor;
}

std::function<void(std::span<float>)> aces1_output_function(const Aces1Output& output, Direction direction) {
  const Row& r = row_of(output);
  if (r.encoding == Encoding::ctl) {
    return [odt = r.ctl_odt, direction](std::span<float> rgb) { aces1::apply_rrt_odt(odt, direction, rgb); };
  }
  auto processor = aces1_output_processor(output, direction);
  return [processor](std::span<float> rgb) { ocio_apply(processor, rgb); };
}

}  // namespace aceslab::aces
