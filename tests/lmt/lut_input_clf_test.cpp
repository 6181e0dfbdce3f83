// SPDX-License-Identifier: Apache-2.0
// A LUT's input given as a CLF from its code values to ACES2065-1 (LmtSettings::lut_in_clf,
// `--lut-in-clf`), with the camera makers' CLFs of ../shared/data/camera-clf (ACES OCIO config
// project): a Log + Matrix CLF gives the same LMT as the named encoding (its inverse is exact); a
// LUT1D + Matrix CLF (Canon Log 2) is inverted numerically and still meets the targets; a CLF with
// a LUT3D has no inverse and is refused naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "color/error.h"
#include "lmt/lmt_maker.h"
#include "lmt/sample_lut.h"
#include "lmt_test_support.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

const fs::path kCameraClf = fs::path(ACESLAB_SHARED_DIR) / "data" / "camera-clf";
const fs::path kSample = fs::path(ACESLAB_DATA_DIR) / "samples" / "show_logc3_to_rec709.cube";

// The targets for natural colours.
constexpr double kNaturalMeanDeltaE = 0.10;
constexpr double kNaturalP99DeltaE = 0.5;
// ARRI's published CLF and aceslab's LogC3 EI800 / AWG3 are the same curve and matrix to float
// precision: the LMTs agree to the verification's resolution.
constexpr double kSameFigures = 2e-3;

struct TempDir : aceslab::test::TempDir {
  TempDir() : aceslab::test::TempDir("lut_input_clf") {}
};

template <typename T>
int count(const aces::Pipeline& p) {
  int n = 0;
  for (const auto& s : p.steps) n += std::holds_alternative<T>(s) ? 1 : 0;
  return n;
}

}  // namespace

TEST(LutInputClf, LogAndMatrixClfGivesTheSameLmtAsTheNamedEncoding) {
  TempDir dir;
  const ShowLut lut = read_show_lut(kSample);
  LmtSettings named;
  named.lut_in = "logc3-ei800-awg3";
  named.lut_out = "rec709-bt1886-100nit";
  LmtSettings clf = named;
  clf.lut_in.clear();
  clf.lut_in_clf = kCameraClf / "ARRI.Input.ARRI_LogC3_EI800_to_ACES2065-1.clf";
  const LmtResult a = make_lmt(lut, named, dir.path / "named.clf", Overwrite::allow);
  const LmtResult b = make_lmt(lut, clf, dir.path / "clf.clf", Overwrite::allow);
  // The CLF's inverse is exact: a Matrix and a Log node, no LUT1D.
  const LutEncoding enc = lut_encoding(clf);
  EXPECT_EQ(enc.input_id(), "clf:ARRI.Input.ARRI_LogC3_EI800_to_ACES2065-1.clf");
  EXPECT_EQ(count<aces::Lut1DStep>(enc.from_aces_pipeline()), 0);
  EXPECT_EQ(count<aces::LogStep>(enc.from_aces_pipeline()), 1);
  EXPECT_TRUE(b.lattice_nests);
  EXPECT_NEAR(b.verification->natural.delta_E_2000.mean, a.verification->natural.delta_E_2000.mean, kSameFigures);
  EXPECT_NEAR(b.verification->natural.delta_E_2000.p99, a.verification->natural.delta_E_2000.p99, 10 * kSameFigures);
  EXPECT_NEAR(b.verification->cube.delta_E_2000.mean, a.verification->cube.delta_E_2000.mean, kSameFigures);
}

TEST(LutInputClf, Lut1DClfIsInvertedNumerically) {
  TempDir dir;
  SampleLutOptions o;
  o.input = "clog2-cgamut";
  o.title = "Canon Log 2 / Cinema Gamut -> Rec.709";
  const ShowLut lut(make_sample_lut(o), dir.path / "clog2.cube");
  LmtSettings s;
  s.lut_in_clf = kCameraClf / "Canon.Input.CanonLog2_CinemaGamut-D55_to_ACES2065-1.clf";
  s.lut_out = "rec709-bt1886-100nit";
  const LutEncoding enc = lut_encoding(s);
  EXPECT_GE(count<aces::Lut1DStep>(enc.from_aces_pipeline()), 1);
  const LmtResult r = make_lmt(lut, s, dir.path / "clog2_lmt.clf", Overwrite::allow);
  EXPECT_LE(r.verification->natural.delta_E_2000.mean, kNaturalMeanDeltaE);
  EXPECT_LE(r.verification->natural.delta_E_2000.p99, kNaturalP99DeltaE);
}

TEST(LutInputClf, ClfWithoutInverseIsRefused) {
  TempDir dir;
  // An LMT (it ends in a LUT3D) is not an input transform.
  const ShowLut lut = read_show_lut(kSample);
  LmtSettings s;
  s.lut_in = "logc3-ei800-awg3";
  s.lut_out = "rec709-bt1886-100nit";
  s.verify = false;
  const fs::path lmt = dir.path / "lmt.clf";
  make_lmt(lut, s, lmt, Overwrite::allow);
  s.lut_in.clear();
  s.lut_in_clf = lmt;
  try {
    lut_encoding(s);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unsupported);
    EXPECT_NE(std::string(e.what()).find("lmt.clf"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no inverse"), std::string::npos) << e.what();
  }
}
