// SPDX-License-Identifier: Apache-2.0
#include "color/color_space.h"

#include <Eigen/Dense>
#include <initializer_list>
#include <iterator>

#include "color/error.h"

namespace aceslab::aces {
namespace {

// Registry ids (data/aces/aces-transforms.json, ACES 2.0 "CSC" entries).
std::string csc(std::string_view tail) { return "urn:ampas:aces:transformId:v2.0:CSC." + std::string(tail); }

// A colour space under construction: make(...) then the optional parts, chained.
struct Def {
  ColorSpace cs;
  Def& to(std::string_view to_aces_csc, std::string_view from_aces_csc = {}) {
    cs.csc_to_aces_id = csc(to_aces_csc);
    if (!from_aces_csc.empty()) cs.csc_from_aces_id = csc(from_aces_csc);
    return *this;
  }
  Def& same_as(std::initializer_list<std::string_view> to_aces, std::initializer_list<std::string_view> from_aces = {}) {
    for (auto id : to_aces) cs.equivalent_to_aces_ids.emplace_back(id);
    for (auto id : from_aces) cs.equivalent_from_aces_ids.emplace_back(id);
    return *this;
  }
  Def& matrix(const Mat3& m) {
    cs.published_to_aces = m;
    return *this;
  }
};

Def make(std::string id, std::string name, std::string_view tf_id, const Chromaticities& gamut, Adaptation adaptation) {
  Def d;
  d.cs.id = std::move(id);
  d.cs.name = std::move(name);
  d.cs.transfer = &find_transfer_function(tf_id);
  d.cs.gamut = gamut;
  d.cs.adaptation_to_aces = adaptation;
  return d;
}

// Matrices the vendors publish in their ACES transforms, which are not derived from primaries
// (camera white balance and characterisation are folded in). The CTL stores them for row vectors;
// these are the column-vector forms (out = M * in).
Mat3 rows(std::initializer_list<double> v) {
  Mat3 m;
  auto it = v.begin();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m(r, c) = *it++;
  return m;
}
// aces-input-and-colorspaces sony/CSC.Sony.SLog1_SGamut_{10,12}i_to_ACES.ctl, SGAMUT_TO_ACES_MTX.
Mat3 sony_slog1_sgamut() {
  return rows({0.754338638, 0.133697046, 0.111968437, 0.021198141, 1.005410934, -0.026610548, -0.009756991,
               0.004508563, 1.005253201});
}
// ... SLog2_SGamut_Daylight_{10,12}i_to_ACES.ctl, SGAMUT_DAYLIGHT_TO_ACES_MTX.
Mat3 sony_slog2_daylight() {
  return rows({0.8764457030, 0.0145411681, 0.1090131290, 0.0774075345, 0.9529571767, -0.0303647111, 0.0573564351,
               -0.1151066335, 1.0577501984});
}
// ... SLog2_SGamut_Tungsten_{10,12}i_to_ACES.ctl, SGAMUT_TUNG_TO_ACES_MTX.
Mat3 sony_slog2_tungsten() {
  return rows({1.0110238740, -0.1362526051, 0.1252287310, 0.1011994504, 0.9562196265, -0.0574190769, 0.0600766530,
               -0.1010185315, 1.0409418785});
}
// Canon's Input Transforms v2.0 (2021) for Canon Log 2 / 3 under tungsten (ISO 7589), as in the
// ACES 2.0 certified CSCs (aces-input-and-colorspaces, certified/canon/
// CSC.Canon.CanonLog{2,3}_{CinemaGamut,BT2020}_Tng_to_ACES.ctl, "aces[i] = ..." lines). Their
// daylight (D55) matrices equal the CAT02 derivation from the primaries, used for the D55 ids.
Mat3 canon_cgamut_tungsten() {
  return rows({0.817416293, 0.090755698, 0.091828009, -0.035361374, 1.065690585, -0.030329211, 0.010390366,
               -0.299271107, 1.288880741});
}
Mat3 canon_bt2020_tungsten() {
  return rows({0.724488568, 0.115140904, 0.160370529, 0.010659276, 0.839605344, 0.149735380, 0.014560161,
               -0.028562057, 1.014001897});
}

// ARRI LogC3 exposure indices with their own curve (transfer_functions_camera.cpp) and ACES 1.x IDT.
constexpr int kLogC3OtherEIs[] = {160, 200, 250, 320, 400, 500, 640, 1000, 1280, 1600, 2000, 2560, 3200};

std::vector<ColorSpace> build() {
  using namespace primaries;
  using A = Adaptation;
  // Adaptations: those of OpenColorIO's camera builtins and of the ACES OCIO config's camera CLFs
  // (their matrices are reproduced in tests/color/color_space_test.cpp); the AP1 spaces share the
  // ACES white and need none; the ITU and P3 spaces use Bradford as the ACES OCIO config does.
  std::vector<Def> d = {
      // CSC.Academy.Unity is the identity: ACES2065-1 to itself.
      make("aces2065-1", "ACES2065-1", "linear", kAP0, A::none).to("Academy.Unity.a2.v1", "Academy.Unity.a2.v1"),
      make("acescg", "ACEScg", "linear", kAP1, A::none).to("Academy.ACEScg_to_ACES.a2.v1", "Academy.ACES_to_ACEScg.a2.v1"),
      make("acescct", "ACEScct", "acescct", kAP1, A::none)
          .to("Academy.ACEScct_to_ACES.a2.v1", "Academy.ACES_to_ACEScct.a2.v1"),
      make("acescc", "ACEScc", "acescc", kAP1, A::none).to("Academy.ACEScc_to_ACES.a2.v1", "Academy.ACES_to_ACEScc.a2.v1"),
      make("acesproxy10i", "ACESproxy (10-bit)", "acesproxy10i", kAP1, A::none)
          .to("Academy.ACESproxy10i_to_ACES.a2.v1", "Academy.ACES_to_ACESproxy10i.a2.v1"),
      make("acesproxy12i", "ACESproxy (12-bit)", "acesproxy12i", kAP1, A::none)
          .to("Academy.ACESproxy12i_to_ACES.a2.v1", "Academy.ACES_to_ACESproxy12i.a2.v1"),
      // ARRI
      make("logc3-ei800-awg3", "ARRI LogC3 (EI 800) / ARRI Wide Gamut 3", "logc3-ei800", kARRIWideGamut3, A::cat02)
          .to("Arri.LogC3_to_ACES.a2.v1")
          .same_as({"IDT.ARRI.Alexa-v3-logC-EI800.a1.v2", "ACEScsc.LogC_EI800_AWG_to_ACES.a1.v1",
                    "ACEScsc.Academy.LogC_EI800_AWG_to_ACES.a1.1.0"},
                   {"ACEScsc.ACES_to_LogC_EI800_AWG.a1.v1", "ACEScsc.Academy.ACES_to_LogC_EI800_AWG.a1.1.0"}),
      make("logc4-awg4", "ARRI LogC4 / ARRI Wide Gamut 4", "logc4", kARRIWideGamut4, A::cat02)
          .to("Arri.LogC4_to_ACES.a2.v1", "Arri.ACES_to_LogC4.a2.v1"),
      // Sony
      make("slog3-sgamut3", "Sony S-Log3 / S-Gamut3", "slog3", kSGamut3, A::cat02)
          .to("Sony.SLog3_SGamut3_to_ACES.a2.v1", "Sony.ACES_to_SLog3_SGamut3.a2.v1")
          .same_as({"IDT.Sony.SLog3_SGamut3.a1.v1"}),
      make("slog3-sgamut3cine", "Sony S-Log3 / S-Gamut3.Cine", "slog3", kSGamut3Cine, A::cat02)
          .to("Sony.SLog3_SGamut3Cine_to_ACES.a2.v1", "Sony.ACES_to_SLog3_SGamut3Cine.a2.v1")
          .same_as({"IDT.Sony.SLog3_SGamut3Cine.a1.v1"}),
      make("slog3-venice-sgamut3", "Sony S-Log3 / VENICE S-Gamut3", "slog3", kVeniceSGamut3, A::cat02)
          .to("Sony.Venice_SLog3_SGamut3_to_ACES.a2.v1", "Sony.ACES_to_Venice_SLog3_SGamut3.a2.v1")
          .same_as({"IDT.Sony.Venice_SLog3_SGamut3.a1.v1"}),
      make("slog3-venice-sgamut3cine", "Sony S-Log3 / VENICE S-Gamut3.Cine", "slog3", kVeniceSGamut3Cine, A::cat02)
          .to("Sony.Venice_SLog3_SGamut3Cine_to_ACES.a2.v1", "Sony.ACES_to_Venice_SLog3_SGamut3Cine.a2.v1")
          .same_as({"IDT.Sony.Venice_SLog3_SGamut3Cine.a1.v1"}),
      // S-Gamut with the CAT02 derivation (Sony's primaries); the registry's S-Log1 / S-Log2 CSCs
      // below use Sony's published matrices instead.
      make("slog2-sgamut", "Sony S-Log2 / S-Gamut", "slog2", kSGamut, A::cat02),
      make("slog1-sgamut-10i", "Sony S-Log1 / S-Gamut (10-bit)", "slog1", kSGamut, A::cat02)
          .to("Sony.SLog1_SGamut_10i_to_ACES.a2.v1")
          .same_as({"IDT.Sony.SLog1_SGamut_10i.a1.v1"})
          .matrix(sony_slog1_sgamut()),
      make("slog1-sgamut-12i", "Sony S-Log1 / S-Gamut (12-bit)", "slog1-12i", kSGamut, A::cat02)
          .to("Sony.SLog1_SGamut_12i_to_ACES.a2.v1")
          .same_as({"IDT.Sony.SLog1_SGamut_12i.a1.v1"})
          .matrix(sony_slog1_sgamut()),
      make("slog2-sgamut-daylight-10i", "Sony S-Log2 / S-Gamut, daylight (10-bit)", "slog2", kSGamut, A::cat02)
          .to("Sony.SLog2_SGamut_Daylight_10i_to_ACES.a2.v1")
          .same_as({"IDT.Sony.SLog2_SGamut_Daylight_10i.a1.v1"})
          .matrix(sony_slog2_daylight()),
      make("slog2-sgamut-daylight-12i", "Sony S-Log2 / S-Gamut, daylight (12-bit)", "slog2-12i", kSGamut, A::cat02)
          .to("Sony.SLog2_SGamut_Daylight_12i_to_ACES.a2.v1")
          .same_as({"IDT.Sony.SLog2_SGamut_Daylight_12i.a1.v1"})
          .matrix(sony_slog2_daylight()),
      make("slog2-sgamut-tungsten-10i", "Sony S-Log2 / S-Gamut, tungsten (10-bit)", "slog2", kSGamut, A::cat02)
          .to("Sony.SLog2_SGamut_Tungsten_10i_to_ACES.a2.v1")
          .same_as({"IDT.Sony.SLog2_SGamut_Tungsten_10i.a1.v1"})
          .matrix(sony_slog2_tungsten()),
      make("slog2-sgamut-tungsten-12i", "Sony S-Log2 / S-Gamut, tungsten (12-bit)", "slog2-12i", kSGamut, A::cat02)
          .to("Sony.SLog2_SGamut_Tungsten_12i_to_ACES.a2.v1")
          .same_as({"IDT.Sony.SLog2_SGamut_Tungsten_12i.a1.v1"})
          .matrix(sony_slog2_tungsten()),
      // RED
      make("log3g10-rwg", "RED Log3G10 / REDWideGamutRGB", "log3g10", kREDWideGamutRGB, A::bradford)
          .to("Red.Log3G10_RWG_to_ACES.a2.v1", "Red.ACES_to_Log3G10_RWG.a2.v1"),
      make("log3g12-rwg", "RED Log3G12 / REDWideGamutRGB", "log3g12", kREDWideGamutRGB, A::bradford),
      // Canon: the D55 Input Transforms v2.0 equal the CAT02 derivation (see canon_*_tungsten).
      make("clog-cgamut", "Canon Log / Cinema Gamut", "clog", kCanonCinemaGamut, A::cat02),
      make("clog-rec2020", "Canon Log / BT.2020", "clog", kRec2020, A::cat02),
      make("clog2-cgamut", "Canon Log 2 / Cinema Gamut", "clog2", kCanonCinemaGamut, A::cat02)
          .to("Canon.CLog2_CGamut_to_ACES.a1.v1", "Canon.ACES_to_CLog2_CGamut.a1.v1")
          .same_as({"IDT.Canon.CanonLog2_CinemaGamut_D55.a1.v2"}),
      make("clog3-cgamut", "Canon Log 3 / Cinema Gamut", "clog3", kCanonCinemaGamut, A::cat02)
          .to("Canon.CLog3_CGamut_to_ACES.a1.v1", "Canon.ACES_to_CLog3_CGamut.a1.v1")
          .same_as({"IDT.Canon.CanonLog3_CinemaGamut_D55.a1.v2"}),
      make("clog2-rec2020", "Canon Log 2 / BT.2020", "clog2", kRec2020, A::cat02)
          .to("Canon.CLog2_BT2020_to_ACES.a1.v1", "Canon.ACES_to_CLog2_BT2020.a1.v1")
          .same_as({"IDT.Canon.CanonLog2_BT2020_D55.a1.v2"}),
      make("clog3-rec2020", "Canon Log 3 / BT.2020", "clog3", kRec2020, A::cat02)
          .to("Canon.CLog3_BT2020_to_ACES.a1.v1", "Canon.ACES_to_CLog3_BT2020.a1.v1")
          .same_as({"IDT.Canon.CanonLog3_BT2020_D55.a1.v2"}),
      make("clog2-cgamut-tungsten", "Canon Log 2 / Cinema Gamut, tungsten", "clog2", kCanonCinemaGamut, A::cat02)
          .same_as({"IDT.Canon.CanonLog2_CinemaGamut_Tng.a1.v2"})
          .matrix(canon_cgamut_tungsten()),
      make("clog3-cgamut-tungsten", "Canon Log 3 / Cinema Gamut, tungsten", "clog3", kCanonCinemaGamut, A::cat02)
          .same_as({"IDT.Canon.CanonLog3_CinemaGamut_Tng.a1.v2"})
          .matrix(canon_cgamut_tungsten()),
      make("clog2-rec2020-tungsten", "Canon Log 2 / BT.2020, tungsten", "clog2", kRec2020, A::cat02)
          .same_as({"IDT.Canon.CanonLog2_BT2020_Tng.a1.v2"})
          .matrix(canon_bt2020_tungsten()),
      make("clog3-rec2020-tungsten", "Canon Log 3 / BT.2020, tungsten", "clog3", kRec2020, A::cat02)
          .same_as({"IDT.Canon.CanonLog3_BT2020_Tng.a1.v2"})
          .matrix(canon_bt2020_tungsten()),
      // Panasonic, Blackmagic, Apple
      make("vlog-vgamut", "Panasonic V-Log / V-Gamut", "vlog", kVGamut, A::bradford)
          .to("Panasonic.VLog_VGamut_to_ACES.a2.v1", "Panasonic.ACES_to_VLog_VGamut.a2.v1")
          .same_as({"ACEScsc.VLog_VGamut_to_ACES.a1.v1", "ACEScsc.Academy.VLog_VGamut_to_ACES.a1.1.0"},
                   {"ACEScsc.ACES_to_VLog_VGamut.a1.v1", "ACEScsc.Academy.ACES_to_VLog_VGamut.a1.1.0"}),
      make("bmdfilm-gen5", "Blackmagic Film Gen5 / Blackmagic Wide Gamut Gen5", "bmdfilm-gen5", kBMDWideGamutGen5,
           A::cat02)
          .to("Blackmagic.BMDFilm_WideGamut_Gen5_to_ACES.a2.v1", "Academy.ACES_to_BMDFilm_WideGamut_Gen5.a2.v1"),
      make("davinci-intermediate-dwg", "DaVinci Intermediate / DaVinci Wide Gamut", "davinci-intermediate",
           kDaVinciWideGamut, A::cat02),
      make("applelog-rec2020", "Apple Log / Rec.2020", "applelog", kRec2020, A::bradford)
          .to("Apple.AppleLog_BT2020_to_ACES.a2.v1", "Apple.ACES_to_AppleLog_BT2020.a2.v1"),
      // Secondary cameras (no registry transform: CAT02, the Academy's IDT convention).
      make("flog-fgamut", "Fujifilm F-Log / F-Gamut", "flog", kFGamut, A::cat02),
      make("flog2-fgamut", "Fujifilm F-Log2 / F-Gamut", "flog2", kFGamut, A::cat02),
      make("flog2-fgamutc", "Fujifilm F-Log2 C / F-Gamut C", "flog2", kFGamutC, A::cat02),
      make("nlog-rec2020", "Nikon N-Log / BT.2020", "nlog", kRec2020, A::cat02),
      make("dlog-dgamut", "DJI D-Log / D-Gamut", "dlog", kDGamut, A::cat02)
          .to("DJI.DLog_DGamut_to_ACES.a1.v1", "DJI.ACES_to_DLog_DGamut.a1.v1"),
      make("llog-rec2020", "Leica L-Log / BT.2020", "llog", kRec2020, A::cat02),
      make("protune-native", "GoPro Protune Flat / Protune Native", "protune", kProtuneNative, A::cat02),
      // Film scans: Cineon printing density has no gamut of its own; name the one the scans are in.
      make("cineon-rec709", "Kodak Cineon (95/685) / Rec.709 primaries", "cineon", kRec709, A::bradford),
      make("cineon-p3d65", "Kodak Cineon (95/685) / P3-D65 primaries", "cineon", kP3D65, A::bradford),
      make("cineon-acescg", "Kodak Cineon (95/685) / AP1 primaries", "cineon", kAP1, A::none),
      // Display-referred linear and sRGB
      make("lin-rec709", "Linear Rec.709", "linear", kRec709, A::bradford),
      make("lin-p3d65", "Linear P3-D65", "linear", kP3D65, A::bradford),
      make("lin-rec2020", "Linear Rec.2020", "linear", kRec2020, A::bradford),
      make("srgb", "sRGB encoded Rec.709 (scene-referred)", "srgb", kRec709, A::bradford),
  };
  std::vector<ColorSpace> all;
  for (Def& def : d) all.push_back(std::move(def.cs));
  // The other ARRI LogC3 exposure indices, after the EI 800 default (same matrix as EI 800).
  for (int ei : kLogC3OtherEIs) {
    const std::string e = std::to_string(ei);
    Def def = make("logc3-ei" + e + "-awg3", "ARRI LogC3 (EI " + e + ") / ARRI Wide Gamut 3", "logc3-ei" + e,
                   kARRIWideGamut3, A::cat02);
    def.cs.equivalent_to_aces_ids.push_back("IDT.ARRI.Alexa-v3-logC-EI" + e + ".a1.v2");
    all.push_back(std::move(def.cs));
  }
  return all;
}

}  // namespace

Mat3 ColorSpace::to_ACES2065_1() const {
  if (published_to_aces) return *published_to_aces;
  return rgb_to_rgb_matrix(gamut, primaries::kAP0, adaptation_to_aces);
}

Mat3 ColorSpace::from_ACES2065_1() const { return to_ACES2065_1().inverse(); }

const std::vector<ColorSpace>& color_spaces() {
  static const std::vector<ColorSpace> all = build();
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
