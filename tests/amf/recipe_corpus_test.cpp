// SPDX-License-Identifier: Apache-2.0
// The target of AMF interop: every AMF other tools and the Academy publish in ../shared/reference/amf
// (Pomfort samples, the AMF v2 examples and their generated ACES 1.x / 2.0 sets, the corpus' valid
// files) applies, except where it references a file that is not there or a vendor's custom id
// with no meaning aceslab can know; those fail with an error naming the file or id. The table
// printed here is the one in the README. Then the ACES 1.x recipes render as their show saw them:
// the chain equals the camera CSC followed by OpenColorIO's ACES 1.x output (or its inverse).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "amf/recipe.h"
#include "clf/aces1_output.h"
#include "color/color_space.h"
#include "color/error.h"
#include "pipeline/color_space_pipeline.h"

namespace aces = aceslab::aces;
namespace amf = aceslab::amf;
namespace fs = std::filesystem;

namespace {

const fs::path kAmfDir = fs::path(ACESLAB_SHARED_DIR) / "reference" / "amf";

// The AMFs that cannot apply, and the words their error must contain.
const std::map<std::string, std::string>& expected_failures() {
  static const std::map<std::string, std::string> m = {
      // The official examples reference a look CLF that the repository does not ship.
      {"v2/examples/example5.amf", "referenced file not found"},
      {"v2/examples/example6.amf", "referenced file not found"},
      // A fictional vendor's look named only by its custom id (no file): never guessed.
      {"v2/examples/example3.amf", "LMT.ACME.AcmeDILook.a1.v5"},
  };
  return m;
}

std::vector<fs::path> target_amfs() {
  std::vector<fs::path> files;
  for (const fs::path& dir : {kAmfDir / "pomfort-samples", kAmfDir / "v2" / "examples",
                              kAmfDir / "corpus" / "Generated_Samples_AMF" / "valid_AMFs"}) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".amf") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<float> run(const aces::TransformChain& chain, std::vector<float> rgb) {
  chain.apply(rgb, 1);
  return rgb;
}

const std::vector<float> kTriplets = {0.18f, 0.18f, 0.18f, 0.02f, 0.3f, 0.6f, 0.0f, 0.0f, 0.0f, 0.9f, 0.5f, 0.1f};

TEST(RecipeCorpus, EveryReferenceAmfAppliesOrNamesWhatIsMissing) {
  const auto files = target_amfs();
  ASSERT_GT(files.size(), 180u);
  int applied = 0;
  std::map<std::string, int> by_version;
  std::printf("  %-92s %s\n", "AMF (../shared/reference/amf/)", "result");
  for (const fs::path& file : files) {
    const std::string rel = fs::relative(file, kAmfDir).generic_string();
    const auto expected = expected_failures().find(rel);
    try {
      std::vector<amf::RecipeStep> steps;
      const aces::TransformChain chain = amf::recipe_chain(file, {}, &steps);
      for (float v : run(chain, kTriplets)) ASSERT_TRUE(std::isfinite(v)) << rel;
      EXPECT_EQ(expected, expected_failures().end()) << rel << " applied but should fail";
      std::string version = "no output";
      for (const auto& s : steps) {
        if (s.role == "output" && s.will_run) version = s.aces_major == 1 ? "ACES 1.x output" : "ACES 2.0 output";
      }
      ++by_version[version];
      ++applied;
      if (rel.find("generated") == std::string::npos) std::printf("  %-92s applies (%s)\n", rel.c_str(), version.c_str());
    } catch (const aceslab::Error& e) {
      ASSERT_NE(expected, expected_failures().end()) << rel << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(expected->second), std::string::npos) << rel << ": " << e.what();
      std::printf("  %-92s exit 1: %s\n", rel.c_str(), e.what());
    }
  }
  std::printf("  %d of %zu apply (%d ACES 1.x outputs, %d ACES 2.0 outputs, %d without an output to run)\n", applied,
              files.size(), by_version["ACES 1.x output"], by_version["ACES 2.0 output"], by_version["no output"]);
  EXPECT_EQ(applied + static_cast<int>(expected_failures().size()), static_cast<int>(files.size()));
}

// The chain of an ACES 1.x recipe is exactly its parts: the camera's CSC, then the ACES 1.x output
// of OpenColorIO's builtins (bit-identical: the same float operations in the same order).
TEST(RecipeCorpus, Aces1RecipesRenderAsTheirShowSawThem) {
  const auto chain = amf::recipe_chain(kAmfDir / "pomfort-samples" / "LogCEI800-Rec.709100nitsdim.amf", {});
  std::vector<float> expected = kTriplets;
  aces::apply(aces::to_aces(aces::find_color_space("logc3-ei800-awg3")), expected);
  aces::aces1_output_function(aces::find_aces1_output("aces1-rec709-bt1886-100nit"), aces::Direction::forward)(expected);
  EXPECT_EQ(run(chain, kTriplets), expected);

  // DCDM X'Y'Z' in (InvODT + InvRRT), Rec.709 out: inverse DCDM then forward Rec.709.
  const auto xyz = amf::recipe_chain(kAmfDir / "pomfort-samples" / "XYZ-Rec.709100nitsdim.amf", {});
  std::vector<float> want = {0.5f, 0.5f, 0.5f, 0.3f, 0.4f, 0.5f};
  aces::aces1_output_function(aces::find_aces1_output("aces1-xyz-gamma2.6-48nit"), aces::Direction::inverse)(want);
  aces::aces1_output_function(aces::find_aces1_output("aces1-rec709-bt1886-100nit"), aces::Direction::forward)(want);
  EXPECT_EQ(run(xyz, {0.5f, 0.5f, 0.5f, 0.3f, 0.4f, 0.5f}), want);

  // --output-transform swaps in an ACES 2.0 output, and the step says so.
  amf::RecipeOptions o;
  o.replace_output = "rec709-bt1886-100nit";
  std::vector<amf::RecipeStep> steps;
  amf::recipe_chain(kAmfDir / "pomfort-samples" / "LogCEI800-Rec.709100nitsdim.amf", o, &steps);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back().role, "output");
  EXPECT_EQ(steps.back().aces_major, 2);
}

// An inverseOutputTransform holding the InvOutput id (the usual spelling) runs the inverse once:
// display code values in, the same output out, a round trip (ACES 2.0's inverse is exact inside
// the display gamut to 1e-5, see aces2 output_transform_test).
TEST(RecipeCorpus, InverseOutputElementRunsTheInverse) {
  const auto chain = amf::recipe_chain(fs::path(ACESLAB_TEST_DATA_DIR) / "amf" / "inverse_output_aces2.amf", {});
  const std::vector<float> display = {0.5f, 0.4f, 0.3f, 0.1f, 0.2f, 0.15f, 0.9f, 0.85f, 0.8f};
  const std::vector<float> back = run(chain, display);
  for (std::size_t i = 0; i < display.size(); ++i) EXPECT_NEAR(back[i], display[i], 1e-5) << i;
}

TEST(RecipeCorpus, CustomIdsAreRefusedUnlessMapped) {
  const fs::path example3 = kAmfDir / "v2" / "examples" / "example3.amf";
  try {
    amf::recipe_chain(example3, {});
    FAIL();
  } catch (const aceslab::Error& e) {
    EXPECT_EQ(e.kind(), aceslab::ErrorKind::unsupported);
    EXPECT_NE(std::string(e.what()).find("--map-id"), std::string::npos);
    EXPECT_EQ(e.location().line, 65);
  }
  amf::RecipeOptions o;
  o.id_map["LMT.ACME.AcmeDILook.a1.v5"] = "rgc";
  std::vector<amf::RecipeStep> steps;
  const auto chain = amf::recipe_chain(example3, o, &steps);
  bool noted = false;
  for (const auto& s : steps) noted = noted || s.note.find("--map-id") != std::string::npos;
  EXPECT_TRUE(noted);
  for (float v : run(chain, kTriplets)) EXPECT_TRUE(std::isfinite(v));
  // Pomfort's RED id is in the quirks table: applied as RED Log3G10 / RWG, with a note.
  steps.clear();
  amf::recipe_chain(kAmfDir / "pomfort-samples" / "REDlog3G10-Rec.709100nitsdim.amf", {}, &steps);
  ASSERT_FALSE(steps.empty());
  EXPECT_NE(steps.front().note.find("log3g10-rwg"), std::string::npos) << steps.front().note;
}

}  // namespace
