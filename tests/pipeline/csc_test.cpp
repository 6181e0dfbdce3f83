// SPDX-License-Identifier: Apache-2.0
// Every CSC of the ACES registry resolves to a pipeline, and to the right one: a table, written
// out here from each id's name, of the colour space and direction (or the ADX / Unity pipeline)
// each id must be; the ADX pipelines against OpenColorIO 2.1's ADX builtins; the ACES 1.x ids that
// real AMFs carry (IDTs of ARRI, Sony, Canon; ACEScsc ids) resolve to the same conversions.
#include "pipeline/csc.h"

#include <gtest/gtest.h>

#include <OpenColorIO/OpenColorIO.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "clf/ocio_bridge.h"
#include "color/color_space.h"
#include "color/error.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/transform_registry.h"

using namespace aceslab;
using namespace aceslab::aces;

namespace {

constexpr const char* kV2 = "urn:ampas:aces:transformId:v2.0:CSC.";

// "space:to" (space -> ACES2065-1), "space:from" (ACES2065-1 -> space), or a named pipeline.
const std::map<std::string, std::string>& expected_mapping() {
  static const std::map<std::string, std::string> m = {
      {"Academy.ACES_to_ACEScc.a2.v1", "acescc:from"},
      {"Academy.ACES_to_ACEScct.a2.v1", "acescct:from"},
      {"Academy.ACES_to_ACEScg.a2.v1", "acescg:from"},
      {"Academy.ACES_to_ACESproxy10i.a2.v1", "acesproxy10i:from"},
      {"Academy.ACES_to_ACESproxy12i.a2.v1", "acesproxy12i:from"},
      {"Academy.ACES_to_BMDFilm_WideGamut_Gen5.a2.v1", "bmdfilm-gen5:from"},
      {"Academy.ACEScc_to_ACES.a2.v1", "acescc:to"},
      {"Academy.ACEScct_to_ACES.a2.v1", "acescct:to"},
      {"Academy.ACEScg_to_ACES.a2.v1", "acescg:to"},
      {"Academy.ACESproxy10i_to_ACES.a2.v1", "acesproxy10i:to"},
      {"Academy.ACESproxy12i_to_ACES.a2.v1", "acesproxy12i:to"},
      {"Academy.ADX10_to_ACES.a2.v1", "adx10"},
      {"Academy.ADX16_to_ACES.a2.v1", "adx16"},
      {"Academy.Unity.a2.v1", "aces2065-1:to"},
      {"Apple.ACES_to_AppleLog_BT2020.a2.v1", "applelog-rec2020:from"},
      {"Apple.AppleLog_BT2020_to_ACES.a2.v1", "applelog-rec2020:to"},
      {"Arri.ACES_to_LogC4.a2.v1", "logc4-awg4:from"},
      {"Arri.LogC3_to_ACES.a2.v1", "logc3-ei800-awg3:to"},
      {"Arri.LogC4_to_ACES.a2.v1", "logc4-awg4:to"},
      {"Blackmagic.BMDFilm_WideGamut_Gen5_to_ACES.a2.v1", "bmdfilm-gen5:to"},
      {"Canon.ACES_to_CLog2_BT2020.a1.v1", "clog2-rec2020:from"},
      {"Canon.ACES_to_CLog2_CGamut.a1.v1", "clog2-cgamut:from"},
      {"Canon.ACES_to_CLog3_BT2020.a1.v1", "clog3-rec2020:from"},
      {"Canon.ACES_to_CLog3_CGamut.a1.v1", "clog3-cgamut:from"},
      {"Canon.CLog2_BT2020_to_ACES.a1.v1", "clog2-rec2020:to"},
      {"Canon.CLog2_CGamut_to_ACES.a1.v1", "clog2-cgamut:to"},
      {"Canon.CLog3_BT2020_to_ACES.a1.v1", "clog3-rec2020:to"},
      {"Canon.CLog3_CGamut_to_ACES.a1.v1", "clog3-cgamut:to"},
      {"DJI.ACES_to_DLog_DGamut.a1.v1", "dlog-dgamut:from"},
      {"DJI.DLog_DGamut_to_ACES.a1.v1", "dlog-dgamut:to"},
      {"Panasonic.ACES_to_VLog_VGamut.a2.v1", "vlog-vgamut:from"},
      {"Panasonic.VLog_VGamut_to_ACES.a2.v1", "vlog-vgamut:to"},
      {"Red.ACES_to_Log3G10_RWG.a2.v1", "log3g10-rwg:from"},
      {"Red.Log3G10_RWG_to_ACES.a2.v1", "log3g10-rwg:to"},
      {"Sony.ACES_to_SLog3_SGamut3.a2.v1", "slog3-sgamut3:from"},
      {"Sony.ACES_to_SLog3_SGamut3Cine.a2.v1", "slog3-sgamut3cine:from"},
      {"Sony.ACES_to_Venice_SLog3_SGamut3.a2.v1", "slog3-venice-sgamut3:from"},
      {"Sony.ACES_to_Venice_SLog3_SGamut3Cine.a2.v1", "slog3-venice-sgamut3cine:from"},
      {"Sony.SLog1_SGamut_10i_to_ACES.a2.v1", "slog1-sgamut-10i:to"},
      {"Sony.SLog1_SGamut_12i_to_ACES.a2.v1", "slog1-sgamut-12i:to"},
      {"Sony.SLog2_SGamut_Daylight_10i_to_ACES.a2.v1", "slog2-sgamut-daylight-10i:to"},
      {"Sony.SLog2_SGamut_Daylight_12i_to_ACES.a2.v1", "slog2-sgamut-daylight-12i:to"},
      {"Sony.SLog2_SGamut_Tungsten_10i_to_ACES.a2.v1", "slog2-sgamut-tungsten-10i:to"},
      {"Sony.SLog2_SGamut_Tungsten_12i_to_ACES.a2.v1", "slog2-sgamut-tungsten-12i:to"},
      {"Sony.SLog3_SGamut3Cine_to_ACES.a2.v1", "slog3-sgamut3cine:to"},
      {"Sony.SLog3_SGamut3_to_ACES.a2.v1", "slog3-sgamut3:to"},
      {"Sony.Venice_SLog3_SGamut3Cine_to_ACES.a2.v1", "slog3-venice-sgamut3cine:to"},
      {"Sony.Venice_SLog3_SGamut3_to_ACES.a2.v1", "slog3-venice-sgamut3:to"},
  };
  return m;
}

std::vector<float> codes() {
  std::vector<float> rgb;
  for (int r = 0; r <= 12; ++r)
    for (int g = 0; g <= 12; ++g)
      for (int b = 0; b <= 12; ++b) rgb.insert(rgb.end(), {r / 12.0f, g / 12.0f, b / 12.0f});
  return rgb;
}

std::vector<float> run(const Pipeline& p, std::vector<float> rgb) {
  apply(p, rgb);
  return rgb;
}

// Pipelines compared by what they do (the same steps give bit-identical results).
bool same(const Pipeline& a, const Pipeline& b) { return run(a, codes()) == run(b, codes()); }

TEST(Csc, EveryRegistryCscHasAnImplementation) {
  int n = 0;
  for (const auto& t : TransformRegistry::shipped().all()) {
    if (t.type != "CSC") continue;
    ++n;
    EXPECT_TRUE(find_csc_pipeline(t.transform_id).has_value()) << t.transform_id << " has no implementation";
    EXPECT_TRUE(expected_mapping().count(t.transform_id.substr(std::string(kV2).size())))
        << t.transform_id << " is not in this test's table";
  }
  EXPECT_EQ(n, 48);
}

TEST(Csc, EachIdIsTheConversionItsNameSays) {
  for (const auto& [tail, what] : expected_mapping()) {
    const std::string id = kV2 + tail;
    const Pipeline p = csc_pipeline(id);
    const auto colon = what.find(':');
    if (colon == std::string::npos) {
      EXPECT_EQ(p.input_descriptor, what == "adx10" ? "ADX10" : "ADX16") << id;
      continue;
    }
    const ColorSpace& cs = find_color_space(what.substr(0, colon));
    const bool to = what.substr(colon + 1) == "to";
    EXPECT_TRUE(same(p, to ? to_aces(cs) : from_aces(cs))) << id << " is not " << what;
  }
  EXPECT_TRUE(csc_pipeline(std::string(kV2) + "Academy.Unity.a2.v1").steps.empty());
}

// OCIO 2.1's ADX builtins follow the same CTL; below channel-independent density -0.19 OCIO
// extrapolates the table where the CTL holds its first value, so the grid stays above it (ADX10
// code 0.2, ADX16 0.025; the CDD -> CID matrix mixes channels by at most 3%). OCIO evaluates the
// density table as a half-domain LUT1D in float32 (measured 1.8e-6 relative to the pixel's largest
// component, floor 1e-2): 1e-5. OCIO
// also clamps the exposure at the largest half float (density ~3.9) where the CTL does not: the
// grids span film's densities (channel-dependent density 0 to 1.65 for ADX10, 0.01 to 2.7 for ADX16).
TEST(Csc, AdxMatchesOcioBuiltins) {
  constexpr double kOcioAdxRelative = 1e-5;
  const struct {
    const char* tail;
    const char* style;
    float lo, hi;
  } cases[] = {{"Academy.ADX10_to_ACES.a2.v1", "ADX10_to_ACES2065-1", 0.2f, 0.9f},
               {"Academy.ADX16_to_ACES.a2.v1", "ADX16_to_ACES2065-1", 0.025f, 0.35f}};
  for (const auto& [tail, style, lo, hi] : cases) {
    const Pipeline p = csc_pipeline(std::string(kV2) + tail);
    std::vector<float> in;
    const float step = (hi - lo) / 14.0f;
    for (int i = 0; i <= 14; ++i)
      for (int j = 0; j <= 14; ++j)
        for (int k = 0; k <= 14; ++k) in.insert(in.end(), {lo + i * step, lo + j * step, lo + k * step});
    auto bt = OCIO::BuiltinTransform::Create();
    bt->setStyle(style);
    std::vector<float> ref = in;
    ocio_apply(ocio_cpu_processor(bt, OcioOptimization::lossless, style), ref);
    const std::vector<float> ours = run(p, in);
    double worst = 0.0;
    for (std::size_t i = 0; i < in.size(); i += 3) {
      const double big = std::max({std::abs(ref[i]), std::abs(ref[i + 1]), std::abs(ref[i + 2]), 1e-2f});
      for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(ours[i + c] - ref[i + c]) / big);
    }
    std::printf("  %-30s vs %-22s max rel. error %.2e\n", tail, style, worst);
    EXPECT_LE(worst, kOcioAdxRelative) << tail;
  }
}

// ACES 1.x ids seen in the AMFs of ../shared/reference/amf resolve to the same conversion as their
// ACES 2.0 counterpart (the registry's previous equivalents or the colour spaces' lists).
TEST(Csc, Aces1IdsResolveToTheirAces2Counterparts) {
  const std::pair<const char*, const char*> cases[] = {
      {"urn:ampas:aces:transformId:v1.5:IDT.ARRI.Alexa-v3-logC-EI800.a1.v2", "logc3-ei800-awg3"},
      {"urn:ampas:aces:transformId:v1.5:IDT.ARRI.Alexa-v3-logC-EI3200.a1.v2", "logc3-ei3200-awg3"},
      {"urn:ampas:aces:transformId:v1.5:IDT.Sony.Venice_SLog3_SGamut3.a1.v1", "slog3-venice-sgamut3"},
      {"urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.SLog3_Venice_SGamut3Cine_to_ACES.a1.1.0",
       "slog3-venice-sgamut3cine"},
      {"urn:ampas:aces:transformId:v1.5:IDT.Sony.SLog2_SGamut_Tungsten_12i.a1.v1", "slog2-sgamut-tungsten-12i"},
      {"urn:ampas:aces:transformId:v1.5:IDT.Canon.CanonLog3_CinemaGamut_D55.a1.v2", "clog3-cgamut"},
      {"urn:ampas:aces:transformId:v1.5:IDT.Canon.CanonLog2_BT2020_Tng.a1.v2", "clog2-rec2020-tungsten"},
      {"urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACESproxy12i_to_ACES.a1.0.3", "acesproxy12i"},
      {"urn:ampas:aces:transformId:v1.5:IDT.Apple.AppleLog_BT2020.a1.v1", "applelog-rec2020"},
      {"ACEScsc.ACEScct_to_ACES.a1.0.3", "acescct"},
  };
  for (const auto& [id, space] : cases) {
    EXPECT_TRUE(same(csc_pipeline(id), to_aces(find_color_space(space)))) << id;
  }
  EXPECT_EQ(csc_pipeline("urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ADX10_to_ACES.a1.0.3").input_descriptor,
            "ADX10");
  // The registry lists ACEScsc.ACEScc_to_ACES.a1.0.1 among the previous ids of ACES_to_ACEScc: the
  // direction in the name wins, so it stays ACEScc -> ACES.
  EXPECT_TRUE(same(csc_pipeline("ACEScsc.ACEScc_to_ACES.a1.0.1"), to_aces(find_color_space("acescc"))));
}

TEST(Csc, UnknownIdsAreRefusedByName) {
  EXPECT_FALSE(find_csc_pipeline("urn:ampas:aces:transformId:v1.5:IDT.Pomfort.RED-log3G10.a1.v1").has_value());
  try {
    csc_pipeline("urn:ampas:aces:transformId:v2.0:CSC.Acme.Nonsense_to_ACES.a2.v1");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unsupported);
    EXPECT_NE(std::string(e.what()).find("CSC.Acme.Nonsense_to_ACES"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("--map-id"), std::string::npos);
  }
}

}  // namespace
