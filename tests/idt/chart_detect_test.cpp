// SPDX-License-Identifier: Apache-2.0
// Automatic chart detection: on the Academy synthetic charts (against their measured corners) and
// on charts rendered at other positions, scales, rotations, perspectives and noise levels.
#include "idt/chart_detect.h"

#include <gtest/gtest.h>

#include <cmath>

#include "color/error.h"
#include "idt/chart_render.h"
#include "idt/patch_sampling.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::idt;

namespace {

const fs::path kSamples = fs::path(ACESLAB_SHARED_DIR) / "reference/idt/idt-calculator-samples";
const ChartCorners kSyntheticCorners = {Eigen::Vector2d(139.5, 148.5), Eigen::Vector2d(885.0, 148.5),
                                        Eigen::Vector2d(885.0, 640.3), Eigen::Vector2d(139.5, 640.3)};

// A detected corner may be off by this fraction of the grid width: the sample square is the central
// half of a patch (a quarter pitch of slack on each side), so 2 % of the width (1/8 pitch) keeps
// every sample well inside its patch.
constexpr double kCornerTolerance = 0.02;

double worst_corner_error(const ChartCorners& a, const ChartCorners& b) {
  double worst = 0;
  for (int k = 0; k < 4; ++k) worst = std::max(worst, (a[k] - b[k]).norm());
  return worst;
}

// ColorChecker-like code values (log-ish encoded): six neutrals on the bottom row, white to black.
std::array<Eigen::Vector3d, kChartPatches> chart_codes() {
  const double colours[18][3] = {{0.45, 0.38, 0.33}, {0.62, 0.52, 0.47}, {0.42, 0.47, 0.58}, {0.38, 0.43, 0.32},
                                 {0.50, 0.49, 0.62}, {0.48, 0.64, 0.60}, {0.66, 0.45, 0.25}, {0.35, 0.38, 0.59},
                                 {0.60, 0.38, 0.39}, {0.34, 0.28, 0.40}, {0.55, 0.62, 0.30}, {0.70, 0.56, 0.26},
                                 {0.26, 0.30, 0.52}, {0.37, 0.52, 0.34}, {0.55, 0.27, 0.25}, {0.76, 0.68, 0.22},
                                 {0.60, 0.39, 0.53}, {0.28, 0.50, 0.60}};
  std::array<Eigen::Vector3d, kChartPatches> c;
  for (int i = 0; i < 18; ++i) c[i] = Eigen::Vector3d(colours[i][0], colours[i][1], colours[i][2]);
  const double neutrals[6] = {0.82, 0.70, 0.58, 0.46, 0.34, 0.22};
  for (int i = 0; i < 6; ++i) c[18 + i] = Eigen::Vector3d::Constant(neutrals[i]);
  return c;
}

}  // namespace

TEST(ChartDetect, FindsAcademySyntheticCharts) {
  for (const char* set : {"synthetic_001", "synthetic_003"}) {
    for (const char* ev : {"-2", "0", "2"}) {
      const fs::path file = kSamples / set / "data/colour_checker" / ev / "colour_checker_0001.tif";
      const aces::Image image = aces::read_image(file);
      const ChartDetection d = detect_chart(image, file.string());
      EXPECT_EQ(d.patches_found, 24) << set << " EV " << ev;
      EXPECT_LT(worst_corner_error(d.chart.corners(), kSyntheticCorners), kCornerTolerance * 745.5) << set << " EV " << ev;
    }
  }
}

struct Placement {
  double cx, cy, width, degrees;
  double noise;
};

TEST(ChartDetect, FindsRenderedChartsAtOtherPlacements) {
  const Placement placements[] = {
      {640, 360, 700, 0, 0.0},     {400, 300, 420, 8, 0.002},  {900, 450, 500, -12, 0.004},
      {640, 360, 600, 180, 0.002}, {640, 360, 380, 90, 0.0},   {640, 400, 330, 270, 0.003},
      {320, 200, 260, 3, 0.001},
  };
  for (const Placement& p : placements) {
    ChartRender spec;
    spec.width = 1280;
    spec.height = 720;
    spec.patch_codes = chart_codes();
    spec.surround = Eigen::Vector3d(0.12, 0.12, 0.13);
    spec.chart = place_chart(p.cx, p.cy, p.width, p.degrees);
    spec.noise_sigma = p.noise;
    const aces::Image image = render_chart(spec);
    const ChartDetection d = detect_chart(image, "render");
    EXPECT_GE(d.patches_found, 22) << "placement at " << p.degrees << " deg, width " << p.width;
    const int expected_rotation = (static_cast<int>(std::lround(p.degrees / 90.0)) * 90 + 360) % 360;
    EXPECT_EQ(d.rotation, expected_rotation) << "placement at " << p.degrees << " deg";
    EXPECT_LT(worst_corner_error(d.chart.corners(), spec.chart.corners()), kCornerTolerance * p.width)
        << "placement at " << p.degrees << " deg, width " << p.width;
  }
}

TEST(ChartDetect, FindsChartUnderPerspective) {
  ChartRender spec;
  spec.width = 1280;
  spec.height = 720;
  spec.patch_codes = chart_codes();
  const ChartCorners corners = {Eigen::Vector2d(300, 150), Eigen::Vector2d(950, 190), Eigen::Vector2d(930, 600),
                                Eigen::Vector2d(320, 560)};
  spec.chart = ChartHomography::from_corners(corners);
  const ChartDetection d = detect_chart(render_chart(spec), "perspective");
  EXPECT_LT(worst_corner_error(d.chart.corners(), corners), kCornerTolerance * 650);
}

TEST(ChartDetect, NoChartIsAClearError) {
  ChartRender spec;
  spec.width = 640;
  spec.height = 480;
  spec.patch_codes = chart_codes();
  spec.chart = place_chart(5000, 5000, 100, 0);  // far outside the frame
  spec.noise_sigma = 0.01;
  try {
    detect_chart(render_chart(spec), "empty.tif");
    FAIL() << "found a chart in an empty frame";
  } catch (const Error& e) {
    EXPECT_EQ(e.location().path, "empty.tif");
    EXPECT_NE(e.detail().find("ColorChecker not found"), std::string::npos) << e.what();
  }
}
