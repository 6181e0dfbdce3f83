// SPDX-License-Identifier: Apache-2.0
// Resolving the transformIds of an AMF recipe to aceslab's colour spaces: ACES 2.0 CSC URNs, the
// ACES 1.x ids other tools still write (registry previous-equivalents, in the right direction),
// and the 1.x camera IDTs that are the same conversion as a colour space of the core.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "amf/recipe.h"
#include "color/color_space.h"
#include "color/error.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/pipeline.h"

namespace aces = aceslab::aces;
namespace amf = aceslab::amf;

namespace {

// Both pipelines are built from the same colour-space definition, so they agree to float rounding.
constexpr double kSamePipelineTol = 1e-6;

std::vector<float> run(const aces::Pipeline& p, std::vector<float> rgb) {
  aces::apply(p, rgb);
  return rgb;
}

const std::vector<float> kSamples = {0.0f, 0.0f, 0.0f,  0.18f, 0.18f, 0.18f, 0.9f, 0.2f,
                                     0.05f, 0.391007f, 0.5f, 0.7f, 1.0f,  1.0f,  1.0f};

void expect_same(const aces::Pipeline& got, const aces::Pipeline& want, const std::string& label) {
  const auto a = run(got, kSamples);
  const auto b = run(want, kSamples);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], kSamePipelineTol) << label << " [" << i << "]";
}

TEST(RecipeIds, Aces2CscUrns) {
  const auto& cct = aces::find_color_space("acescct");
  expect_same(amf::csc_pipeline("urn:ampas:aces:transformId:v2.0:CSC.Academy.ACEScct_to_ACES.a2.v1"),
              aces::to_aces(cct), "v2 ACEScct_to_ACES");
  expect_same(amf::csc_pipeline("urn:ampas:aces:transformId:v2.0:CSC.Academy.ACES_to_ACEScct.a2.v1"),
              aces::from_aces(cct), "v2 ACES_to_ACEScct");
}

TEST(RecipeIds, Aces1CscIdsFollowTheRegistryInTheirOwnDirection) {
  const auto& cct = aces::find_color_space("acescct");
  const auto& cc = aces::find_color_space("acescc");
  expect_same(amf::csc_pipeline("urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACES_to_ACEScct.a1.0.3"),
              aces::from_aces(cct), "v1.5 ACES_to_ACEScct");
  expect_same(amf::csc_pipeline("urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACEScct_to_ACES.a1.0.3"),
              aces::to_aces(cct), "v1.5 ACEScct_to_ACES");
  expect_same(amf::csc_pipeline("ACEScsc.ACES_to_ACEScct.a1.0.3"), aces::from_aces(cct), "legacy ACES_to_ACEScct");
  // The registry also lists this id under v2.0's ACES_to_ACEScc: the direction in the name wins.
  expect_same(amf::csc_pipeline("ACEScsc.ACEScc_to_ACES.a1.0.1"), aces::to_aces(cc), "legacy ACEScc_to_ACES");
  // ACEScc code of 18% grey (S-2014-003: (log2(0.18) + 9.72) / 17.52 = 0.4135884) back to 0.18.
  const auto grey = run(amf::csc_pipeline("ACEScsc.ACEScc_to_ACES.a1.0.1"), {0.4135884f, 0.4135884f, 0.4135884f});
  for (float v : grey) EXPECT_NEAR(v, 0.18, 1e-5);
}

TEST(RecipeIds, Aces1CameraIdtsOfTheCore) {
  const auto& logc3 = aces::find_color_space("logc3-ei800-awg3");
  expect_same(amf::csc_pipeline("urn:ampas:aces:transformId:v1.5:IDT.ARRI.Alexa-v3-logC-EI800.a1.v2"),
              aces::to_aces(logc3), "ARRI v3 EI800 IDT");
  expect_same(amf::csc_pipeline("ACEScsc.LogC_EI800_AWG_to_ACES.a1.v1"), aces::to_aces(logc3), "LogC CSC");
  expect_same(amf::csc_pipeline("ACEScsc.ACES_to_LogC_EI800_AWG.a1.v1"), aces::from_aces(logc3), "LogC CSC inverse");
  expect_same(amf::csc_pipeline("urn:ampas:aces:transformId:v1.5:IDT.Sony.SLog3_SGamut3Cine.a1.v1"),
              aces::to_aces(aces::find_color_space("slog3-sgamut3cine")), "Sony S-Log3 S-Gamut3.Cine IDT");
  expect_same(amf::csc_pipeline("urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.VLog_VGamut_to_ACES.a1.1.0"),
              aces::to_aces(aces::find_color_space("vlog-vgamut")), "V-Log CSC");
  // ARRI: LogC3 EI 800 code 0.391007 is 18% grey (ALEXA LogC curve white paper); the matrix keeps
  // neutrals neutral.
  const auto grey = run(amf::csc_pipeline("IDT.ARRI.Alexa-v3-logC-EI800.a1.v2"), {0.391007f, 0.391007f, 0.391007f});
  for (float v : grey) EXPECT_NEAR(v, 0.18, 2e-4);
}

// (Canon's D55 Input Transforms v2.0 print the CAT02 matrix of their gamut and resolve since the
// camera-encodings work: tests/pipeline/csc_test.cpp.)
TEST(RecipeIds, UnknownOrCameraWhiteDependentIdsAreRefused) {
  for (const char* id : {"IDT.ARRI.Alexa-v3-logC-EI800.a1.v1", "urn:ampas:aces:transformId:v2.0:CSC.Acme.Nothing.a2.v1"}) {
    try {
      amf::csc_pipeline(id);
      ADD_FAILURE() << id << " resolved";
    } catch (const aceslab::Error& e) {
      EXPECT_NE(std::string(e.what()).find("no built-in implementation"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
