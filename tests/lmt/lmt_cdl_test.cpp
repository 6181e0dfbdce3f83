// SPDX-License-Identifier: Apache-2.0
// The ASC CDL closest to an LMT (lmt/lmt_cdl.h): a look that is a CDL is recovered through the
// whole chain (ACEScct in and out, the natural colours, the output transform); the written .cdl,
// .ccc and .cc files parse back to the fitted values; the AMF carries it as an archived alternative
// or as the active look; a film-print look is honestly "not good"; bad paths are refused before
// any work, and an existing CDL is not overwritten.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <vector>

#include "amf/amf.h"
#include "color/error.h"
#include "lmt/lmt_amf.h"
#include "lmt/lmt_cdl.h"
#include "lmt/lmt_maker.h"
#include "lmt/lut_classes.h"
#include "lmt_test_support.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

const fs::path kSample = fs::path(ACESLAB_DATA_DIR) / "samples" / "show_logc3_to_rec709.cube";

// A recovered CDL: the fit runs in float ACEScct (the pipeline's precision) over the natural set.
constexpr double kRecoveredParameter = 2e-3;
// CIEDE2000 of the recovered CDL against the CDL look itself (display light, 100 nit white).
constexpr double kRecoveredDeltaE = 0.02;
// Values written with 6 decimals.
constexpr double kWrittenPrecision = 5e-7;
// The CDL of one table in two files (.cube; .cub with a 1D shaper, which samples the look at other
// input codes between lattice points): the same fit, so its mean dE2000 against the LUT agrees to
// well under the verdict's steps (measured 2.38 both, 65^3 fitted LMTs; 33^3 point samples here).
constexpr double kSameTableCdlDeltaE = 0.05;

struct TempDir : aceslab::test::TempDir {
  TempDir() : aceslab::test::TempDir("lmt_cdl_test") {}
};

solver::CdlParams warm_grade() {
  solver::CdlParams p;
  p.slope = {1.06, 1.0, 0.93};
  p.offset = {0.01, 0.0, -0.015};
  p.power = {0.96, 1.0, 1.05};
  p.saturation = 0.9;
  return p;
}

LmtSettings sample_settings() {
  LmtSettings s;
  s.lut_in = "logc3-ei800-awg3";
  s.lut_out = "rec709-bt1886-100nit";
  s.verify = false;
  s.cube_size = 17;  // small: these tests are about the CDL
  return s;
}

Eigen::Vector3d triplet(const pugi::xml_node& n) {
  std::istringstream in(n.text().get());
  in.imbue(std::locale::classic());
  Eigen::Vector3d v;
  in >> v[0] >> v[1] >> v[2];
  return v;
}

}  // namespace

TEST(LmtCdl, RecoversALookThatIsACdl) {
  const ShowLut lut = read_show_lut(kSample);
  const LmtSettings s = sample_settings();
  const LmtCdl r = fit_lmt_cdl(lut, lut_encoding(s), cdl_function(warm_grade()));
  ASSERT_TRUE(r.fit.usable) << r.fit.message;
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(r.fit.cdl.slope[c], warm_grade().slope[c], kRecoveredParameter) << c;
    EXPECT_NEAR(r.fit.cdl.offset[c], warm_grade().offset[c], kRecoveredParameter) << c;
    EXPECT_NEAR(r.fit.cdl.power[c], warm_grade().power[c], kRecoveredParameter) << c;
  }
  EXPECT_NEAR(r.fit.cdl.saturation, warm_grade().saturation, kRecoveredParameter);
  EXPECT_LT(r.vs_lmt.mean, kRecoveredDeltaE);
  EXPECT_LT(r.vs_lmt.p99, 5 * kRecoveredDeltaE);
  // Against the sample LUT (an ALEXA look with its own roll-off), a warm CDL is no match.
  EXPECT_GT(r.vs_lut.delta_E_2000.mean, kCdlGoodDeltaE);
  EXPECT_NE(r.summary.find("dE2000"), std::string::npos);
}

TEST(LmtCdl, WrittenFilesParseBackAndAreNotOverwritten) {
  TempDir dir;
  const solver::CdlParams p = warm_grade();
  for (const char* name : {"look.cdl", "look.ccc", "look.CC"}) {
    const fs::path f = dir.path / name;
    write_cdl_file(f, p, "urn:test:look", "a warm grade", Overwrite::refuse);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_file(f.c_str())) << name;
    const pugi::xpath_node cc = doc.select_node("//ColorCorrection");
    ASSERT_TRUE(cc) << name;
    EXPECT_STREQ(cc.node().attribute("id").value(), "urn:test:look");
    const pugi::xml_node sop = cc.node().child("SOPNode");
    EXPECT_LT((triplet(sop.child("Slope")) - p.slope).cwiseAbs().maxCoeff(), kWrittenPrecision) << name;
    EXPECT_LT((triplet(sop.child("Offset")) - p.offset).cwiseAbs().maxCoeff(), kWrittenPrecision) << name;
    EXPECT_LT((triplet(sop.child("Power")) - p.power).cwiseAbs().maxCoeff(), kWrittenPrecision) << name;
    EXPECT_NEAR(cc.node().child("SATNode").child("Saturation").text().as_double(), p.saturation, kWrittenPrecision);
    const std::string root = doc.document_element().name();
    EXPECT_EQ(root, std::string(name) == "look.cdl"   ? "ColorDecisionList"
                    : std::string(name) == "look.ccc" ? "ColorCorrectionCollection"
                                                      : "ColorCorrection");
    EXPECT_THROW(write_cdl_file(f, p, "x", "", Overwrite::refuse), Error) << name;
  }
  try {
    write_cdl_file(dir.path / "look.xml", p, "x", "", Overwrite::refuse);
    FAIL() << "a .xml CDL was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find(".cdl, .ccc or .cc"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(dir.path / "look.xml"));
}

TEST(LmtCdl, MakeLmtWritesItAndTheAmfCarriesIt) {
  TempDir dir;
  const ShowLut lut = read_show_lut(kSample);
  LmtSettings s = sample_settings();
  s.cdl_path = dir.path / "show.ccc";
  const LmtResult r = make_lmt(lut, s, dir.path / "show.clf", Overwrite::refuse);
  ASSERT_TRUE(r.cdl);
  EXPECT_TRUE(fs::exists(s.cdl_path));
  EXPECT_FALSE(r.cdl->verdict.empty());
  bool noted = false;
  for (const auto& [key, value] : r.metadata.info) noted = noted || key == "CDLApproximation";
  EXPECT_TRUE(noted) << "the CLF's Info names the CDL and its figure";

  // alternative: the active pipeline keeps the LMT; the archived one has the CDL in ACEScct.
  const fs::path alt = dir.path / "alt.amf";
  write_lmt_amf(alt, r, s, Overwrite::refuse);
  const amf::Amf a = amf::read_amf(alt);
  ASSERT_EQ(a.pipeline.looks.size(), 1u);
  EXPECT_FALSE(a.pipeline.looks[0].is_cdl());
  ASSERT_EQ(a.archived_pipelines.size(), 1u);
  ASSERT_EQ(a.archived_pipelines[0].looks.size(), 1u);
  const amf::TransformRef& look = a.archived_pipelines[0].looks[0];
  ASSERT_TRUE(look.cdl);
  EXPECT_NEAR(look.cdl->slope[0], r.cdl->fit.cdl.slope[0], 1e-5);
  EXPECT_NEAR(look.cdl->saturation, r.cdl->fit.cdl.saturation, 1e-5);
  ASSERT_TRUE(look.cdl_working_space && look.cdl_working_space->to);
  EXPECT_NE(look.cdl_working_space->to->transform_id.find("ACEScct"), std::string::npos);
  EXPECT_EQ(a.archived_pipelines[0].input->transform_id, a.pipeline.input->transform_id);

  // instead: swapped.
  s.cdl_amf = CdlAmfMode::instead;
  const amf::Amf b = amf::read_amf([&] {
    write_lmt_amf(dir.path / "instead.amf", r, s, Overwrite::refuse);
    return dir.path / "instead.amf";
  }());
  ASSERT_EQ(b.pipeline.looks.size(), 1u);
  EXPECT_TRUE(b.pipeline.looks[0].is_cdl());
  ASSERT_EQ(b.archived_pipelines.size(), 1u);
  EXPECT_FALSE(b.archived_pipelines[0].looks.at(0).is_cdl());

  // none: no CDL in the AMF.
  s.cdl_amf = CdlAmfMode::none;
  write_lmt_amf(dir.path / "none.amf", r, s, Overwrite::refuse);
  EXPECT_TRUE(amf::read_amf(dir.path / "none.amf").archived_pipelines.empty());

  // A second run refuses before baking: the CDL exists.
  EXPECT_THROW(make_lmt(lut, s, dir.path / "other.clf", Overwrite::refuse), Error);
  EXPECT_FALSE(fs::exists(dir.path / "other.clf"));
  EXPECT_THROW(parse_cdl_amf_mode("sideways"), Error);
}

TEST(LmtCdl, FilmPrintIsHonestlyNotGood) {
  TempDir dir;
  const LutClass& c = find_show_lut_class("print_cineon_rec709");
  const ShowLut lut = read_show_lut(write_class_lut(c, dir.path, Overwrite::refuse));
  LmtSettings s = c.settings();
  s.verify = false;
  s.cube_size = 17;
  s.cdl_path = dir.path / "print.cdl";
  const LmtResult r = make_lmt(lut, s, dir.path / "print.clf", Overwrite::refuse);
  ASSERT_TRUE(r.cdl);
  EXPECT_EQ(r.cdl->verdict, "not good") << r.cdl->summary;
  bool warned = false;
  for (const auto& w : r.warnings) warned = warned || w.find("cannot carry this look") != std::string::npos;
  EXPECT_TRUE(warned);
}

// The CDL depends on the look, not on the file: the IPP2-like table as a plain .cube and as a .cub
// with a 1D shaper fit the same CDL (before the .cub's Cube section was written in OCIO's
// red-fastest order, the .cub was another look and its CDL was "not good", 10.1).
TEST(LmtCdl, SameTableInAnotherFormatFitsTheSameCdl) {
  TempDir dir;
  std::vector<LmtCdl> cdls;
  for (const char* id : {"ipp2_high_log3g10_rec709", "ipp2_high_log3g10_rec709_shaper_cub"}) {
    SCOPED_TRACE(id);
    const LutClass& c = find_show_lut_class(id);
    const ShowLut lut = read_show_lut(write_class_lut(c, dir.path, Overwrite::refuse));
    LmtSettings s = c.settings();
    s.verify = false;
    s.cube_size = 33;  // nests the 33^3 lattice; point samples keep this test short
    s.fit = FitMode::none;
    s.cdl_path = dir.path / (std::string(id) + ".cdl");
    const LmtResult r = make_lmt(lut, s, dir.path / (std::string(id) + ".clf"), Overwrite::refuse);
    ASSERT_TRUE(r.cdl);
    ASSERT_TRUE(r.cdl->fit.usable) << r.cdl->summary;
    cdls.push_back(*r.cdl);
  }
  EXPECT_NEAR(cdls[1].vs_lut.delta_E_2000.mean, cdls[0].vs_lut.delta_E_2000.mean, kSameTableCdlDeltaE);
  EXPECT_NEAR(cdls[1].vs_lmt.mean, cdls[0].vs_lmt.mean, kSameTableCdlDeltaE);
  EXPECT_EQ(cdls[1].verdict, cdls[0].verdict);
  std::printf("[ figures  ] CDL mean dE2000 against the LUT: .cube %.3f, .cub with shaper %.3f\n",
              cdls[0].vs_lut.delta_E_2000.mean, cdls[1].vs_lut.delta_E_2000.mean);
}
