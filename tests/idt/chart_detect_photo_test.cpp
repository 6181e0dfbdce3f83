// SPDX-License-Identifier: Apache-2.0
// Chart detection on realistic photographs made in software (chart_photo_set.h: 12 scenarios of
// positives, 5 of negatives, seeded). Targets (issue 12): at least 95 % of the positives found with
// every patch centre inside its own patch, and no wrong chart accepted, ever: every accepted
// detection must put all 24 centres inside the right patches of a chart that is in the frame.
// ACESLAB_PHOTO_DUMP=<folder> writes every photograph as PNG for inspection.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>

#include "chart_photo_set.h"
#include "color/error.h"
#include "idt/chart_detect.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::idt;
using namespace aceslab::idt::testing::photo;

namespace {

// Sizes of the set: 12 scenarios x 15 positives, 5 x 8 negatives (about 45 s of CPU).
constexpr int kPositives = 180;
constexpr int kNegatives = 40;
// Issue 12: at least 95 % of the positives found, and every centre inside its patch.
constexpr double kMinFoundFraction = 0.95;

// Does the detection put every patch centre inside the right patch of one of the charts?
bool matches_a_chart(const ChartDetection& d, const PhotoSpec& spec) {
  PhotoSpec s = spec;
  finalise(s);
  for (const ChartObject& chart : s.charts) {
    bool all = true;
    for (int i = 0; i < kChartPatches && all; ++i) {
      const Eigen::Vector2d px = d.chart.to_pixel(patch_centre(i));
      all = px.x() >= 0 && px.y() >= 0 && px.x() < s.width && px.y() < s.height && chart.inside_patch(px, i);
    }
    if (all) return true;
  }
  return false;
}

struct Tally {
  int total = 0, found = 0, refused = 0, wrong = 0;
};

}  // namespace

TEST(ChartDetectPhotos, FindsRealisticChartsAndNeverAWrongOne) {
  const char* dump = std::getenv("ACESLAB_PHOTO_DUMP");
  std::map<std::string, Tally> by_scenario;
  Tally positives, negatives;
  double seconds_render = 0, seconds_detect = 0;
  // ACESLAB_PHOTO_ONLY=i..j runs photographs i to j only (debugging).
  int first = 0, last = kPositives + kNegatives - 1;
  if (const char* only = std::getenv("ACESLAB_PHOTO_ONLY")) std::sscanf(only, "%d..%d", &first, &last);
  for (int i = first; i <= last; ++i) {
    const PhotoCase c = make_photo_case(i, kPositives);
    const auto t0 = std::chrono::steady_clock::now();
    const aces::Image image = render_photo(c.spec);
    const auto t1 = std::chrono::steady_clock::now();
    if (dump) {
      aces::Image view = image;
      if (c.spec.output == Output::float32) {
        for (float& v : view.rgb) v = static_cast<float>(aces::find_transfer_function("srgb").to_code(std::max(0.0f, v)));
      }
      aces::write_image(fs::path(dump) / ("photo_" + std::to_string(i) + ".png"), view, Overwrite::allow, aces::SampleFormat::uint8);
    }
    Tally& tally = c.positive ? positives : negatives;
    Tally& scen = by_scenario[(c.positive ? "+ " : "- ") + c.scenario];
    ++tally.total;
    ++scen.total;
    std::string outcome;
    try {
      const ChartDetection d = detect_chart(image, "photo_" + std::to_string(i));
      if (matches_a_chart(d, c.spec)) {
        ++tally.found;
        ++scen.found;
        outcome = "found: " + d.evidence.describe();
      } else {
        ++tally.wrong;
        ++scen.wrong;
        outcome = "WRONG: " + d.evidence.describe();
      }
    } catch (const Error& e) {
      ++tally.refused;
      ++scen.refused;
      outcome = std::string("refused: ") + e.detail();
    }
    const auto t2 = std::chrono::steady_clock::now();
    seconds_render += std::chrono::duration<double>(t1 - t0).count();
    seconds_detect += std::chrono::duration<double>(t2 - t1).count();
    if (std::getenv("ACESLAB_PHOTO_VERBOSE") || outcome.rfind("WRONG", 0) == 0) {
      std::cout << "photo " << i << " (" << (c.positive ? "+ " : "- ") << c.scenario << ", " << image.width << "x"
                << image.height << "): " << outcome << '\n';
    }
  }
  std::cout << "scenario            photos  found  refused  wrong\n";
  for (const auto& [name, t] : by_scenario) {
    std::printf("%-18s %7d %6d %8d %6d\n", name.c_str(), t.total, t.found, t.refused, t.wrong);
  }
  std::printf("positives: %d of %d found (%.1f %%), %d wrong; negatives: %d refused of %d, %d wrong\n", positives.found,
              positives.total, 100.0 * positives.found / positives.total, positives.wrong, negatives.refused,
              negatives.total, negatives.wrong);
  std::printf("time: render %.1f s, detect %.1f s (%.0f ms per photo)\n", seconds_render, seconds_detect,
              1000 * seconds_detect / (last - first + 1));
  if (std::getenv("ACESLAB_PHOTO_ONLY")) return;
  EXPECT_GE(positives.found, kMinFoundFraction * positives.total);
  EXPECT_EQ(positives.wrong, 0);
  EXPECT_EQ(negatives.wrong, 0);
}

// The detection says how sure it is and why; a mirrored chart is reported as such; a refusal
// carries the best candidate's evidence and asks for the corners.
TEST(ChartDetectPhotos, EvidenceMirroringAndRefusal) {
  // Photograph 4 is a mirrored chart (scenario "mirrored"), the first negative a Digital SG-like grid alone.
  const PhotoCase mirrored = make_photo_case(4, kPositives);
  ASSERT_TRUE(mirrored.spec.charts.front().mirrored);
  const ChartDetection d = detect_chart(render_photo(mirrored.spec), "mirrored");
  EXPECT_TRUE(d.mirrored);
  EXPECT_GE(d.evidence.confidence, DetectOptions{}.min_confidence);
  EXPECT_EQ(d.evidence.neutral_steps_failed, 0);
  EXPECT_GE(d.evidence.hue_matches, 15);
  EXPECT_TRUE(d.evidence.centres_inside);
  EXPECT_TRUE(matches_a_chart(d, mirrored.spec));

  const PhotoCase sg = make_photo_case(kPositives, kPositives);
  ASSERT_FALSE(sg.positive);
  try {
    detect_chart(render_photo(sg.spec), "sg.jpg");
    FAIL() << "a Digital SG-like grid was accepted as a ColorChecker";
  } catch (const Error& e) {
    EXPECT_EQ(e.location().path, "sg.jpg");
    EXPECT_NE(e.detail().find("hue order"), std::string::npos) << e.what();
    EXPECT_NE(e.detail().find("corners"), std::string::npos) << e.what();
  }
}
