// SPDX-License-Identifier: Apache-2.0
// The .cube reader: every shared fixture loads, both dialects are understood, values agree with
// OpenColorIO where OCIO reads the file, and each malformed file in tests/data/lmt/illegal/ is
// refused with its own message and line.
#include <OpenColorIO/OpenColorIO.h>
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>

#include "color/error.h"
#include "lmt/cube_reader.h"
#include "lmt/show_lut.h"

namespace OCIO = OCIO_NAMESPACE;
namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

const fs::path kLuts = fs::path(ACESLAB_SHARED_DIR) / "data" / "luts";
const fs::path kIllegal = fs::path(ACESLAB_TEST_DATA_DIR) / "lmt" / "illegal";

// OCIO and aceslab both evaluate in float32 but order the arithmetic differently (OCIO folds the
// domain into a matrix, interpolates with its own index maths): a few float ulps of the output range.
constexpr double kOcioAbsTolerance = 2e-5;

std::vector<fs::path> shared_cubes() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(kLuts)) {
    if (e.path().extension() == ".cube") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

OCIO::ConstCPUProcessorRcPtr ocio_processor(const fs::path& path) {
  auto config = OCIO::Config::CreateRaw();
  auto file = OCIO::FileTransform::Create();
  file->setSrc(path.string().c_str());
  file->setInterpolation(OCIO::INTERP_BEST);
  return config->getProcessor(file)->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32,
                                                               OCIO::OPTIMIZATION_NONE);
}

}  // namespace

TEST(CubeReader, EverySharedCubeLoads) {
  const auto files = shared_cubes();
  ASSERT_GE(files.size(), 14u);  // completeness: the fixtures are there
  for (const auto& f : files) {
    SCOPED_TRACE(f.string());
    CubeFile cube;
    ASSERT_NO_THROW(cube = read_cube_file(f));
    EXPECT_TRUE(cube.lut1d || cube.lut3d);
    if (cube.lut1d) {
      EXPECT_EQ(cube.lut1d->values.size(), 3u * cube.lut1d->size);
    }
    if (cube.lut3d) {
      const std::size_t n = cube.lut3d->size;
      EXPECT_EQ(cube.lut3d->values.size(), 3u * n * n * n);
    }
    EXPECT_NO_THROW(read_show_lut(f));
  }
  // The other LUT files of the fixtures (CLF) load through OpenColorIO.
  int others = 0;
  for (const auto& e : fs::recursive_directory_iterator(kLuts)) {
    if (e.path().extension() != ".clf") continue;
    SCOPED_TRACE(e.path().string());
    EXPECT_NO_THROW(read_show_lut(e.path()));
    ++others;
  }
  EXPECT_GE(others, 2);
}

TEST(CubeReader, ResolveShaperPlus3D) {
  const auto cube = read_cube_file(kLuts / "ocio-tests" / "resolve_1d3d.cube");
  EXPECT_EQ(cube.dialect, CubeDialect::resolve);
  ASSERT_TRUE(cube.lut1d && cube.lut3d);
  EXPECT_EQ(cube.lut1d->size, 6);
  EXPECT_EQ(cube.lut3d->size, 3);
  EXPECT_EQ(cube.lut1d->domain_min[1], -1.0);
  EXPECT_EQ(cube.lut1d->domain_max[2], 3.0);
  EXPECT_EQ(cube.lut3d->domain_min[0], 0.0);
  EXPECT_EQ(cube.lut3d->domain_max[0], 4.0);
  EXPECT_FLOAT_EQ(cube.lut1d->values[0], 3.3f);
  EXPECT_FLOAT_EQ(cube.lut3d->values[0], 1.1f);  // first 3D entry follows the 6 shaper entries
  const auto titled = read_cube_file(kLuts / "colour-science" / "resolve_cube_Three_Dimensional_Table_With_Shaper.cube");
  EXPECT_EQ(titled.title, "LUT3D with My Shaper");
  ASSERT_TRUE(titled.lut1d && titled.lut3d);
  EXPECT_DOUBLE_EQ(titled.lut3d->domain_min[0], -0.1);
}

TEST(CubeReader, AdobePerChannelDomain) {
  const auto cube = read_cube_file(kLuts / "ocio-tests" / "iridas_3d.cube");
  EXPECT_EQ(cube.dialect, CubeDialect::adobe);
  EXPECT_EQ(cube.title, "A test 3D-LUT.");
  ASSERT_TRUE(cube.lut3d);
  EXPECT_EQ(cube.lut3d->domain_min[1], 1.0);
  EXPECT_EQ(cube.lut3d->domain_max[0], 2.0);
  EXPECT_EQ(cube.lut3d->domain_max[2], 1.0);
  // Comments between table lines are skipped.
  const auto demo = read_cube_file(kLuts / "colour-science" / "iridas_cube_Demo.cube");
  ASSERT_TRUE(demo.lut1d);
  EXPECT_FLOAT_EQ(demo.lut1d->values[3 * 1 + 2], 1.5f);
  EXPECT_EQ(demo.lut1d->domain_max[2], 3.0);
}

TEST(CubeReader, OneDRangeIn3DOnlyFileIsThe3DRange) {
  const auto cube = read_cube_file(kLuts / "colour-science" / "resolve_cube_eotf_sRGB_3D.cube");
  ASSERT_TRUE(cube.lut3d);
  EXPECT_FALSE(cube.lut1d);
  EXPECT_EQ(cube.lut3d->domain_min[0], -1.0);
  EXPECT_EQ(cube.lut3d->domain_max[0], 3.0);
  ASSERT_EQ(cube.notes.size(), 1u);
  EXPECT_NE(cube.notes[0].find(":5: LUT_1D_INPUT_RANGE"), std::string::npos) << cube.notes[0];
}

// Where OCIO 2.1 reads a file, aceslab's evaluation agrees on a grid that also leaves the domain
// (clamping). Files OCIO refuses (TITLE in Resolve dialect, ...) are exactly why aceslab reads cube.
TEST(CubeReader, ValuesMatchOpenColorIO) {
  int compared = 0;
  for (const auto& f : shared_cubes()) {
    SCOPED_TRACE(f.string());
    OCIO::ConstCPUProcessorRcPtr cpu;
    try {
      cpu = ocio_processor(f);
    } catch (const OCIO::Exception&) {
      continue;
    }
    const ShowLut lut = read_show_lut(f);
    const Domain& d = lut.input_domain();
    constexpr int kSteps = 13;
    std::vector<float> ours;
    for (int r = 0; r < kSteps; ++r)
      for (int g = 0; g < kSteps; ++g)
        for (int b = 0; b < kSteps; ++b) {
          const int idx[3] = {r, g, b};
          for (int c = 0; c < 3; ++c) {
            const double span = d.max[c] - d.min[c];
            ours.push_back(static_cast<float>(d.min[c] - 0.1 * span + 1.2 * span * idx[c] / (kSteps - 1)));
          }
        }
    std::vector<float> theirs = ours;
    lut.apply(ours);
    OCIO::PackedImageDesc desc(theirs.data(), static_cast<long>(theirs.size() / 3), 1, 3);
    cpu->apply(desc);
    double worst = 0.0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      worst = std::max(worst, std::fabs(double(ours[i]) - theirs[i]) / std::max(1.0, std::fabs(double(theirs[i]))));
    }
    EXPECT_LE(worst, kOcioAbsTolerance);
    ++compared;
  }
  // OCIO 2.1 reads at least the OCIO test files and the untitled/Adobe ones.
  EXPECT_GE(compared, 5);
}

TEST(CubeReader, ShowLutSplitsShaperAndCore) {
  const ShowLut lut = read_show_lut(kLuts / "ocio-tests" / "resolve_1d3d.cube");
  ASSERT_TRUE(lut.shaper());
  EXPECT_EQ(lut.core_lattice_size(), 3);
  EXPECT_EQ(lut.input_domain().min[0], -1.0);
  EXPECT_EQ(lut.core_domain().max[0], 4.0);
  // Lattice points of the core are returned exactly.
  std::vector<float> p{4.0f, 0.0f, 0.0f};  // red at the top of the 3D domain: entry (2,0,0)
  lut.apply_core(p);
  EXPECT_FLOAT_EQ(p[0], 0.0f);
  EXPECT_FLOAT_EQ(p[1], 1.0f);
  EXPECT_FLOAT_EQ(p[2], 1.0f);
}

TEST(CubeReader, OtherFormatsThroughOpenColorIO) {
  const fs::path clf = kLuts / "ocio-tests" / "lut1d_lut3d_lut1d.clf";
  const ShowLut lut = read_show_lut(clf);
  EXPECT_EQ(lut.format(), "clf");  // aceslab's CLF parser: every node an exact step
  EXPECT_TRUE(lut.core_is_table());
  EXPECT_EQ(lut.shaper_size(), 65);  // the LUT1D before the LUT3D
  EXPECT_GT(lut.core_lattice_size(), 1);
  auto cpu = ocio_processor(clf);
  std::vector<float> a{0.1f, 0.5f, 0.9f, 0.3f, 0.3f, 0.3f};
  std::vector<float> b = a;
  lut.apply(a);
  OCIO::PackedImageDesc desc(b.data(), 2, 1, 3);
  cpu->apply(desc);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], kOcioAbsTolerance);
  EXPECT_THROW(read_show_lut(kLuts / "no-such-file.3dl"), Error);
}

struct IllegalCase {
  const char* file;
  int line;
  const char* message;
};

// One bad file per error message.
const IllegalCase kIllegal_cases[] = {
    {"too_many_entries.cube", 11, "more table entries than declared (8)"},
    {"truncated.cube", 7, "file ends after 5 of 8 table entries"},
    {"not_a_number.cube", 3, "expected 3 numbers, got \"1 abc 1\""},
    {"two_numbers.cube", 3, "expected 3 numbers, got \"0.1 0.2\""},
    {"nan_value.cube", 3, "non-finite value \"nan\""},
    {"inf_value.cube", 3, "non-finite value \"inf\""},
    {"value_overflows_float.cube", 3, "does not fit in a 32-bit float"},
    {"size_3d_too_large.cube", 2, "LUT_3D_SIZE 5000 is out of range [2, 256]"},
    {"size_1d_too_small.cube", 1, "LUT_1D_SIZE 1 is out of range [2, 65536]"},
    {"size_not_integer.cube", 1, "LUT_3D_SIZE: expected an integer, got \"17.5\""},
    {"size_overflows_int.cube", 1, "is out of range [2, 256]"},
    {"no_size.cube", 2, "no LUT_1D_SIZE or LUT_3D_SIZE before the table"},
    {"empty.cube", 1, "no LUT_1D_SIZE or LUT_3D_SIZE found"},
    {"keyword_after_data.cube", 3, "keyword \"LUT_3D_SIZE\" after the table data started"},
    {"duplicate_size.cube", 2, "LUT_1D_SIZE given twice"},
    {"mixed_dialects.cube", 4, "cannot be mixed"},
    {"domain_min_not_below_max.cube", 3, "DOMAIN_MIN must be less than DOMAIN_MAX"},
    {"input_range_inverted.cube", 2, "LUT_3D_INPUT_RANGE: min must be less than max"},
    {"adobe_domain_with_1d_and_3d.cube", 4, "is ambiguous"},
    {"title_unterminated.cube", 1, "TITLE: missing closing quote"},
    {"input_range_3d_without_3d.cube", 3, "LUT_3D_INPUT_RANGE without LUT_3D_SIZE"},
    {"domain_two_numbers.cube", 2, "DOMAIN_MIN: expected 3 numbers"},
    {"lowercase_keyword.cube", 2, "neither a table entry nor a .cube keyword: \"lut_3d_size\" (keywords are upper case"},
};

TEST(CubeReader, IllegalFilesAreRefusedWithTheirMessage) {
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(kIllegal)) files += e.path().extension() == ".cube";
  EXPECT_EQ(files, std::size(kIllegal_cases)) << "every illegal file has a case and vice versa";
  for (const auto& c : kIllegal_cases) {
    SCOPED_TRACE(c.file);
    const fs::path path = kIllegal / c.file;
    ASSERT_TRUE(fs::exists(path));
    try {
      read_cube_file(path);
      ADD_FAILURE() << "accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
      EXPECT_EQ(e.location().path, path.string());
      EXPECT_EQ(e.location().line, c.line) << e.what();
      EXPECT_NE(std::string(e.detail()).find(c.message), std::string::npos) << e.what();
    }
  }
}

TEST(CubeReader, MissingFileIsAnIoError) {
  try {
    read_cube_file(kIllegal / "does_not_exist.cube");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
  }
}

TEST(CubeReader, TolerantOfBomCrlfAndUnknownKeywords) {
  std::istringstream in("\xEF\xBB\xBFTITLE \"x\"\r\nLUT_1D_SIZE 2\r\nVENDOR_THING 1\r\n0 0 0\r\n+1 1e0 1\r\n");
  const auto cube = parse_cube(in, "mem.cube");
  ASSERT_TRUE(cube.lut1d);
  EXPECT_EQ(cube.title, "x");
  EXPECT_FLOAT_EQ(cube.lut1d->values[3], 1.0f);
  ASSERT_EQ(cube.notes.size(), 1u);
  EXPECT_NE(cube.notes[0].find("mem.cube:3"), std::string::npos);
}

TEST(CubeReader, ClassicMacLineEndsRead) {
  // Old Mac OS tools ended lines with a lone CR; the same table reads as with LF.
  const std::string lf = "TITLE \"cr\"\nLUT_1D_SIZE 3\n0 0 0\n0.25 0.5 0.75\n1 1 1\n";
  std::string cr = lf;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  std::istringstream a(lf), b(cr);
  const auto want = parse_cube(a, "lf.cube");
  const auto got = parse_cube(b, "cr.cube");
  ASSERT_TRUE(got.lut1d);
  EXPECT_EQ(got.title, "cr");
  EXPECT_EQ(got.lut1d->values, want.lut1d->values);
}
