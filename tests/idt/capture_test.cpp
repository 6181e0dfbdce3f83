// SPDX-License-Identifier: Apache-2.0
// The capture manifest: aceslab's JSON, the Academy idt-calculator's JSON and folder layouts, and
// one bad manifest per error message (tests/data/idt/bad/).
#include "idt/capture.h"

#include <gtest/gtest.h>

#include <fstream>

#include "color/error.h"

namespace fs = std::filesystem;
using aceslab::Error;
using aceslab::ErrorKind;
using namespace aceslab::idt;

namespace {

const fs::path kSamples = fs::path(ACESLAB_SHARED_DIR) / "reference/idt/idt-calculator-samples";
const fs::path kBad = fs::path(ACESLAB_TEST_DATA_DIR) / "idt/bad";

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_capture_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Loads `file` and returns the error it must raise.
Error load_error(const fs::path& file) {
  try {
    load_capture(file);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << file << " loaded without error";
  return Error(ErrorKind::internal, "no error");
}

}  // namespace

TEST(Capture, AcademyProjectJson) {
  const Capture c = load_capture(kSamples / "synthetic_001/synthetic_001.json");
  EXPECT_TRUE(c.academy_layout);
  EXPECT_EQ(c.camera_make, "Synthetic");
  EXPECT_EQ(c.camera_model, "colour-science");
  EXPECT_EQ(c.illuminant, "D60");
  EXPECT_EQ(c.cat, "CAT02");
  EXPECT_EQ(c.encoding, "fit");
  ASSERT_EQ(c.exposures.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_DOUBLE_EQ(c.exposures[i].ev, static_cast<double>(i) - 3.0);  // "+1" keys parsed, sorted
    ASSERT_EQ(c.exposures[i].frames.size(), 3u);
    EXPECT_TRUE(fs::exists(c.exposures[i].frames[2].path));
  }
  EXPECT_FALSE(c.chart.corners.has_value());
}

TEST(Capture, AcademyFolderUsesItsJson) {
  const Capture c = load_capture(kSamples / "synthetic_003");
  EXPECT_TRUE(c.academy_layout);
  EXPECT_EQ(c.camera_name(), "Synthetic colour-science");
  ASSERT_EQ(c.exposures.size(), 7u);
  EXPECT_EQ(c.exposures.front().frames.size(), 1u);
}

TEST(Capture, AcademyFolderWithoutJsonIsScanned) {
  // synthetic_004 ships no JSON: the EV folders are read directly.
  const Capture c = load_capture(kSamples / "synthetic_004");
  EXPECT_TRUE(c.academy_layout);
  ASSERT_GE(c.exposures.size(), 5u);
  for (std::size_t i = 1; i < c.exposures.size(); ++i) EXPECT_LT(c.exposures[i - 1].ev, c.exposures[i].ev);
  EXPECT_EQ(c.camera_name(), "Unknown camera");
}

TEST(Capture, AceslabManifest) {
  const fs::path dir = temp_dir("manifest");
  const fs::path image = fs::path(ACESLAB_TEST_DATA_DIR) / "idt/blank.png";
  fs::copy_file(image, dir / "ev0_a.png");
  fs::copy_file(image, dir / "ev0_b.png");
  fs::copy_file(image, dir / "ev-2.png");
  fs::copy_file(image, dir / "clip.png");
  std::ofstream(dir / "capture.json") << R"({
    "camera": {"make": "Acme", "model": "Drone X"},
    "illuminant": {"daylight_cct": 5600},
    "encoding": "slog3",
    "chart": {"type": "colorchecker24", "corners": [[10, 20], [300, 22], [298, 220], [12, 218]]},
    "exposures": [{"ev": 0, "files": ["ev0_a.png", "ev0_b.png"]},
                  {"ev": -2, "files": ["ev-2.png"]},
                  {"ev": 1.5, "files": [{"file": "clip.png", "frame": 0}]}]
  })";
  const Capture c = load_capture(dir / "capture.json");
  EXPECT_FALSE(c.academy_layout);
  EXPECT_EQ(c.camera_name(), "Acme Drone X");
  EXPECT_EQ(c.encoding, "slog3");
  EXPECT_EQ(c.illuminant["daylight_cct"], 5600);
  ASSERT_TRUE(c.chart.corners.has_value());
  EXPECT_DOUBLE_EQ((*c.chart.corners)[2].x(), 298.0);
  ASSERT_EQ(c.exposures.size(), 3u);
  EXPECT_DOUBLE_EQ(c.exposures[0].ev, -2.0);
  EXPECT_DOUBLE_EQ(c.exposures[1].ev, 0.0);
  EXPECT_EQ(c.exposures[1].frames.size(), 2u);
  EXPECT_EQ(c.exposures[1].frames[1].path, dir / "ev0_b.png");
  EXPECT_EQ(c.exposures[2].frames[0].element, "/exposures/2/files/0");
}

// One bad manifest per message.
TEST(CaptureErrors, MissingFileNamesFileAndPointer) {
  const Error e = load_error(kBad / "missing_file.json");
  EXPECT_EQ(e.kind(), ErrorKind::io);
  EXPECT_NE(std::string(e.what()).find("does_not_exist.tif"), std::string::npos) << e.what();
  EXPECT_EQ(e.location().element, "/exposures/0/files/1");
  EXPECT_NE(e.location().path.find("missing_file.json"), std::string::npos);
}

TEST(CaptureErrors, DuplicateEv) {
  const Error e = load_error(kBad / "duplicate_ev.json");
  EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
  EXPECT_NE(e.detail().find("duplicate EV 0"), std::string::npos) << e.what();
  EXPECT_EQ(e.location().element, "/exposures/2/ev");
}

TEST(CaptureErrors, MalformedJsonHasLine) {
  const Error e = load_error(kBad / "malformed.json");
  EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
  EXPECT_NE(e.detail().find("malformed JSON"), std::string::npos) << e.what();
  EXPECT_EQ(e.location().line, 3) << e.what();
}

TEST(CaptureErrors, NoExposures) {
  const Error e = load_error(kBad / "no_exposures.json");
  EXPECT_NE(e.detail().find("no exposures"), std::string::npos) << e.what();
}

TEST(CaptureErrors, BadCorners) {
  const Error e = load_error(kBad / "bad_corners.json");
  EXPECT_EQ(e.location().element, "/chart/corners");
  EXPECT_NE(e.detail().find("4 corners"), std::string::npos) << e.what();
}

TEST(CaptureErrors, UnknownKey) {
  const Error e = load_error(kBad / "unknown_key.json");
  EXPECT_EQ(e.location().element, "/exposure");
  EXPECT_NE(e.detail().find("unknown key"), std::string::npos) << e.what();
}

TEST(CaptureErrors, BadFrameNumber) {
  const Error e = load_error(kBad / "bad_frame.json");
  EXPECT_EQ(e.location().element, "/exposures/0/files/0/frame");
}

TEST(CaptureErrors, UnsupportedChartType) {
  const Error e = load_error(kBad / "bad_chart_type.json");
  EXPECT_EQ(e.kind(), ErrorKind::unsupported);
  EXPECT_NE(e.detail().find("spydercheckr48"), std::string::npos);
}

TEST(CaptureErrors, EvNotANumber) {
  const Error e = load_error(kBad / "ev_not_number.json");
  EXPECT_EQ(e.location().element, "/exposures/0/ev");
  EXPECT_NE(e.detail().find("expected a number"), std::string::npos);
}

TEST(CaptureErrors, ManifestNotFound) {
  const Error e = load_error(kBad / "nope.json");
  EXPECT_EQ(e.kind(), ErrorKind::io);
  EXPECT_NE(e.location().path.find("nope.json"), std::string::npos);
}

TEST(CaptureErrors, FolderWithoutLayout) {
  const Error e = load_error(temp_dir("empty"));
  EXPECT_NE(e.detail().find("data/colour_checker"), std::string::npos) << e.what();
}
