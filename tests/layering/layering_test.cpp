// SPDX-License-Identifier: Apache-2.0
// The source tree obeys the layering its CMakeLists state (layering_check.h), and the check finds the
// violations it is meant to find on a small fixture tree.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "layering_check.h"

namespace fs = std::filesystem;
using aceslab::testing::check_layering;
using aceslab::testing::LayeringLibrary;
using aceslab::testing::read_layering_manifest;

namespace {

std::string describe(const std::vector<aceslab::testing::LayeringViolation>& violations) {
  std::string all;
  for (const auto& v : violations) all += v.where + ": " + v.message + "\n";
  return all;
}

class Fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    m_root = fs::temp_directory_path() / ("aceslab-layering-" + std::to_string(getpid()) + "-" +
                                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_root);
    fs::create_directories(m_root);
  }
  void TearDown() override { fs::remove_all(m_root); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((m_root / rel).parent_path());
    std::ofstream(m_root / rel) << text;
  }
  fs::path m_root;
};

}  // namespace

TEST(Layering, SourceTreeFollowsTheCMakeLinks) {
  const auto libs = read_layering_manifest(ACESLAB_LAYERING_MANIFEST);
  // Every library folder of the project is in the manifest (a new folder must be listed in
  // ACESLAB_LIBRARIES to be checked).
  ASSERT_GE(libs.size(), 10u) << "manifest " << ACESLAB_LAYERING_MANIFEST;
  for (const char* folder : {"color", "aces2", "pipeline", "clf", "image", "solver", "amf", "lmt", "idt", "ocioconfig", "cli"}) {
    EXPECT_TRUE(std::any_of(libs.begin(), libs.end(), [&](const LayeringLibrary& l) { return l.folder == folder; }))
        << folder;
  }
  const auto violations = check_layering(ACESLAB_SOURCE_DIR, libs);
  EXPECT_TRUE(violations.empty()) << describe(violations);
}

TEST(Layering, OnlySolverIncludesCeres) {
  // STYLE.md: solver/ is the only library that includes Ceres. It links Ceres PRIVATE, so the
  // check above refuses <ceres/...> anywhere else; make sure it stays private.
  const auto libs = read_layering_manifest(ACESLAB_LAYERING_MANIFEST);
  for (const LayeringLibrary& lib : libs) {
    const bool links_ceres = std::find(lib.links.begin(), lib.links.end(), "Ceres::ceres") != lib.links.end();
    EXPECT_EQ(links_ceres, lib.folder == "solver") << lib.folder;
    EXPECT_EQ(std::find(lib.public_links.begin(), lib.public_links.end(), "Ceres::ceres"), lib.public_links.end())
        << lib.folder;
  }
}

TEST(Layering, OnlyTheCoreDependsOnNothingAbove) {
  // The core's direction: color depends on no other aceslab library; aces2 only on color.
  const auto libs = read_layering_manifest(ACESLAB_LAYERING_MANIFEST);
  for (const LayeringLibrary& lib : libs) {
    for (const std::string& link : lib.links) {
      const bool internal = link.rfind("aceslab_", 0) == 0;
      if (lib.folder == "color") {
        EXPECT_FALSE(internal) << link;
      }
      if (lib.folder == "aces2" && internal) {
        EXPECT_EQ(link, "aceslab_color");
      }
    }
  }
}

TEST_F(Fixture, IncludeFromALibraryNotLinkedIsFound) {
  write("low/low.h", "#pragma once\n");
  write("high/high.h", "#pragma once\n#include \"low/low.h\"\n");
  write("low/bad.cpp", "// a line\n#include \"low/low.h\"\n#include \"high/high.h\"\n");
  const std::vector<LayeringLibrary> libs = {{"low", "aceslab_low", {}, {}}, {"high", "aceslab_high", {"aceslab_low"}, {"aceslab_low"}}};
  const auto v = check_layering(m_root, libs);
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_EQ(v[0].where, "low/bad.cpp:3");
  EXPECT_NE(v[0].message.find("aceslab_low does not depend on aceslab_high"), std::string::npos) << v[0].message;
}

TEST_F(Fixture, TransitiveLinksAreAllowed) {
  write("a/a.h", "#pragma once\n");
  write("b/b.h", "#include \"a/a.h\"\n");
  write("c/c.cpp", "#include \"a/a.h\"\n#include <ceres/ceres.h>\n");
  const std::vector<LayeringLibrary> libs = {{"a", "aceslab_a", {"Ceres::ceres"}, {"Ceres::ceres"}},
                                             {"b", "aceslab_b", {"aceslab_a"}, {"aceslab_a"}},
                                             {"c", "aceslab_c", {"aceslab_b"}, {}}};
  EXPECT_TRUE(check_layering(m_root, libs).empty()) << describe(check_layering(m_root, libs));
}

TEST_F(Fixture, PrivateLinksStayInside) {
  // b links Ceres PRIVATE: b may include it, c (which links b) may not.
  write("b/b.cpp", "#include <ceres/ceres.h>\n");
  write("c/c.cpp", "#include <ceres/ceres.h>\n");
  const std::vector<LayeringLibrary> libs = {{"b", "aceslab_b", {"Ceres::ceres"}, {}},
                                             {"c", "aceslab_c", {"aceslab_b"}, {}}};
  const auto v = check_layering(m_root, libs);
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_EQ(v[0].where, "c/c.cpp:1");
}

TEST_F(Fixture, ThirdPartyHeaderWithoutItsTargetIsFound) {
  write("a/x.cpp", "#include <OpenImageIO/imageio.h>\n  #  include <ceres/ceres.h>\n");
  const std::vector<LayeringLibrary> libs = {{"a", "aceslab_a", {"OpenImageIO::OpenImageIO"}, {}}};
  const auto v = check_layering(m_root, libs);
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_EQ(v[0].where, "a/x.cpp:2");
  EXPECT_NE(v[0].message.find("does not link Ceres::ceres"), std::string::npos);
}

TEST_F(Fixture, UnknownFolderAndCycleAreFound) {
  write("a/x.h", "#include \"aces/old.h\"\n");
  const std::vector<LayeringLibrary> libs = {{"a", "aceslab_a", {"aceslab_b"}, {"aceslab_b"}},
                                             {"b", "aceslab_b", {"aceslab_a"}, {"aceslab_a"}}};
  const std::string all = describe(check_layering(m_root, libs));
  EXPECT_NE(all.find("a/x.h:1: includes \"aces/old.h\": \"aces/\" is not a library folder"), std::string::npos) << all;
  EXPECT_NE(all.find("aceslab_a depends on itself"), std::string::npos) << all;
  EXPECT_NE(all.find("aceslab_b depends on itself"), std::string::npos) << all;
}
