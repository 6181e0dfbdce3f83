// SPDX-License-Identifier: Apache-2.0
// What a show LUT is made of (lmt/show_lut.h): a shaper that folds its input (not monotonic) is
// refused by the LMT maker (the LUT itself still reads), naming the file and the entry, whatever the
// format (.cube shaper, CLF LUT1D, .3dl mesh line); a 1D-only LUT that is not monotonic is a look and is accepted; a .3dl mesh line and a
// .cub InputLUT that are the identity are no shaper at all.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "clf/writer.h"
#include "color/error.h"
#include "lmt/lmt_maker.h"
#include "lmt/lut_formats.h"
#include "lmt/sample_lut.h"
#include "lmt/show_lut.h"
#include "lmt_test_support.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

struct TempDir : aceslab::test::TempDir {
  TempDir() : aceslab::test::TempDir("show_lut_test") {}
};

// A small LUT with a 1D shaper of `n` entries; `fold` makes the shaper go down after 5/8 of it.
CubeFile lut_with_shaper(bool fold, int n = 64) {
  SampleLutOptions o;
  o.size = 9;
  o.shaper_size = n;
  CubeFile cube = make_sample_lut(o);
  if (fold) {
    auto& v = cube.lut1d->values;
    const int from = 5 * n / 8;
    for (int i = from; i < n; ++i) {
      for (int c = 0; c < 3; ++c) v[3 * i + c] = v[3 * from + c] - 0.01f * (i - from);
    }
  }
  return cube;
}

// The same LUT as CLF steps (LUT1D, LUT3D) written by aceslab.
void write_clf(const CubeFile& cube, const fs::path& path) {
  aces::Pipeline p;
  aces::Lut1DStep l1;
  l1.values = cube.lut1d->values;
  p.append(l1);
  aces::Lut3DStep l3;
  const int n = cube.lut3d->size;
  l3.size = n;
  l3.values.resize(cube.lut3d->values.size());
  for (int r = 0; r < n; ++r)
    for (int g = 0; g < n; ++g)
      for (int b = 0; b < n; ++b)
        for (int c = 0; c < 3; ++c) l3.values[3 * ((r * n + g) * n + b) + c] = cube.lut3d->values[3 * ((b * n + g) * n + r) + c];
  p.append(l3);
  aces::write_clf_file(path, p, {}, Overwrite::allow);
}

void expect_fold_error(const fs::path& path) {
  SCOPED_TRACE(path.string());
  // The LUT reads (it applies like any grading system applies it); making an LMT of it is refused.
  const ShowLut lut = read_show_lut(path);
  try {
    lut.require_unfolded_shaper();
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    EXPECT_EQ(e.location().path, path.string());
    EXPECT_NE(std::string(e.detail()).find("not monotonic"), std::string::npos) << e.what();
    EXPECT_NE(e.location().element.find("shaper entry"), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(ShowLut, FoldingShaperIsRefusedInEveryFormat) {
  TempDir dir;
  write_lut_file(lut_with_shaper(true), LutFormat::cube_resolve, dir.path / "folded.cube", Overwrite::allow);
  expect_fold_error(dir.path / "folded.cube");
  {
    // The maker refuses it before writing anything.
    LmtSettings s;
    s.lut_in = "logc3-ei800-awg3";
    s.lut_out = "rec709-bt1886-100nit";
    EXPECT_THROW(make_lmt(read_show_lut(dir.path / "folded.cube"), s, dir.path / "folded_lmt.clf", Overwrite::refuse), Error);
    EXPECT_FALSE(fs::exists(dir.path / "folded_lmt.clf"));
  }
  write_clf(lut_with_shaper(true), dir.path / "folded.clf");
  expect_fold_error(dir.path / "folded.clf");
  // A .3dl mesh line is a shaper of the 3D table's size.
  write_lut_file(lut_with_shaper(true, 9), LutFormat::threedl_flame, dir.path / "folded.3dl", Overwrite::allow);
  expect_fold_error(dir.path / "folded.3dl");
  // The same file with a monotonic shaper reads.
  const fs::path ok = dir.path / "ok.cube";
  write_lut_file(lut_with_shaper(false), LutFormat::cube_resolve, ok, Overwrite::allow);
  const ShowLut lut = read_show_lut(ok);
  EXPECT_EQ(lut.shaper_size(), 64);
}

TEST(ShowLut, NonMonotonic1DOnlyLutIsALook) {
  TempDir dir;
  CubeFile cube;
  CubeTable t;
  t.size = 5;
  t.values = {0, 0, 0, 0.5f, 0.5f, 0.5f, 0.3f, 0.3f, 0.3f, 0.8f, 0.8f, 0.8f, 1, 1, 1};
  cube.lut1d = t;
  std::ofstream(dir.path / "dip.cube") << write_cube(cube);
  const ShowLut lut = read_show_lut(dir.path / "dip.cube");
  EXPECT_EQ(lut.core_lattice_size(), 0);
  std::vector<float> v = {0.5f, 0.5f, 0.5f};
  lut.apply(v);
  EXPECT_FLOAT_EQ(v[0], 0.3f);
}

TEST(ShowLut, IdentityMeshAndInputLutAreNoShaper) {
  TempDir dir;
  SampleLutOptions o;
  o.size = 9;
  const CubeFile cube = make_sample_lut(o);
  for (LutFormat f : {LutFormat::threedl_flame, LutFormat::cub}) {
    const fs::path p = dir.path / ("plain" + std::string(lut_format_extension(f)));
    write_lut_file(cube, f, p, Overwrite::allow);
    const ShowLut lut = read_show_lut(p);
    EXPECT_EQ(lut.shaper_size(), 0) << p;
    EXPECT_TRUE(lut.pre().steps.empty()) << p;
    EXPECT_EQ(lut.core_lattice_size(), 9) << p;
  }
}
