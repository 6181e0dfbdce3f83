// SPDX-License-Identifier: Apache-2.0
// CLF -> Pipeline parser: bit-depth scaling folded into parameters, a writer -> parser round trip
// that must reproduce every float32 parameter exactly, and one bad input per error message with
// its line and element.
#include <gtest/gtest.h>

#include "clf/parser.h"
#include "clf/writer.h"
#include "color/error.h"
#include "color/half_bits.h"

namespace aceslab::aces {
namespace {

std::string document(const std::string& nodes) {
  return "<?xml version=\"1.0\"?>\n<ProcessList id=\"t\" compCLFversion=\"3.0\">\n" + nodes + "</ProcessList>\n";
}

TEST(ClfParser, IntegerBitDepthsAreFoldedIntoParameters) {
  // CLF v3 section 7.4 example 5: 10-bit full range to SMPTE range, read as normalised floats.
  const Pipeline p = parse_clf_pipeline(document(
      "<Range inBitDepth=\"10i\" outBitDepth=\"10i\"><minInValue>0</minInValue><maxInValue>1023</maxInValue>"
      "<minOutValue>64</minOutValue><maxOutValue>940</maxOutValue></Range>\n"
      "<Matrix inBitDepth=\"10i\" outBitDepth=\"12i\"><Array dim=\"3 4\">4.002932551 0 0 4095 0 4.002932551 0 0 0 0 "
      "4.002932551 0</Array></Matrix>\n"
      "<LUT1D inBitDepth=\"12i\" outBitDepth=\"8i\"><Array dim=\"2 1\">0 255</Array></LUT1D>\n"));
  ASSERT_EQ(p.steps.size(), 3u);
  const auto& r = std::get<RangeStep>(p.steps[0]);
  EXPECT_DOUBLE_EQ(*r.min_out, 64.0 / 1023.0);
  EXPECT_DOUBLE_EQ(*r.max_in, 1.0);
  const auto& m = std::get<MatrixStep>(p.steps[1]);
  // 4095/1023 in 10i -> 12i units is the identity on normalised values; the offset is 4095/4095.
  EXPECT_NEAR(m.m(0, 0), 1.0, 1e-9);
  EXPECT_DOUBLE_EQ(m.offset[0], 1.0);
  const auto& lut = std::get<Lut1DStep>(p.steps[2]);
  EXPECT_EQ(lut.values[3], 1.0f);
}

TEST(ClfParser, RawHalfsAndChannels) {
  std::string half = "<LUT1D inBitDepth=\"16f\" outBitDepth=\"16f\" halfDomain=\"true\" rawHalfs=\"true\"><Array dim=\"65536 1\">";
  for (int i = 0; i < kHalfCodes; ++i) half += std::to_string(i) + "\n";  // the identity as raw halfs
  half += "</Array></LUT1D>\n";
  const Pipeline p = parse_clf_pipeline(document(
      half + "<Exponent inBitDepth=\"32f\" outBitDepth=\"32f\" style=\"monCurveRev\"><ExponentParams exponent=\"2.4\" "
             "offset=\"0.055\"/><ExponentParams channel=\"B\" exponent=\"3\" offset=\"0.16\"/></Exponent>\n"));
  const auto& lut = std::get<Lut1DStep>(p.steps[0]);
  EXPECT_TRUE(lut.half_domain);
  EXPECT_EQ(lut.values[3 * 15360], 1.0f);
  const auto& e = std::get<ExponentStep>(p.steps[1]);
  EXPECT_EQ(e.exponent[0], 2.4);
  EXPECT_EQ(e.exponent[2], 3.0);
  EXPECT_EQ(e.offset[2], 0.16);
}

TEST(ClfParser, WriterRoundTripIsExact) {
  LogParams cct;
  cct.base = 2.0;
  cct.log_side_slope = 1.0 / 17.52;
  cct.log_side_offset = 9.72 / 17.52;
  cct.lin_side_break = 0.0078125;
  MatrixStep m;
  m.m << 0.6954522414, 0.1406786965, 0.1638690622, 0.0447945634, 0.8596711185, 0.0955343182, -0.0055258826,
      0.0040252103, 1.0015006723;
  m.offset = Vec3(1e-3, 0.0, -2e-3);
  Lut3DStep lut;
  lut.size = 3;
  for (int i = 0; i < 81; ++i) lut.values.push_back(static_cast<float>(std::sin(i * 0.37)));
  CdlStep cdl;
  cdl.style = CdlStyle::RevNoClamp;
  cdl.slope = Vec3(1.1, 0.9, 1.0);
  cdl.saturation = 0.8;
  RangeStep range;
  range.min_in = range.min_out = 0.0;
  Pipeline p;
  p.name = "round trip";
  p.description = "all node kinds";
  p.append(m).append(LogStep{LogStyle::cameraLinToLog, {cct, cct, cct}}).append(lut).append(cdl).append(range);
  p.append(ExponentStep{ExponentStyle::basicPassThruRev, {2.2, 2.4, 2.6}, {0, 0, 0}});
  const Pipeline back = parse_clf_pipeline(write_clf(p, {}), "written");
  ASSERT_EQ(back.steps.size(), p.steps.size());
  EXPECT_EQ(back.name, p.name);
  EXPECT_EQ(back.description, p.description);
  const auto& bm = std::get<MatrixStep>(back.steps[0]);
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) EXPECT_EQ(static_cast<float>(bm.m(r, c)), static_cast<float>(m.m(r, c)));
    EXPECT_EQ(static_cast<float>(bm.offset[r]), static_cast<float>(m.offset[r]));
  }
  EXPECT_EQ(std::get<Lut3DStep>(back.steps[2]).values, lut.values);
  EXPECT_EQ(std::get<CdlStep>(back.steps[3]).style, CdlStyle::RevNoClamp);
  EXPECT_EQ(static_cast<float>(*std::get<LogStep>(back.steps[1]).params[2].lin_side_break), 0.0078125f);
  EXPECT_FALSE(std::get<RangeStep>(back.steps[4]).max_in.has_value());
  EXPECT_EQ(std::get<ExponentStep>(back.steps[5]).exponent[1], 2.4);
}

struct BadCase {
  const char* nodes;
  const char* message;
  int line;
  const char* element;
};

TEST(ClfParser, ErrorsNameLineAndElement) {
  const BadCase cases[] = {
      {"<Matrix inBitDepth=\"32f\" outBitDepth=\"32f\">\n<Array dim=\"3 3\">1 0 0 0 1 0 0 0 x</Array></Matrix>\n",
       "expected a finite number in <Array>, got \"x\"", 4, "Array"},
      {"<Matrix inBitDepth=\"32f\" outBitDepth=\"32f\"><Array dim=\"3 3\">1 0 0</Array></Matrix>\n",
       "Array holds 3 values, dim says 9", 3, "Array"},
      {"<Log inBitDepth=\"32f\" outBitDepth=\"32f\" style=\"log7\"/>\n", "unknown Log style \"log7\"", 3, "Log"},
      {"<Log inBitDepth=\"32f\" outBitDepth=\"32f\" style=\"cameraLinToLog\">\n<LogParams base=\"2\"/></Log>\n",
       "linSideBreak is required", 4, "LogParams"},
      {"<Range inBitDepth=\"32f\" outBitDepth=\"32f\"><minInValue>0</minInValue></Range>\n", "together", 3, "Range"},
      {"<LUT3D inBitDepth=\"32f\" outBitDepth=\"32f\"><Array dim=\"2 2 3 3\">0</Array></LUT3D>\n",
       "LUT3D Array dim must be", 3, "Array"},
      {"<Exponent inBitDepth=\"32f\" outBitDepth=\"32f\" style=\"basicFwd\"><ExponentParams exponent=\"2\" offset=\"0.1\"/>"
       "</Exponent>\n",
       "offset is only allowed", 3, "ExponentParams"},
      {"<ASC_CDL inBitDepth=\"32f\" outBitDepth=\"32f\"><SOPNode><Slope>1 1</Slope><Offset>0 0 0</Offset>"
       "<Power>1 1 1</Power></SOPNode></ASC_CDL>\n",
       "<Slope> needs 3 values", 3, "Slope"},
      {"<Matrix outBitDepth=\"32f\"><Array dim=\"3 3\">1 0 0 0 1 0 0 0 1</Array></Matrix>\n", "inBitDepth is missing", 3,
       "Matrix"},
  };
  for (const BadCase& c : cases) {
    try {
      parse_clf_pipeline(document(c.nodes), "bad.clf");
      ADD_FAILURE() << "accepted: " << c.nodes;
    } catch (const Error& e) {
      EXPECT_NE(e.detail().find(c.message), std::string::npos) << e.what();
      EXPECT_EQ(e.location().path, "bad.clf");
      EXPECT_EQ(e.location().line, c.line) << e.what();
      EXPECT_EQ(e.location().element, c.element) << e.what();
    }
  }
}

}  // namespace
}  // namespace aceslab::aces
