// SPDX-License-Identifier: Apache-2.0
// What a show LUT is made of (lmt/show_lut.h): a shaper that folds its input (not monotonic) is
// refused by the LMT maker (the LUT itself still reads), naming the file and the entry, whatever the
// format (.cube shaper, CLF LUT1D, .3dl mesh line); a 1D-only LUT that is not monotonic is a look and is accepted; a .3dl mesh line and a
// .cub InputLUT that are the identity are no shaper at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <utility>

#include "clf/writer.h"
#include "color/error.h"
#include "lmt/lmt_maker.h"
#include "lmt/lut_formats.h"
#include "lmt/sample_lut.h"
#include "lmt/show_lut.h"
#include "lmt/vlt_reader.h"
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

namespace {

// A Discreet 1D LUT from 16-bit float to 16-bit float ("LUT: 3 65536 65536f", one half code per
// line and channel), as Autodesk ships them: the identity, with the entries of the Inf and NaN input
// codes set to Inf / NaN. `poison` (a finite input code) gets a NaN output too when not 0.
void write_discreet_half_lut(const fs::path& path, std::uint16_t poison) {
  std::ofstream f(path);
  f << "LUT: 3 65536 65536f\n";
  for (int c = 0; c < 3; ++c) {
    for (int code = 0; code < 65536; ++code) {
      const bool nonfinite_in = (code & 0x7C00) == 0x7C00;
      int out = code;
      if (nonfinite_in && (code & 0x03FF) != 0) out = 0x7E00;  // NaN in, NaN out
      if (poison != 0 && code == poison && c == 1) out = 0x7E00;
      f << out << '\n';
    }
  }
}

}  // namespace

TEST(ShowLut, HalfFloatLutWithInfAndNanAtNonFiniteInputsReads) {
  TempDir dir;
  const fs::path path = dir.path / "photo_16fpto16fp.lut";
  write_discreet_half_lut(path, 0);
  const ShowLut lut = read_show_lut(path);
  ASSERT_TRUE(lut.core_is_table());
  // Every entry the LMT would carry is finite (CLF holds no Inf or NaN) ...
  for (const aces::Pipeline* p : {&lut.pre(), &lut.core()}) {
    for (const aces::Step& s : p->steps) {
      if (const auto* l = std::get_if<aces::Lut1DStep>(&s)) {
        ASSERT_TRUE(l->half_domain);
        for (float v : l->values) ASSERT_TRUE(std::isfinite(v));
      }
    }
  }
  // ... and finite inputs map as the file says (the identity).
  std::vector<float> v = {0.18f, 1.0f, 70000.0f};
  lut.apply(v);
  EXPECT_NEAR(v[0], 0.18f, 1e-4f);
  EXPECT_FLOAT_EQ(v[1], 1.0f);
  EXPECT_FLOAT_EQ(v[2], 65504.0f);  // beyond the largest half: its entry, not the Inf code's

  // A NaN for a finite input (here 1.0, code 0x3C00) is a broken file: named, with the entry.
  const fs::path broken = dir.path / "broken_16fpto16fp.lut";
  write_discreet_half_lut(broken, 0x3C00);
  try {
    (void)read_show_lut(broken);
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
    EXPECT_EQ(e.location().path, broken.string());
    const std::string d = e.detail();
    EXPECT_NE(d.find("entry 15360 (G)"), std::string::npos) << d;
    EXPECT_NE(d.find("finite input 1"), std::string::npos) << d;
  }
}

namespace {

// `cube`'s 3D table as Panasonic writes a .vlt: 12-bit integer code values, red fastest; the same
// table quantised to 12 bits as a .cube, for comparison.
std::pair<std::string, std::string> vlt_and_cube_text(const CubeFile& cube) {
  std::ostringstream vlt, quantised;
  vlt << "# panasonic vlt file version 1.0\n# source vlt file \"\"\nLUT_3D_SIZE " << cube.lut3d->size << "\n\n";
  quantised << "LUT_3D_SIZE " << cube.lut3d->size << "\n";
  quantised.precision(9);
  const auto& v = cube.lut3d->values;
  for (std::size_t i = 0; i < v.size(); i += 3) {
    for (int c = 0; c < 3; ++c) {
      const long code = std::lround(std::clamp(v[i + c], 0.0f, 1.0f) * kVltMaxCode);
      vlt << code << (c < 2 ? " " : "\n");
      quantised << static_cast<double>(code) / kVltMaxCode << (c < 2 ? " " : "\n");
    }
  }
  return {vlt.str(), quantised.str()};
}

}  // namespace

TEST(ShowLut, PanasonicVltReadsAsItsTwelveBitTable) {
  TempDir dir;
  SampleLutOptions o;
  o.size = 17;  // Panasonic's size
  const auto [vlt, quantised] = vlt_and_cube_text(make_sample_lut(o));
  std::ofstream(dir.path / "V-Log_to_V-709.vlt") << vlt;
  std::ofstream(dir.path / "same.cube") << quantised;
  const ShowLut a = read_show_lut(dir.path / "V-Log_to_V-709.vlt");
  const ShowLut b = read_show_lut(dir.path / "same.cube");
  EXPECT_EQ(a.format(), "vlt (Panasonic)");
  EXPECT_EQ(a.core_lattice_size(), 17);  // its lattice nests like a .cube's
  EXPECT_TRUE(a.notes().empty());
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  std::vector<float> x(3000);
  for (float& v : x) v = u(rng);
  std::vector<float> y = x;
  a.apply(x);
  b.apply(y);
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(x[i], y[i], 1e-6f) << i;

  // Codes that all fit in 10 bits: read as 12-bit, with a note saying what else they could be.
  {
    std::ofstream(dir.path / "ten_bit.vlt") << "LUT_3D_SIZE 2\n0 0 0\n1023 0 0\n0 1023 0\n1023 1023 0\n0 0 1023\n1023 0 1023\n0 1023 1023\n1023 1023 1023\n";
    const ShowLut ten = read_show_lut(dir.path / "ten_bit.vlt");
    ASSERT_EQ(ten.notes().size(), 1u);
    EXPECT_NE(ten.notes()[0].find("10-bit codes"), std::string::npos) << ten.notes()[0];
  }

  // Not 12-bit integers, or not a lone 3D table: refused with the file and where.
  struct Bad {
    std::string text;
    int line;
    const char* message;
  };
  const std::string head = "# panasonic vlt file version 1.0\n# source vlt file \"\"\nLUT_3D_SIZE 2\n\n";
  const std::string rows7 = "0 0 0\n4095 0 0\n0 4095 0\n4095 4095 0\n0 0 4095\n4095 0 4095\n0 4095 4095\n";
  const Bad bad[] = {
      {head + rows7 + "4095 4096 4095\n", 12, "entry 7 (G) is 4096: .vlt code values are 12-bit integers 0-4095"},
      {head + "0 0.5 0\n" + rows7.substr(6) + "4095 4095 4095\n", 5, "entry 0 (G) is 0.5"},
      {"LUT_1D_SIZE 2\n0 0 0\n4095 4095 4095\n", 0, "one 3D table (LUT_3D_SIZE) and nothing else"},
      {"DOMAIN_MIN 0 0 0\nDOMAIN_MAX 2 2 2\nLUT_3D_SIZE 2\n" + rows7 + "4095 4095 4095\n", 0, "no input range keywords"},
  };
  for (const Bad& c : bad) {
    const fs::path p = dir.path / "bad.vlt";
    std::ofstream(p) << c.text;
    try {
      (void)read_show_lut(p);
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid_input);
      EXPECT_EQ(e.location().path, p.string());
      EXPECT_EQ(e.location().line, c.line) << e.what();
      EXPECT_NE(std::string(e.detail()).find(c.message), std::string::npos) << e.what();
    }
  }
}

// A CCC (several ASC CDL corrections) given as the show LUT: OCIO's "specify a valid cccid" becomes a
// message saying what the file is and where a CDL goes.
TEST(ShowLut, ColorCorrectionCollectionIsNotAShowLut) {
  TempDir dir;
  const std::string cc = R"(<ColorCorrection id="ID"><SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset>)"
                         R"(<Power>1 1 1</Power></SOPNode><SATNode><Saturation>1</Saturation></SATNode></ColorCorrection>)";
  std::string ccc = R"(<?xml version="1.0" encoding="UTF-8"?>)" "\n"
                    R"(<ColorCorrectionCollection xmlns="urn:ASC:CDL:v1.01">)";
  for (const char* id : {"shot_a", "shot_b"}) {
    std::string one = cc;
    one.replace(one.find("ID"), 2, id);
    ccc += one;
  }
  ccc += "</ColorCorrectionCollection>\n";
  for (const char* name : {"looks.ccc", "looks.cdl"}) {
    const fs::path p = dir.path / name;
    std::ofstream(p) << ccc;
    try {
      (void)read_show_lut(p);
      ADD_FAILURE() << name << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid_input) << e.what();
      EXPECT_EQ(e.location().path, p.string());
      EXPECT_NE(std::string(e.detail()).find("several ASC CDL corrections"), std::string::npos) << e.what();
    }
  }
}
