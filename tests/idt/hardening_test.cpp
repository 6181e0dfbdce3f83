// SPDX-License-Identifier: Apache-2.0
// IDT inputs of issue 15: one picture listed as several exposures (accepted without a word),
// sensitivities at one or two wavelengths ("dE2000 mean 0.0000"), a camera make that is a number
// ("internal error: json type_error.302"), and manifests that are devices.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "color/error.h"
#include "idt/capture.h"
#include "idt/spectral.h"

namespace fs = std::filesystem;
using aceslab::Error;
using namespace aceslab::idt;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_idt_hard_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

Error expect_error(const std::function<void()>& f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    return e;
  }
  return Error(aceslab::ErrorKind::internal, "none");
}

TEST(IdtHardening, OnePictureCannotBeSeveralExposures) {
  const fs::path dir = fresh_dir("same");
  fs::copy_file(fs::path(ACESLAB_TEST_DATA_DIR) / "idt/blank.png", dir / "ev0.png");
  fs::create_symlink(dir / "ev0.png", dir / "ev2.png");
  const struct {
    const char* exposures;
    const char* message;
  } cases[] = {
      {R"([{"ev": -2, "files": ["ev0.png"]}, {"ev": 0, "files": ["ev0.png"]}, {"ev": 2, "files": ["ev0.png"]}])",
       "/exposures/1/files/0: ev0.png is the same image as /exposures/0/files/0"},
      {R"([{"ev": 0, "files": ["ev0.png"]}, {"ev": 2, "files": ["./ev2.png"]}])",
       "/exposures/1/files/0: ev2.png is the same image as /exposures/0/files/0"},
      {R"([{"ev": 0, "files": ["ev0.png", {"file": "ev0.png", "frame": 0}]}])",
       "/exposures/0/files/1: ev0.png is the same image as /exposures/0/files/0 (ev0.png)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.exposures);
    std::ofstream(dir / "capture.json") << R"({"camera": {"make": "Acme", "model": "X"}, "illuminant": "D55",
      "encoding": "linear", "exposures": )" << c.exposures << "}";
    expect_error([&] { load_capture(dir / "capture.json"); }, c.message);
  }
  expect_error([] { load_capture("/dev/zero"); }, "the JSON file is a character device");
  fs::remove_all(dir);
}

TEST(IdtHardening, SensitivitiesMustCoverTheVisibleRange) {
  const fs::path dir = fresh_dir("spectral");
  const struct {
    const char* name;
    const char* data;
    const char* message;
  } cases[] = {
      {"two.json", R"({"550": [0.2, 0.9, 0.1], "560": [0.3, 0.8, 0.1]})",
       "camera sensitivities cover 550-560 nm in 2 samples"},
      {"gappy.json", R"({"380": [0.1, 0.1, 0.1], "500": [0.2, 0.9, 0.1], "780": [0.3, 0.8, 0.1]})",
       "(widest step 280 nm)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::ofstream(dir / c.name) << R"({"header": {"manufacturer": "Acme", "model": "X"},
      "spectral_data": {"index": {"main": ["R", "G", "B"]}, "data": {"main": )"
                                << c.data << "}}}";
    expect_error([&] { read_camera_sensitivities(dir / c.name); }, c.message);
  }
  std::ofstream(dir / "make.json") << R"({"header": {"manufacturer": 42, "model": "X"},
      "spectral_data": {"index": {"main": ["R", "G", "B"]}, "data": {"main": {"400": [1, 1, 1]}}}})";
  const Error e = expect_error([&] { read_camera_sensitivities(dir / "make.json"); }, "expected a string, got number");
  EXPECT_EQ(e.location().element, "/header/manufacturer");
  EXPECT_EQ(e.location().path, (dir / "make.json").string());
  expect_error([] { read_spd_file("/dev/zero"); }, "the spectral data file is a character device");
  fs::remove_all(dir);
}

}  // namespace
