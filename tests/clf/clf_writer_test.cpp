// SPDX-License-Identifier: Apache-2.0
// CLF writer: every document aceslab writes is read back by OpenColorIO 2.1 (FileTransform) and
// evaluated on a dense grid against aceslab's own evaluation of the same pipeline, one test per
// node type and style and one for a mixed pipeline; written numbers round-trip float32 exactly;
// metadata and error cases.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <pugixml.hpp>
#include <regex>

#include "aces2/output_transform.h"
#include "clf/writer.h"
#include "color/error.h"
#include "color/half_bits.h"
#include "color/transfer_function.h"
#include "clf_test_support.h"

namespace aceslab::aces {
namespace {

using testing::aceslab_eval;
using testing::acescct_params;
using testing::dense_grid;
using testing::half_domain_lut;
using testing::max_scaled_error;

// OCIO reads the written file and evaluates in float32: agreement to 1e-5, scaled by max(1,|v|).
constexpr double kReadBackTol = 1e-5;

std::filesystem::path write_temp(const Pipeline& p, const ClfMetadata& meta = {}) {
  const std::filesystem::path path = testing::unique_temp_path("writer");
  write_clf_file(path, p, meta, Overwrite::refuse);
  return path;
}

void expect_read_back_matches(const Pipeline& p, const std::string& label, double tol = kReadBackTol) {
  const std::filesystem::path path = write_temp(p);
  const std::vector<float> grid = dense_grid();
  const std::vector<float> ours = aceslab_eval(p, grid);
  std::vector<float> theirs;
  try {
    theirs = testing::ocio_eval_file(path, grid);
  } catch (const std::exception& e) {
    ADD_FAILURE() << label << ": OCIO could not read " << path << ": " << e.what();
    return;
  }
  std::size_t where = 0;
  const double err = max_scaled_error(ours, theirs, &where);
  EXPECT_LE(err, tol) << label << " at input " << grid[where] << ": aceslab " << ours[where] << " OCIO "
                      << theirs[where] << " (" << path << ")";
  if (err <= tol) std::filesystem::remove(path);
}

TEST(ClfWriterReadBack, Matrix3x3And3x4) {
  MatrixStep m;
  m.m << 0.6954522414, 0.1406786965, 0.1638690622, 0.0447945634, 0.8596711185, 0.0955343182, -0.0055258826,
      0.0040252103, 1.0015006723;  // AP0 -> AP1 (S-2014-004), a typical 3x3
  expect_read_back_matches(Pipeline{}.append(m), "Matrix 3x3");
  m.offset = Vec3(0.01, -0.02, 0.05);
  expect_read_back_matches(Pipeline{}.append(m), "Matrix 3x4");
}

TEST(ClfWriterReadBack, RangeStyles) {
  RangeStep r;
  r.min_in = 0.1;
  r.max_in = 0.9;
  r.min_out = -0.05;
  r.max_out = 1.1;
  expect_read_back_matches(Pipeline{}.append(r), "Range Clamp");
  r.clamp = false;
  expect_read_back_matches(Pipeline{}.append(r), "Range noClamp");
  RangeStep low;
  low.min_in = low.min_out = 0.05;
  expect_read_back_matches(Pipeline{}.append(low), "Range min only");
  RangeStep high;
  high.max_in = high.max_out = 0.95;
  expect_read_back_matches(Pipeline{}.append(high), "Range max only");
}

TEST(ClfWriterReadBack, LogAllStyles) {
  LogParams affine;
  affine.base = 10.0;
  affine.log_side_slope = 0.25;
  affine.log_side_offset = 0.6;
  affine.lin_side_slope = 1.2;
  affine.lin_side_offset = 0.05;
  for (LogStyle s : {LogStyle::log10, LogStyle::antiLog10, LogStyle::log2, LogStyle::antiLog2, LogStyle::linToLog,
                     LogStyle::logToLin}) {
    expect_read_back_matches(Pipeline{}.append(LogStep{s, {affine, affine, affine}}), to_string(s));
  }
  LogParams cct = acescct_params();
  LogParams cct_slope = cct;
  cct_slope.linear_slope = 9.0;
  LogParams other = cct;
  other.log_side_slope = 1.0 / 16.0;
  other.lin_side_break = 0.01;
  for (LogStyle s : {LogStyle::cameraLinToLog, LogStyle::cameraLogToLin}) {
    expect_read_back_matches(Pipeline{}.append(LogStep{s, {cct, cct, cct}}), std::string(to_string(s)) + " shared");
    expect_read_back_matches(Pipeline{}.append(LogStep{s, {cct_slope, cct_slope, cct_slope}}),
                             std::string(to_string(s)) + " linearSlope");
    expect_read_back_matches(Pipeline{}.append(LogStep{s, {cct, other, cct}}),
                             std::string(to_string(s)) + " per channel");
  }
}

TEST(ClfWriterReadBack, ExponentAllStyles) {
  for (ExponentStyle s : {ExponentStyle::basicFwd, ExponentStyle::basicRev, ExponentStyle::basicMirrorFwd,
                          ExponentStyle::basicMirrorRev, ExponentStyle::basicPassThruFwd,
                          ExponentStyle::basicPassThruRev}) {
    expect_read_back_matches(Pipeline{}.append(ExponentStep{s, {2.2, 2.2, 2.2}, {0, 0, 0}}),
                             std::string(to_string(s)) + " shared");
    expect_read_back_matches(Pipeline{}.append(ExponentStep{s, {2.2, 2.4, 2.6}, {0, 0, 0}}),
                             std::string(to_string(s)) + " per channel");
  }
  for (ExponentStyle s : {ExponentStyle::monCurveFwd, ExponentStyle::monCurveRev, ExponentStyle::monCurveMirrorFwd,
                          ExponentStyle::monCurveMirrorRev}) {
    expect_read_back_matches(Pipeline{}.append(ExponentStep{s, {2.4, 2.4, 2.4}, {0.055, 0.055, 0.055}}),
                             std::string(to_string(s)) + " shared");
    expect_read_back_matches(Pipeline{}.append(ExponentStep{s, {2.4, 2.2, 3.0}, {0.055, 0.099, 0.16}}),
                             std::string(to_string(s)) + " per channel");
  }
}

TEST(ClfWriterReadBack, Lut1DUniformAndHalfDomain) {
  Lut1DStep lut;
  for (int i = 0; i < 65; ++i) {
    const float x = i / 64.0f;
    lut.values.insert(lut.values.end(), {x * x, std::sqrt(x), 0.2f + 0.5f * x});
  }
  expect_read_back_matches(Pipeline{}.append(lut), "LUT1D 3 columns");
  Lut1DStep mono;
  for (int i = 0; i < 1024; ++i) {
    const float v = std::pow(i / 1023.0f, 0.45f);
    mono.values.insert(mono.values.end(), {v, v, v});
  }
  expect_read_back_matches(Pipeline{}.append(mono), "LUT1D 1 column");
  const Lut1DStep half = half_domain_lut([](float x) { return std::cbrt(x); }, {1.0f, 0.5f, -1.0f});
  expect_read_back_matches(Pipeline{}.append(half), "LUT1D halfDomain");
}

Lut3DStep sample_lut3d(int n, Interpolation3D interp) {
  Lut3DStep lut;
  lut.size = n;
  lut.interpolation = interp;
  for (int ri = 0; ri < n; ++ri) {
    for (int gi = 0; gi < n; ++gi) {
      for (int bi = 0; bi < n; ++bi) {
        const float r = ri / float(n - 1), g = gi / float(n - 1), b = bi / float(n - 1);
        lut.values.insert(lut.values.end(), {r * g + 0.1f * b, std::sqrt(g) * (1 - b), r * r * b + g});
      }
    }
  }
  return lut;
}

TEST(ClfWriterReadBack, Lut3DTetrahedralAndTrilinear) {
  expect_read_back_matches(Pipeline{}.append(sample_lut3d(17, Interpolation3D::tetrahedral)), "LUT3D tetrahedral");
  expect_read_back_matches(Pipeline{}.append(sample_lut3d(9, Interpolation3D::trilinear)), "LUT3D trilinear");
}

TEST(ClfWriterReadBack, CdlAllStyles) {
  CdlStep cdl;
  cdl.slope = Vec3(1.1, 0.9, 1.05);
  cdl.offset = Vec3(-0.02, 0.03, 0.0);
  cdl.power = Vec3(1.2, 0.9, 1.0);
  cdl.saturation = 1.3;
  for (CdlStyle s : {CdlStyle::Fwd, CdlStyle::Rev, CdlStyle::FwdNoClamp, CdlStyle::RevNoClamp}) {
    cdl.style = s;
    expect_read_back_matches(Pipeline{}.append(cdl), to_string(s));
  }
}

TEST(ClfWriterReadBack, TransferFunctionsExactOrBaked) {
  // Every registered curve in both directions. Curves with an exact Log/Exponent form must match
  // to float precision; baked ones are measured here: a 16384-entry decode LUT and a 65536-entry
  // halfDomain encode LUT interpolate linearly between samples. Measured worst case (scaled by
  // max(1,|v|)): 2e-6 for the ACEScc and LogC4 decodes, below 5e-7 for every encode.
  constexpr double kBakedTol = 1e-5;
  // F-Log, N-Log and L-Log are published with segments that do not meet (their decodes jump by up to
  // 1.2e-4 linear at the switch, transfer_functions_secondary.cpp): a baked LUT interpolates across
  // the jump within one sample of it.
  constexpr double kBakedJumpTol = 1.5e-4;
  for (const TransferFunction* tf : transfer_functions()) {
    const bool jumps = tf->id() == "flog" || tf->id() == "nlog" || tf->id() == "llog";
    const bool exact = tf->clf_log_decode() || tf->clf_exponent_decode() || tf->is_identity();
    for (Direction d : {Direction::forward, Direction::inverse}) {
      Pipeline p;
      p.append(TransferStep{tf, d});
      const std::filesystem::path path = write_temp(p);
      std::vector<float> in;
      const auto [lo, hi] = tf->code_domain();
      for (int i = 0; i <= 1000; ++i) {
        const double t = i / 1000.0;
        const float v = d == Direction::forward ? static_cast<float>(lo + (hi - lo) * t)
                                                : static_cast<float>(std::pow(2.0, -14.0 + 20.0 * t) - 0.002);
        in.insert(in.end(), {v, v, v});
      }
      const std::vector<float> ours = aceslab_eval(p, in);
      const std::vector<float> theirs = testing::ocio_eval_file(path, in);
      std::size_t where = 0;
      const double err = max_scaled_error(ours, theirs, &where);
      EXPECT_LE(err, exact ? kReadBackTol : (jumps ? kBakedJumpTol : kBakedTol))
          << tf->id() << (d == Direction::forward ? " decode" : " encode") << " at " << in[where];
      RecordProperty(std::string(tf->id()) + (d == Direction::forward ? "_decode_err" : "_encode_err"),
                     std::to_string(err * 1e6) + "e-6");
      std::filesystem::remove(path);
    }
  }
}

TEST(ClfWriterReadBack, MixedPipeline) {
  const TransferFunction& cct = find_transfer_function("acescct");
  MatrixStep to_ap1;
  to_ap1.m << 1.4514393161, -0.2365107469, -0.2149285693, -0.0765537734, 1.1762296998, -0.0996759264,
      0.0083161484, -0.0060324498, 0.9977163014;  // AP0 -> AP1 inverse-direction style matrix
  CdlStep cdl;
  cdl.slope = Vec3(1.05, 1.0, 0.95);
  cdl.saturation = 1.1;
  cdl.style = CdlStyle::FwdNoClamp;
  Pipeline p;
  p.name = "mixed";
  p.append(to_ap1)
      .append(TransferStep{&cct, Direction::inverse})
      .append(cdl)
      .append(sample_lut3d(17, Interpolation3D::tetrahedral))
      .append(ExponentStep{ExponentStyle::basicMirrorRev, {2.4, 2.4, 2.4}, {0, 0, 0}});
  expect_read_back_matches(p, "mixed pipeline");
}

// --- the document itself -------------------------------------------------------------------------

TEST(ClfWriterDocument, MetadataAndStructure) {
  Pipeline p;
  p.name = "LMT test";
  p.description = "a <test> & more";
  p.input_descriptor = "ACES2065-1";
  p.output_descriptor = "ACES2065-1";
  p.append(MatrixStep{});
  ClfMetadata meta;
  meta.aces_transform_id = "urn:ampas:aces:transformId:v2.0:LMT.Academy.Test.a2.v1";
  meta.aces_user_name = "Test LMT";
  meta.info = {{"solver.rms_error", "0.0012"}, {"exposure", "+1"}};
  const std::string doc = write_clf(p, meta);
  pugi::xml_document xml;
  ASSERT_TRUE(xml.load_string(doc.c_str()));
  const pugi::xml_node list = xml.child("ProcessList");
  EXPECT_TRUE(std::regex_match(list.attribute("id").value(),
                               std::regex("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << list.attribute("id").value();
  EXPECT_STREQ(list.attribute("compCLFversion").value(), "3.0");
  EXPECT_STREQ(list.attribute("name").value(), "LMT test");
  EXPECT_STREQ(list.child_value("Description"), "a <test> & more");
  EXPECT_STREQ(list.child_value("InputDescriptor"), "ACES2065-1");
  EXPECT_STREQ(list.child("Info").child_value("ACEStransformID"), meta.aces_transform_id.c_str());
  EXPECT_STREQ(list.child("Info").child_value("ACESuserName"), "Test LMT");
  EXPECT_STREQ(list.child("Info").child_value("solver.rms_error"), "0.0012");
  EXPECT_STREQ(list.child("Matrix").attribute("inBitDepth").value(), "32f");
  EXPECT_STREQ(list.child("Matrix").child("Array").attribute("dim").value(), "3 3");
  // Two documents never share an id.
  pugi::xml_document again;
  again.load_string(write_clf(p, meta).c_str());
  EXPECT_STRNE(again.child("ProcessList").attribute("id").value(), list.attribute("id").value());
}

TEST(ClfWriterDocument, Float32ValuesRoundTripExactly) {
  // Awkward floats (subnormal, tiny, huge, many digits) written and parsed back bit-exactly.
  Lut1DStep lut;
  const std::vector<float> values = {0.1f, 1.0f / 3.0f, 1e-38f, 1.4e-45f, 3.4028235e38f, -0.0f, 65504.0f,
                                     0.18000001f, 123456.789f, -2.7182817f, 1.00000012f, 7.0e-10f};
  for (float v : values) lut.values.insert(lut.values.end(), {v, -v, v * 0.5f});
  const std::string doc = write_clf(Pipeline{}.append(lut), {});
  pugi::xml_document xml;
  ASSERT_TRUE(xml.load_string(doc.c_str()));
  std::istringstream in(xml.child("ProcessList").child("LUT1D").child_value("Array"));
  for (std::size_t i = 0; i < lut.values.size(); ++i) {
    std::string token;
    ASSERT_TRUE(in >> token);
    const float parsed = std::strtof(token.c_str(), nullptr);
    EXPECT_EQ(std::memcmp(&parsed, &lut.values[i], sizeof(float)), 0) << token << " vs " << lut.values[i];
  }
}

TEST(ClfWriterDocument, Errors) {
  OutputTransformParams params;
  Pipeline out;
  out.append(OutputTransformStep{std::make_shared<OutputTransform>(params), Direction::forward});
  try {
    write_clf(out, {});
    ADD_FAILURE() << "output transform exported";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unsupported);
    EXPECT_NE(std::string(e.what()).find("bake"), std::string::npos) << e.what();
  }
  ClfMetadata bad;
  bad.info = {{"has space", "x"}};
  EXPECT_THROW(write_clf(Pipeline{}.append(MatrixStep{}), bad), Error);
  LogParams a, b;
  b.base = 10.0;
  EXPECT_THROW(write_clf(Pipeline{}.append(LogStep{LogStyle::linToLog, {a, b, a}}), {}), Error);
  // Atomic write refuses to overwrite unless allowed.
  const std::filesystem::path path = testing::unique_temp_path("overwrite");
  write_clf_file(path, Pipeline{}.append(MatrixStep{}), {}, Overwrite::refuse);
  EXPECT_THROW(write_clf_file(path, Pipeline{}.append(MatrixStep{}), {}, Overwrite::refuse), Error);
  EXPECT_NO_THROW(write_clf_file(path, Pipeline{}.append(MatrixStep{}), {}, Overwrite::allow));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace aceslab::aces
