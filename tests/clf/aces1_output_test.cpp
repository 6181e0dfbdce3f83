// SPDX-License-Identifier: Apache-2.0
// ACES 1.x output transforms against OpenColorIO 2.1's own config-style pipeline of the same
// builtins (a view transform from ACES2065-1 plus a display colour space, evaluated through a
// DisplayViewTransform as an OCIO ACES 1.3 config does), every registry ODT / RRTODT id resolved
// (the ACES 1.0.x HDR ODTs by aceslab's CTL evaluation, tested in aces1_rrt_test and
// aces1_odt_test), the display encodings OCIO has no builtin for checked against a neighbouring
// builtin display with the encoding evaluated independently in double precision, and inverses by
// round trip and against OCIO's inverse display/view.
#include "clf/aces1_output.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include "clf/aces1_odt.h"
#include "clf/ocio_bridge.h"
#include "color/chromaticity.h"
#include "color/error.h"
#include "pipeline/transform_registry.h"

namespace aceslab::aces {
namespace {

// Our group and OCIO's config pipeline run the same ops in float32; they may differ only where OCIO
// fuses adjacent ops differently.
constexpr float kSameOpsTolerance = 2e-6f;
// The independent display encodings (double-precision matrices and curves) against OCIO's float32
// matrices and builtins.
constexpr float kIndependentTolerance = 2e-5f;
// Forward after inverse where the inverse is exact (neutrals; the median colour): OCIO inverts the
// tone-scale B-splines numerically and the PQ / HLG encodings are half-float LUTs (HLG's square-root
// segment near black is the coarsest: 7e-4 at ACES 0.0028).
constexpr float kRoundTripTolerance = 1e-3f;
// The ACES 1.x inverse RRT is approximate where the glow and the red modifier act (dark saturated
// colours, reds): aces-core InvRRT.ctl inverts them with the output's yc / hue, and OCIO's
// ACES_GLOW_10_INV / ACES_RED_MOD_10_INV do the same. Measured here (2000 colours per output):
// p95 <= 1.1e-3, max <= 1.34e-2 code values, at dark saturated reds.
constexpr float kApproximateInverseP95 = 1.5e-3f;
constexpr float kApproximateInverseMax = 1.5e-2f;

// ACES2065-1 test values: greys from black to far above diffuse white, saturated and natural
// colours over 20 stops, and a few negatives (out-of-AP0 camera values).
std::vector<float> aces_samples() {
  std::vector<float> rgb;
  for (int e = -14; e <= 10; ++e) {
    const float v = std::ldexp(0.18f, e);
    rgb.insert(rgb.end(), {v, v, v});
  }
  std::mt19937 rng(1234);
  std::uniform_real_distribution<float> stops(-10.0f, 8.0f);
  std::uniform_real_distribution<float> chroma(0.0f, 1.0f);
  for (int i = 0; i < 3000; ++i) {
    const float level = 0.18f * std::exp2(stops(rng));
    rgb.insert(rgb.end(), {level * chroma(rng), level * chroma(rng), level * chroma(rng)});
  }
  rgb.insert(rgb.end(), {0.0f, 0.0f, 0.0f, -0.01f, 0.05f, 0.2f, 0.3f, -0.02f, 0.1f, 2.0f, 0.0f, 0.0f});
  return rgb;
}

OCIO::TransformRcPtr builtin(const std::string& style) {
  auto t = OCIO::BuiltinTransform::Create();
  t->setStyle(style.c_str());
  return t;
}

// OCIO's config-style pipeline: ACES2065-1 (scene reference) -> view transform -> display colour
// space, through a DisplayViewTransform, as OCIO's ACES configs define their ACES 1.x views.
OCIO::ConstCPUProcessorRcPtr config_pipeline(const std::string& view_builtin, const std::string& display_builtin,
                                             bool inverse) {
  auto config = OCIO::Config::CreateRaw()->createEditableCopy();
  auto aces = OCIO::ColorSpace::Create(OCIO::REFERENCE_SPACE_SCENE);
  aces->setName("ACES2065-1");
  config->addColorSpace(aces);
  auto display = OCIO::ColorSpace::Create(OCIO::REFERENCE_SPACE_DISPLAY);
  display->setName("display");
  display->setTransform(builtin(display_builtin), OCIO::COLORSPACE_DIR_FROM_REFERENCE);
  config->addColorSpace(display);
  auto view = OCIO::ViewTransform::Create(OCIO::REFERENCE_SPACE_SCENE);
  view->setName("view");
  view->setTransform(builtin(view_builtin), OCIO::VIEWTRANSFORM_DIR_FROM_REFERENCE);
  config->addViewTransform(view);
  config->addDisplayView("display", "view", "view", "display", "", "", "");
  auto dvt = OCIO::DisplayViewTransform::Create();
  dvt->setSrc("ACES2065-1");
  dvt->setDisplay("display");
  dvt->setView("view");
  dvt->setDirection(inverse ? OCIO::TRANSFORM_DIR_INVERSE : OCIO::TRANSFORM_DIR_FORWARD);
  return config->getProcessor(dvt)->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32,
                                                               OCIO::OPTIMIZATION_LOSSLESS);
}

std::vector<float> run(const OCIO::ConstCPUProcessorRcPtr& p, std::vector<float> rgb) {
  ocio_apply(p, rgb);
  return rgb;
}

std::vector<float> run(const Aces1Output& o, Direction d, std::vector<float> rgb) {
  aces1_output_function(o, d)(rgb);
  return rgb;
}

void clamp01(std::vector<float>& rgb) {
  for (float& v : rgb) v = std::clamp(v, 0.0f, 1.0f);
}

float max_abs_diff(const std::vector<float>& a, const std::vector<float>& b, std::size_t* where = nullptr) {
  float worst = 0.0f;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const float d = std::abs(a[i] - b[i]);
    if (!(d <= worst)) {
      worst = d;
      if (where) *where = i / 3;
    }
  }
  return worst;
}

// The outputs whose display is not an OCIO builtin, and the builtin display each one is checked
// against ("neighbour") with its own encoding evaluated in double precision.
bool built_from_ops(const Aces1Output& o) { return o.ocio_display.empty(); }

TEST(Aces1Output, EveryRegistryOutputIdResolves) {
  // Every ODT / RRTODT / InvODT / InvRRTODT id of the registry (its ACES 1.x part; ACES 2.0 output
  // transforms are "Output" / "InvOutput") resolves to an output in the direction its type says,
  // and that output lists it. None is refused.
  int resolved = 0;
  std::set<std::string> by_ctl;
  for (const auto& t : TransformRegistry::shipped().all()) {
    const bool output_type = t.type == "ODT" || t.type == "RRTODT" || t.type == "InvODT" || t.type == "InvRRTODT";
    if (!output_type || t.transform_id.empty()) continue;
    bool inverse = false;
    const Aces1Output* o = nullptr;
    try {
      o = &find_aces1_output(t.transform_id, &inverse);
    } catch (const Error& e) {
      ADD_FAILURE() << t.transform_id << ": " << e.what();
      continue;
    }
    EXPECT_EQ(inverse, t.type.rfind("Inv", 0) == 0) << t.transform_id;
    const auto& ids = inverse ? o->inverse_ids : o->transform_ids;
    EXPECT_NE(std::find(ids.begin(), ids.end(), t.transform_id), ids.end()) << t.transform_id;
    if (!o->ctl.empty()) by_ctl.insert(t.transform_id);
    ++resolved;
  }
  // 151 ids in the shipped registry: 121 through OCIO's builtins, 30 (the ACES 1.0.x HDR ODTs of
  // 11 id bodies, forward and inverse) through aceslab's CTL evaluation.
  EXPECT_EQ(resolved, 151);
  EXPECT_EQ(by_ctl.size(), 30u);
  for (const char* id : {"ODT.Academy.P3D60_PQ_1000nits.a1.0.0", "InvODT.Academy.P3D60_ST2048_4000nits.a1.0.1",
                         "ODT.Academy.P3D60_ST2084_2000nits.a1.0.3", "InvODT.Academy.Rec2020_ST2084_1000nits.a1.0.2",
                         "ODT.Academy.Rec2020_ST2048_1000nits.a1.0.1"}) {
    EXPECT_EQ(by_ctl.count(id), 1u) << id;
  }
  // An Academy ODT id the registry does not have is refused by name, as unsupported.
  try {
    find_aces1_output("ODT.Academy.P3D60_ST2084_9000nits.a1.0.3");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unsupported);
    EXPECT_NE(std::string(e.what()).find("P3D60_ST2084_9000nits"), std::string::npos);
  }
}

// The outputs evaluated from the CTL: the ids of each version reach the ODT of that version (ACES
// 1.0's a1.0.0 tone scale differs from 1.0.1+), the function is that ODT, OCIO has no transform.
TEST(Aces1Output, HdrOdtsOfAces10xAreEvaluatedFromTheCtl) {
  struct Case {
    const char* id;
    const char* alias;
    aces1::Aces10Odt odt;
  };
  const Case cases[] = {
      {"ODT.Academy.P3D60_PQ_1000nits.a1.0.0", "aces1-p3d60-pq-1000nit-a1.0.0", aces1::Aces10Odt::p3d60_pq_1000nits},
      {"ODT.Academy.P3D60_PQ_4000nits.a1.0.0", "aces1-p3d60-pq-4000nit-a1.0.0", aces1::Aces10Odt::p3d60_pq_4000nits},
      {"ODT.Academy.P3D60_ST2048_1000nits.a1.0.1", "aces1-p3d60-pq-1000nit", aces1::Aces10Odt::p3d60_st2084_1000nits},
      {"ODT.Academy.P3D60_ST2084_2000nits.a1.0.1", "aces1-p3d60-pq-2000nit", aces1::Aces10Odt::p3d60_st2084_2000nits},
      {"urn:ampas:aces:transformId:v1.5:ODT.Academy.P3D60_ST2084_4000nits.a1.0.3", "aces1-p3d60-pq-4000nit",
       aces1::Aces10Odt::p3d60_st2084_4000nits},
      {"ODT.Academy.Rec2020_ST2048_1000nits.a1.0.1", "aces1-rec2100-pq-1000nit-a1.0.3",
       aces1::Aces10Odt::rec2020_st2084_1000nits},
      {"ODT.Academy.Rec2020_ST2084_1000nits.a1.0.3", "aces1-rec2100-pq-1000nit-a1.0.3",
       aces1::Aces10Odt::rec2020_st2084_1000nits},
  };
  const std::vector<float> aces = aces_samples();
  for (const Case& c : cases) {
    const Aces1Output& o = find_aces1_output(c.id);
    EXPECT_EQ(o.alias, c.alias) << c.id;
    EXPECT_EQ(o.ctl, aces1::odt_definition(c.odt).ctl);
    EXPECT_TRUE(o.ocio_output.empty() && o.ocio_display.empty());
    std::vector<float> expected = aces;
    aces1::apply_rrt_odt(c.odt, Direction::forward, expected);
    EXPECT_EQ(run(o, Direction::forward, aces), expected) << c.id;
    EXPECT_THROW(aces1_output_ocio(o, Direction::forward), Error);
  }
  // The 1.1 RRTODT keeps its OCIO builtin; its 1.0.x ODT namesake is another output.
  EXPECT_NE(&find_aces1_output("aces1-rec2100-pq-1000nit"), &find_aces1_output("aces1-rec2100-pq-1000nit-a1.0.3"));
  EXPECT_TRUE(find_aces1_output("aces1-rec2100-pq-1000nit").ctl.empty());
  // InvODT.Academy.Rec2020_ST2048_1000nits.a1.0.1 gets the corrected inverse (with the inverse
  // D60 -> D65 adaptation its CTL omitted): a neutral code stays neutral in ACES.
  bool inverse = false;
  const Aces1Output& rec2020 = find_aces1_output("InvODT.Academy.Rec2020_ST2048_1000nits.a1.0.1", &inverse);
  EXPECT_TRUE(inverse);
  const std::vector<float> grey = run(rec2020, Direction::inverse, {0.5f, 0.5f, 0.5f});
  EXPECT_NEAR(grey[0] / grey[2], 1.0f, 1e-5f);
  EXPECT_NEAR(grey[1] / grey[2], 1.0f, 1e-5f);
}

TEST(Aces1Output, AliasesAndIdSpellings) {
  std::set<std::string> aliases;
  for (const Aces1Output& o : aces1_outputs()) {
    EXPECT_TRUE(aliases.insert(o.alias).second) << o.alias;
    EXPECT_EQ(&find_aces1_output(o.alias), &o);
    EXPECT_FALSE(o.transform_ids.empty()) << o.alias;
  }
  EXPECT_EQ(aliases.size(), 33u);
  bool inverse = true;
  const auto& rec709 = find_aces1_output("ODT.Academy.Rec709_100nits_dim.a1.0.3", &inverse);
  EXPECT_FALSE(inverse);
  EXPECT_EQ(rec709.alias, "aces1-rec709-bt1886-100nit");
  EXPECT_EQ(rec709.aces2_equivalent, "rec709-bt1886-100nit");
  EXPECT_EQ(&find_aces1_output("urn:ampas:aces:transformId:v1.5:InvODT.Academy.Rec709_100nits_dim.a1.0.3", &inverse),
            &rec709);
  EXPECT_TRUE(inverse);
  // The two spellings of the 108-nit RRTODT, and the 1.1 "ODT" spelling of an HDR output.
  EXPECT_EQ(&find_aces1_output("urn:ampas:aces:transformId:v1.5:RRTODT.Academy.P3D65_108nits_7.2nits_ST2084.a1.1.0"),
            &find_aces1_output("urn:ampas:aces:transformId:v1.5:RRTODT.Academy.P3D65_108nits_7point2nits_ST2084.a1.1.0"));
  EXPECT_EQ(find_aces1_output("ODT.Academy.Rec2020_1000nits_15nits_ST2084.a1.1").alias, "aces1-rec2100-pq-1000nit");
  // Not an ACES 1.x output: no match; an unknown id: a usage error naming the aliases.
  EXPECT_EQ(match_aces1_output("urn:ampas:aces:transformId:v1.5:RRTODT.Acme.HDRODT.a1.v3"), nullptr);
  EXPECT_EQ(match_aces1_output("urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScct_to_ACES.a2.v1"), nullptr);
  try {
    find_aces1_output("aces1-nonsense");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("aces1-rec709-bt1886-100nit"), std::string::npos);
  }
}

TEST(Aces1Output, ForwardMatchesOcioConfigPipelineOfTheSameBuiltins) {
  const std::vector<float> aces = aces_samples();
  int checked = 0;
  for (const Aces1Output& o : aces1_outputs()) {
    if (built_from_ops(o)) continue;
    std::vector<float> expected = run(config_pipeline(o.ocio_output, o.ocio_display, false), aces);
    clamp01(expected);  // the CTL's display clamp, which OCIO leaves to the config
    const std::vector<float> ours = run(o, Direction::forward, aces);
    std::size_t at = 0;
    EXPECT_LE(max_abs_diff(ours, expected, &at), kSameOpsTolerance)
        << o.alias << " at ACES " << aces[3 * at] << " " << aces[3 * at + 1] << " " << aces[3 * at + 2];
    ++checked;
  }
  EXPECT_EQ(checked, 21);
}

// ACES colours inside every limiting gamut of the outputs (moderately saturated AP1 values, mid
// grey +/- 6 stops) render to code values away from the clips, where the ACES 1.x inverse is exact.
// Clipped code values (a channel at 0 or 1) have no unique preimage, and the RRT's clamps of
// negative AP0 / AP1 values make a forward of their inverse land elsewhere: not round-trip material.
std::vector<float> interior_aces() {
  const Mat3 ap1_to_ap0 = rgb_to_rgb_matrix(primaries::kAP1, primaries::kAP0, Adaptation::none);
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> stops(-6.0, 6.0);
  std::uniform_real_distribution<double> chroma(0.45, 1.0);
  std::vector<float> rgb;
  for (int i = 0; i < 2000; ++i) {
    const double level = 0.18 * std::exp2(stops(rng));
    const Vec3 ap0 = ap1_to_ap0 * Vec3(level * chroma(rng), level * chroma(rng), level * chroma(rng));
    rgb.insert(rgb.end(), {static_cast<float>(ap0[0]), static_cast<float>(ap0[1]), static_cast<float>(ap0[2])});
  }
  return rgb;
}

TEST(Aces1Output, InverseRoundTripsAndMatchesOcioConfigInverse) {
  const std::vector<float> aces = interior_aces();
  for (const Aces1Output& o : aces1_outputs()) {
    std::vector<float> codes;
    for (float v : run(o, Direction::forward, aces)) codes.push_back(v);
    std::vector<float> interior;
    for (std::size_t i = 0; i + 2 < codes.size(); i += 3) {
      const float lo = std::min({codes[i], codes[i + 1], codes[i + 2]});
      const float hi = std::max({codes[i], codes[i + 1], codes[i + 2]});
      if (lo > 0.01f && hi < 0.99f) interior.insert(interior.end(), {codes[i], codes[i + 1], codes[i + 2]});
    }
    ASSERT_GT(interior.size(), 3u * 500) << o.alias;
    const std::vector<float> back = run(o, Direction::inverse, interior);
    const std::vector<float> again = run(o, Direction::forward, back);
    std::vector<float> errors;
    for (std::size_t i = 0; i < again.size(); i += 3) {
      errors.push_back(std::max({std::abs(again[i] - interior[i]), std::abs(again[i + 1] - interior[i + 1]),
                                 std::abs(again[i + 2] - interior[i + 2])}));
    }
    std::sort(errors.begin(), errors.end());
    EXPECT_LE(errors[errors.size() / 2], kRoundTripTolerance) << o.alias << " median";
    EXPECT_LE(errors[errors.size() * 95 / 100], kApproximateInverseP95) << o.alias << " p95";
    EXPECT_LE(errors.back(), kApproximateInverseMax) << o.alias << " max";
    // Neutrals: glow and red modifier are inactive, the inverse is exact.
    std::vector<float> greys;
    for (int e = -6; e <= 6; ++e) {
      const float v = std::ldexp(0.18f, e);
      greys.insert(greys.end(), {v, v, v});
    }
    const std::vector<float> grey_codes = run(o, Direction::forward, greys);
    std::size_t at = 0;
    EXPECT_LE(max_abs_diff(run(o, Direction::forward, run(o, Direction::inverse, grey_codes)), grey_codes, &at),
              kRoundTripTolerance)
        << o.alias << " grey " << greys[3 * at];
    if (built_from_ops(o)) continue;
    // Over all of [0, 1]^3, clipped codes included: the same inverse as OCIO's inverse display/view.
    std::vector<float> lattice;
    for (int r = 0; r <= 10; ++r)
      for (int g = 0; g <= 10; ++g)
        for (int b = 0; b <= 10; ++b) lattice.insert(lattice.end(), {r / 10.0f, g / 10.0f, b / 10.0f});
    const std::vector<float> ours = run(o, Direction::inverse, lattice);
    const std::vector<float> expected = run(config_pipeline(o.ocio_output, o.ocio_display, true), lattice);
    for (std::size_t i = 0; i < ours.size(); ++i) {
      ASSERT_NEAR(ours[i], expected[i], kSameOpsTolerance * std::max(1.0f, std::abs(expected[i])))
          << o.alias << " at code " << lattice[i - i % 3] << " " << lattice[i - i % 3 + 1] << " " << lattice[i - i % 3 + 2];
    }
  }
}

// The encodings built from OCIO ops, each against a builtin display whose output determines it:
//   DCDM (P3-D60 limited)  = X'Y'Z' of the P3-D60 display's linear light (both clamp in P3-D60)
//   DCDM (P3-D65 limited)  = X'Y'Z' of the P3-D65 display's linear light (both clamp in P3-D65)
//   DCDM                   = the same from P3-D60, where P3-D60 does not clip
//   Display P3             = sRGB curve of Rec.2020 display light in P3 primaries, where P3 does not clip
// with the matrices from the published primaries (tests' own double-precision derivation) and the
// ST 428-1 / IEC 61966-2-1 curves written out here.
TEST(Aces1Output, DisplayEncodingsWithoutBuiltinsMatchNeighbouringBuiltinDisplays) {
  using namespace primaries;
  const std::vector<float> aces = aces_samples();
  auto dcdm = [](const Vec3& XYZ) {
    Vec3 out;
    for (int c = 0; c < 3; ++c) out[c] = std::pow(std::max(0.0, XYZ[c] * 48.0 / 52.37), 1.0 / 2.6);
    return out;
  };
  auto srgb_encode = [](double x) { return x <= 0.0031308 ? 12.92 * x : 1.055 * std::pow(x, 1.0 / 2.4) - 0.055; };
  struct Case {
    const char* alias;
    const char* neighbour_view;
    const char* neighbour_display;
    bool only_where_unclipped;
  };
  const Case cases[] = {
      {"aces1-xyz-gamma2.6-48nit-p3d60", "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-CINEMA_1.0",
       "DISPLAY - CIE-XYZ-D65_to_G2.6-P3-D60-BFD", false},
      {"aces1-xyz-gamma2.6-48nit-p3", "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-CINEMA_1.0",
       "DISPLAY - CIE-XYZ-D65_to_G2.6-P3-D65", false},
      {"aces1-xyz-gamma2.6-48nit", "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-CINEMA_1.0",
       "DISPLAY - CIE-XYZ-D65_to_G2.6-P3-D60-BFD", true},
      {"aces1-p3d65-srgb-100nit", "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0",
       "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.2020", true},
      {"aces1-p3d65-srgb-100nit-d60sim", "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO-D60sim-D65_1.0",
       "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.2020", true},
  };
  int used_total = 0;
  for (const Case& c : cases) {
    const Aces1Output& o = find_aces1_output(c.alias);
    const std::vector<float> ours = run(o, Direction::forward, aces);
    const std::vector<float> neighbour = run(config_pipeline(c.neighbour_view, c.neighbour_display, false), aces);
    const bool to_p3 = std::string(c.alias).find("srgb") != std::string::npos;
    const bool p3d65 = std::string(c.neighbour_display).find("P3-D65") != std::string::npos;
    const Mat3 display_to_XYZ = rgb_to_XYZ_matrix(to_p3 ? kRec2020 : (p3d65 ? kP3D65 : kP3D60));
    const Mat3 rec2020_to_p3 = XYZ_to_rgb_matrix(kP3D65) * rgb_to_XYZ_matrix(kRec2020);
    int used = 0;
    float worst = 0.0f;
    for (std::size_t i = 0; i < aces.size() / 3; ++i) {
      Vec3 lin;
      bool clipped = false;
      for (int k = 0; k < 3; ++k) {
        const double code = neighbour[3 * i + k];
        // The gamma builtins clamp negatives to 0: a 0 may hide a clipped value.
        clipped = clipped || code <= 0.0 || code >= 1.0;
        lin[k] = std::pow(std::clamp(code, 0.0, 1.0), to_p3 ? 2.4 : 2.6);
      }
      Vec3 expected;
      if (to_p3) {
        const Vec3 p3 = rec2020_to_p3 * lin;
        clipped = clipped || p3.minCoeff() < 0.0 || p3.maxCoeff() > 1.0;
        for (int k = 0; k < 3; ++k) expected[k] = srgb_encode(std::clamp(p3[k], 0.0, 1.0));
      } else {
        expected = dcdm(display_to_XYZ * lin);
      }
      if (c.only_where_unclipped && clipped) continue;
      ++used;
      for (int k = 0; k < 3; ++k) worst = std::max(worst, std::abs(ours[3 * i + k] - static_cast<float>(expected[k])));
    }
    EXPECT_LE(worst, kIndependentTolerance) << c.alias;
    EXPECT_GT(used, 1000) << c.alias;
    used_total += used;
  }
  EXPECT_GT(used_total, 5000);
}

TEST(Aces1Output, CinemaWhiteAndGreyLandWhereTheOdtsPutThem) {
  // Published behaviour of the ACES 1.0 SDR tone scale (aces-core ACESlib.Tonescales.ctl, ODT
  // segmented_spline_c9 48 nit): ACES 0.18 renders to 4.8 cd/m^2 (1/10 of cinema white) in the
  // cinema ODTs, so P3-D65 gamma 2.6 code = ((4.8 - 0.02) / (48 - 0.02))^(1/2.6) for a neutral.
  std::vector<float> grey = {0.18f, 0.18f, 0.18f};
  const auto& p3 = find_aces1_output("aces1-p3d65-gamma2.6-48nit");
  // The RRT's glow and saturation leave a neutral neutral; the c5 * c9 splines give 4.8 nit only
  // to their spline precision: 1e-3 code values.
  const float expected = static_cast<float>(std::pow((4.8 - 0.02) / (48.0 - 0.02), 1.0 / 2.6));
  aces1_output_function(p3, Direction::forward)(grey);
  for (float v : grey) EXPECT_NEAR(v, expected, 1e-3f);
  // Very bright ACES clips at code 1 (the clamp the ODTs apply), never above.
  std::vector<float> bright = {1e4f, 1e4f, 1e4f, 50.0f, 0.0f, 0.0f};
  aces1_output_function(find_aces1_output("aces1-rec709-bt1886-100nit"), Direction::forward)(bright);
  for (float v : bright) EXPECT_LE(v, 1.0f);
  EXPECT_NEAR(bright[0], 1.0f, 1e-3f);
}

}  // namespace
}  // namespace aceslab::aces
