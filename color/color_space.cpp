// SPDX-License-Identifier: Apache-2.0
#include "color/color_space.h"

#include <Eigen/Dense>

#include "color/error.h"

namespace aceslab::aces {
namespace {

// Registry ids (data/aces/aces-transforms.json, ACES 2.0 "CSC" entries).
std::string csc(std::string_view tail) { return "urn:ampas:aces:transformId:v2.0:CSC." + std::string(tail); }

ColorSpace make(std::string id, std::string name, std::string_view tf_id, const Chromaticities& gamut,
                Adaptation adaptation, std::string_view to_aces_csc = {},
                std::string_view from_aces_csc = {}) {
  ColorSpace cs;
  cs.id = std::move(id);
  cs.name = std::move(name);
  cs.transfer = &find_transfer_function(tf_id);
  cs.gamut = gamut;
  cs.adaptation_to_aces = adaptation;
  if (!to_aces_csc.empty()) cs.csc_to_aces_id = csc(to_aces_csc);
  if (!from_aces_csc.empty()) cs.csc_from_aces_id = csc(from_aces_csc);
  return cs;
}

}  // namespace

Mat3 ColorSpace::to_ACES2065_1() const { return rgb_to_rgb_matrix(gamut, primaries::kAP0, adaptation_to_aces); }

Mat3 ColorSpace::from_ACES2065_1() const { return to_ACES2065_1().inverse(); }

const std::vector<ColorSpace>& color_spaces() {
  using namespace primaries;
  // Adaptations: those of OpenColorIO's camera builtins and of the ACES OCIO config's camera CLFs
  // (their matrices are reproduced in tests/color/color_space_test.cpp); the AP1 spaces share the
  // ACES white and need none; the ITU and P3 spaces use Bradford as the ACES OCIO config does.
  static const std::vector<ColorSpace> all = {
      make("aces2065-1", "ACES2065-1", "linear", kAP0, Adaptation::none),
      make("acescg", "ACEScg", "linear", kAP1, Adaptation::none, "Academy.ACEScg_to_ACES.a2.v1",
           "Academy.ACES_to_ACEScg.a2.v1"),
      make("acescct", "ACEScct", "acescct", kAP1, Adaptation::none, "Academy.ACEScct_to_ACES.a2.v1",
           "Academy.ACES_to_ACEScct.a2.v1"),
      make("acescc", "ACEScc", "acescc", kAP1, Adaptation::none, "Academy.ACEScc_to_ACES.a2.v1",
           "Academy.ACES_to_ACEScc.a2.v1"),
      make("logc3-ei800-awg3", "ARRI LogC3 (EI 800) / ARRI Wide Gamut 3", "logc3-ei800", kARRIWideGamut3,
           Adaptation::cat02, "Arri.LogC3_to_ACES.a2.v1"),
      make("logc4-awg4", "ARRI LogC4 / ARRI Wide Gamut 4", "logc4", kARRIWideGamut4, Adaptation::cat02,
           "Arri.LogC4_to_ACES.a2.v1", "Arri.ACES_to_LogC4.a2.v1"),
      make("slog3-sgamut3", "Sony S-Log3 / S-Gamut3", "slog3", kSGamut3, Adaptation::cat02,
           "Sony.SLog3_SGamut3_to_ACES.a2.v1", "Sony.ACES_to_SLog3_SGamut3.a2.v1"),
      make("slog3-sgamut3cine", "Sony S-Log3 / S-Gamut3.Cine", "slog3", kSGamut3Cine, Adaptation::cat02,
           "Sony.SLog3_SGamut3Cine_to_ACES.a2.v1", "Sony.ACES_to_SLog3_SGamut3Cine.a2.v1"),
      // S-Gamut shares S-Gamut3's primaries (Sony S-Gamut3 technical summary, section 1). The
      // registry's S-Log2 CSCs are legal-range 10/12-bit variants with a white balance, not this.
      make("slog2-sgamut", "Sony S-Log2 / S-Gamut", "slog2", kSGamut3, Adaptation::cat02),
      make("log3g10-rwg", "RED Log3G10 / REDWideGamutRGB", "log3g10", kREDWideGamutRGB, Adaptation::bradford,
           "Red.Log3G10_RWG_to_ACES.a2.v1", "Red.ACES_to_Log3G10_RWG.a2.v1"),
      make("clog2-cgamut", "Canon Log 2 / Cinema Gamut", "clog2", kCanonCinemaGamut, Adaptation::cat02,
           "Canon.CLog2_CGamut_to_ACES.a1.v1", "Canon.ACES_to_CLog2_CGamut.a1.v1"),
      make("clog3-cgamut", "Canon Log 3 / Cinema Gamut", "clog3", kCanonCinemaGamut, Adaptation::cat02,
           "Canon.CLog3_CGamut_to_ACES.a1.v1", "Canon.ACES_to_CLog3_CGamut.a1.v1"),
      make("vlog-vgamut", "Panasonic V-Log / V-Gamut", "vlog", kVGamut, Adaptation::bradford,
           "Panasonic.VLog_VGamut_to_ACES.a2.v1", "Panasonic.ACES_to_VLog_VGamut.a2.v1"),
      make("bmdfilm-gen5", "Blackmagic Film Gen5 / Blackmagic Wide Gamut Gen5", "bmdfilm-gen5",
           kBMDWideGamutGen5, Adaptation::cat02, "Blackmagic.BMDFilm_WideGamut_Gen5_to_ACES.a2.v1",
           "Academy.ACES_to_BMDFilm_WideGamut_Gen5.a2.v1"),
      make("davinci-intermediate-dwg", "DaVinci Intermediate / DaVinci Wide Gamut", "davinci-intermediate",
           kDaVinciWideGamut, Adaptation::cat02),
      make("applelog-rec2020", "Apple Log / Rec.2020", "applelog", kRec2020, Adaptation::bradford,
           "Apple.AppleLog_BT2020_to_ACES.a2.v1", "Apple.ACES_to_AppleLog_BT2020.a2.v1"),
      make("lin-rec709", "Linear Rec.709", "linear", kRec709, Adaptation::bradford),
      make("lin-p3d65", "Linear P3-D65", "linear", kP3D65, Adaptation::bradford),
      make("lin-rec2020", "Linear Rec.2020", "linear", kRec2020, Adaptation::bradford),
      make("srgb", "sRGB encoded Rec.709 (scene-referred)", "srgb", kRec709, Adaptation::bradford),
  };
  return all;
}

const ColorSpace& find_color_space(std::string_view id) {
  std::string valid;
  for (const ColorSpace& cs : color_spaces()) {
    if (cs.id == id) return cs;
    if (!valid.empty()) valid += ", ";
    valid += cs.id;
  }
  throw Error(ErrorKind::usage, "unknown colour space \"" + std::string(id) + "\" (valid: " + valid + ")");
}

}  // namespace aceslab::aces
