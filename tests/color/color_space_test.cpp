// SPDX-License-Identifier: Apache-2.0
// Colour spaces: registry and CSC ids, matrices against the ACES OCIO config's CLFs and published
// matrices, every camera -> ACES2065-1 conversion against OpenColorIO 2.1's built-in transforms and
// the ACES OCIO config's CLFs on dense grids, and the structure and round trips of the pipelines.
#include "color/color_space.h"

#include <gtest/gtest.h>

#include <OpenColorIO/OpenColorIO.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "color/error.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/transform_registry.h"

namespace OCIO = OCIO_NAMESPACE;
using namespace aceslab;
using namespace aceslab::aces;

namespace {

const std::string kCameraClfDir = std::string(ACESLAB_SHARED_DIR) + "/data/camera-clf/";

// Derived matrices vs. the 15-significant-digit matrices printed in the ACES OCIO config's CLFs.
constexpr double kClfMatrixTolerance = 1e-13;
// Pipelines evaluated in double against themselves (round trips, folded matrices).
constexpr double kDoubleTolerance = 1e-12;
// OpenColorIO evaluates in float32 (OPTIMIZATION_LOSSLESS): ~1e-7 relative rounding in the matrix,
// more in exp() with large arguments, and ~1e-8 absolute near linear 0 where its decode subtracts
// the lin-side offset (see transfer_function_test.cpp). Errors are relative to the pixel's largest
// component with a floor of 1e-2: 1e-5 relative for pixels above 0.01, 1e-7 absolute below.
constexpr double kOcioRelative = 1e-5;
constexpr double kPixelFloor = 1e-2;
// Canon Log 2/3 in OCIO 2.1 and in the CLFs are 4096-entry LUT1Ds with linear interpolation
// (chord error of the exponential over one step ~7e-7 plus float storage, measured 1.8e-6; see
// transfer_function_test.cpp).
constexpr double kCanonLutRelative = 5e-6;
// Apple Log's CLF is a half-domain LUT1D (chord error over one half-float step ~8e-6).
constexpr double kAppleLutRelative = 2e-5;
// OpenColorIO's own unit-test threshold for its builtins' golden values (BuiltinTransform_tests.cpp).
constexpr double kOcioGoldenTolerance = 1e-6;

Vec3 evaluate(const Pipeline& p, Vec3 v) {
  for (const Step& step : p.steps) {
    if (const auto* t = std::get_if<TransferStep>(&step)) {
      for (int c = 0; c < 3; ++c) {
        v[c] = t->direction == Direction::forward ? t->tf->to_linear(v[c]) : t->tf->to_code(v[c]);
      }
    } else if (const auto* m = std::get_if<MatrixStep>(&step)) {
      v = m->m * v + m->offset;
    } else {
      ADD_FAILURE() << p.name << ": unexpected step kind " << step.index();
    }
  }
  return v;
}

// A dense set of code-value triplets over [lo, hi]: a 17^3 lattice and a 4001-step ramp whose
// channels are permuted so that each pixel mixes different code values. With `snap_to_float` the
// values are rounded to float so that OCIO sees the same input. (They are rounded one by one as
// they are made: GCC 12.2 at -O2 drops a double -> float -> double round trip applied to the three
// components of an Eigen::Vector3d in a loop, its SLP vectorizer treating it as a no-op.)
std::vector<Vec3> code_grid(double lo, double hi, bool snap_to_float = true) {
  auto value = [&](int i, int n) {
    const double v = lo + (hi - lo) * i / (n - 1);
    return snap_to_float ? static_cast<double>(static_cast<float>(v)) : v;
  };
  std::vector<Vec3> out;
  const int n = 17;
  for (int r = 0; r < n; ++r)
    for (int g = 0; g < n; ++g)
      for (int b = 0; b < n; ++b) out.emplace_back(value(r, n), value(g, n), value(b, n));
  const int m = 4001;  // not a multiple of the reference LUTs' spacing: samples fall between nodes
  for (int i = 0; i < m; ++i) out.emplace_back(value(i, m), value((i * 7 + 11) % m, m), value((i * 13 + 101) % m, m));
  if (snap_to_float) {
    for (const Vec3& v : out) {
      for (int c = 0; c < 3; ++c) {
        if (static_cast<double>(static_cast<float>(v[c])) != v[c]) throw std::logic_error("code_grid: value not a float");
      }
    }
  }
  return out;
}

OCIO::ConstCPUProcessorRcPtr cpu(const OCIO::ConstTransformRcPtr& t) {
  return OCIO::Config::CreateRaw()->getProcessor(t)->getOptimizedCPUProcessor(OCIO::OPTIMIZATION_LOSSLESS);
}

OCIO::ConstCPUProcessorRcPtr builtin_cpu(const char* style) {
  OCIO::BuiltinTransformRcPtr bt = OCIO::BuiltinTransform::Create();
  bt->setStyle(style);
  return cpu(bt);
}

OCIO::ConstCPUProcessorRcPtr clf_cpu(const std::string& file) {
  OCIO::FileTransformRcPtr ft = OCIO::FileTransform::Create();
  ft->setSrc((kCameraClfDir + file).c_str());
  ft->setInterpolation(OCIO::INTERP_LINEAR);
  return cpu(ft);
}

// Largest per-pixel error of `p` (evaluated in double) against an OCIO processor over `inputs`.
// With `reference_clamps_at_zero`, pixels the reference clamped (a 0 where ours is negative) are
// skipped.
double max_pixel_error(const Pipeline& p, const OCIO::ConstCPUProcessorRcPtr& proc, const std::vector<Vec3>& inputs,
                       bool reference_clamps_at_zero = false) {
  std::vector<float> buf;
  for (const Vec3& v : inputs) buf.insert(buf.end(), {float(v[0]), float(v[1]), float(v[2])});
  OCIO::PackedImageDesc desc(buf.data(), static_cast<long>(inputs.size()), 1, 3);
  proc->apply(desc);
  double worst = 0.0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Vec3 ref(buf[3 * i], buf[3 * i + 1], buf[3 * i + 2]);
    const Vec3 ours = evaluate(p, inputs[i]);
    if (reference_clamps_at_zero && ((ref.array() == 0.0) && (ours.array() < 0.0)).any()) continue;
    worst = std::max(worst, (ours - ref).cwiseAbs().maxCoeff() / std::max(ref.cwiseAbs().maxCoeff(), kPixelFloor));
  }
  return worst;
}

// Curves whose published forms are not exact inverses of each other (transfer_functions_secondary.cpp):
// N-Log's and L-Log's segments do not meet (1.5e-4 and 9e-4 code values), so values in the sliver
// between the encode's and the decode's switch come back off by up to the jump over the slope; DJI
// publishes its decode with rounded reciprocals of the encode's constants (2e-6 relative). The
// round-trip tolerance for a space is the larger of the default and its curve's published mismatch.
double published_mismatch(const ColorSpace& cs) {
  const std::string_view tf = cs.transfer->id();
  if (tf == "nlog") return 2e-4;   // measured 1.3e-4 (neutral code round trip, at the sliver)
  if (tf == "llog") return 1e-4;   // measured 8.5e-5 (ACES round trip, at the sliver)
  if (tf == "dlog") return 2e-5;   // measured 1.2e-5 on floats, 1.9e-6 in double
  return 0.0;
}

// The last <Matrix> of a CLF file, read with pugixml.
Mat3 clf_matrix(const std::string& file) {
  pugi::xml_document doc;
  const pugi::xml_parse_result ok = doc.load_file((kCameraClfDir + file).c_str());
  EXPECT_TRUE(ok) << file << ": " << ok.description();
  pugi::xml_node matrix;
  for (pugi::xml_node n : doc.child("ProcessList").children("Matrix")) matrix = n;
  std::istringstream text(matrix.child("Array").child_value());
  Mat3 m;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) text >> m(r, c);
  EXPECT_FALSE(text.fail()) << file;
  return m;
}

}  // namespace

TEST(ColorSpace, RegistryHasEveryRequiredIdOnce) {
  const std::vector<std::string> required = {
      "aces2065-1", "acescg", "acescct", "acescc", "logc3-ei800-awg3", "logc4-awg4", "slog3-sgamut3",
      "slog3-sgamut3cine", "log3g10-rwg", "clog2-cgamut", "clog3-cgamut", "vlog-vgamut", "bmdfilm-gen5",
      "davinci-intermediate-dwg", "lin-rec709", "lin-p3d65", "lin-rec2020", "srgb"};
  std::set<std::string> ids;
  for (const ColorSpace& cs : color_spaces()) {
    EXPECT_TRUE(ids.insert(cs.id).second) << "duplicate " << cs.id;
    EXPECT_FALSE(cs.name.empty()) << cs.id;
    ASSERT_NE(cs.transfer, nullptr) << cs.id;
    EXPECT_EQ(&find_color_space(cs.id), &cs);
  }
  for (const std::string& id : required) EXPECT_TRUE(ids.count(id)) << "missing " << id;
  EXPECT_EQ(find_color_space("srgb").transfer->id(), "srgb");
  EXPECT_TRUE(find_color_space("lin-p3d65").transfer->is_identity());
}

TEST(ColorSpace, UnknownIdIsAUsageErrorListingValidIds) {
  try {
    find_color_space("slog3-sgamut9");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    const std::string what = e.what();
    EXPECT_NE(what.find("\"slog3-sgamut9\""), std::string::npos) << what;
    EXPECT_NE(what.find("slog3-sgamut3cine"), std::string::npos) << what;
  }
}

TEST(ColorSpace, CscIdsExistInTheRegistryAndAreInversePairs) {
  const TransformRegistry& reg = TransformRegistry::shipped();
  int with_ids = 0;
  for (const ColorSpace& cs : color_spaces()) {
    for (const std::string* id : {&cs.csc_to_aces_id, &cs.csc_from_aces_id}) {
      if (id->empty()) continue;
      const RegisteredTransform* t = reg.find(*id);
      ASSERT_NE(t, nullptr) << cs.id << ": " << *id << " is not in the registry";
      EXPECT_EQ(t->type, "CSC") << *id;
      EXPECT_EQ(t->aces_major(), 2) << *id;
    }
    if (!cs.csc_to_aces_id.empty()) {
      ++with_ids;
      // CSC.Academy.Unity (ACES2065-1 to itself) is the one CSC without a direction in its name.
      if (cs.id != "aces2065-1") {
        EXPECT_NE(cs.csc_to_aces_id.find("_to_ACES."), std::string::npos) << cs.csc_to_aces_id;
      }
    }
    if (!cs.csc_to_aces_id.empty() && !cs.csc_from_aces_id.empty()) {
      EXPECT_EQ(reg.find(cs.csc_to_aces_id)->inverse_id, cs.csc_from_aces_id) << cs.id;
    }
  }
  EXPECT_GE(with_ids, 13);
}

// Derived matrices equal those the ACES OCIO config prints in its camera CLFs (which also pins down
// the vendor's adaptation: CAT02 and Bradford differ in the third decimal).
TEST(ColorSpace, MatricesMatchTheAcesConfigClfs) {
  const std::pair<const char*, const char*> cases[] = {
      {"logc3-ei800-awg3", "ARRI.Input.Linear_ARRI_Wide_Gamut_3_to_ACES2065-1.clf"},
      {"logc4-awg4", "ARRI.Input.Linear_ARRI_Wide_Gamut_4_to_ACES2065-1.clf"},
      {"slog3-sgamut3", "Sony.Input.Linear_SGamut3_to_ACES2065-1.clf"},
      {"slog3-sgamut3cine", "Sony.Input.Linear_SGamut3Cine_to_ACES2065-1.clf"},
      {"slog2-sgamut", "Sony.Input.Linear_SGamut_to_ACES2065-1.clf"},
      {"log3g10-rwg", "RED.Input.Linear_REDWideGamutRGB_to_ACES2065-1.clf"},
      {"clog2-cgamut", "Canon.Input.Linear-CinemaGamut-D55_to_ACES2065-1.clf"},
      {"clog3-cgamut", "Canon.Input.CanonLog3_CinemaGamut-D55_to_ACES2065-1.clf"},
      {"vlog-vgamut", "Panasonic.Input.Linear_VGamut_to_ACES2065-1.clf"},
      {"bmdfilm-gen5", "BlackmagicDesign.Input.Linear_BMD_WideGamut_Gen5_to_ACES2065-1.clf"},
      {"davinci-intermediate-dwg", "BlackmagicDesign.Input.Linear_DaVinci_WideGamut_to_ACES2065-1.clf"},
      {"applelog-rec2020", "Apple.Input.Apple_Log_to_ACES2065-1.clf"},
  };
  for (const auto& [id, clf] : cases) {
    const Mat3 ours = find_color_space(id).to_ACES2065_1();
    const Mat3 ref = clf_matrix(clf);
    EXPECT_LE((ours - ref).cwiseAbs().maxCoeff(), kClfMatrixTolerance) << id << "\nours\n" << ours << "\nCLF\n" << ref;
  }
}

TEST(ColorSpace, MatricesMatchPublishedOnes) {
  // S-2014-004 (ACEScg) section 4.3, AP1 -> AP0, printed to 10 decimals.
  Mat3 ap1_to_ap0;
  ap1_to_ap0 << 0.6954522414, 0.1406786965, 0.1638690622,
                0.0447945634, 0.8596711185, 0.0955343182,
               -0.0055258826, 0.0040252103, 1.0015006723;
  EXPECT_LE((find_color_space("acescg").to_ACES2065_1() - ap1_to_ap0).cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_LE((find_color_space("acescct").to_ACES2065_1() - ap1_to_ap0).cwiseAbs().maxCoeff(), 1e-9);
  // The ACES OCIO config's "Linear Rec.709 (sRGB)": AP0 -> Rec.709 with Bradford, 15 digits.
  Mat3 ap0_to_rec709;
  ap0_to_rec709 << 2.52168618674388, -1.13413098823972, -0.387555198504164,
                  -0.276479914229922, 1.37271908766826, -0.096239173438334,
                  -0.0153780649660342, -0.152975335867399, 1.16835340083343;
  EXPECT_LE((find_color_space("lin-rec709").from_ACES2065_1() - ap0_to_rec709).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_LE((find_color_space("srgb").from_ACES2065_1() - ap0_to_rec709).cwiseAbs().maxCoeff(), 1e-13);
  EXPECT_TRUE(find_color_space("aces2065-1").to_ACES2065_1().isIdentity(1e-15));
}

// OpenColorIO's own golden values for its builtins (tests/cpu/transforms/BuiltinTransform_tests.cpp),
// input (0.5, 0.4, 0.3).
TEST(ColorSpace, OcioBuiltinGoldenValues) {
  struct Golden {
    const char* id;
    Vec3 out;
  };
  const Golden goldens[] = {
      {"logc3-ei800-awg3", {0.401621427766, 0.236455447604, 0.064830001192}},
      {"logc4-awg4", {1.786878082249, 0.743018593362, 0.232840037656}},
      {"clog2-cgamut", {0.408435767126, 0.197486903378, 0.034204558318}},
      {"clog3-cgamut", {0.496034919950, 0.301015360499, 0.083691829261}},
      {"vlog-vgamut", {0.306918773245, 0.148128050597, 0.046334439047}},
      {"log3g10-rwg", {0.887988237100, 0.416932247547, -0.025442210717}},
      {"slog3-sgamut3", {0.342259707137, 0.172043362337, 0.057188031769}},
      {"slog3-sgamut3cine", {0.314942672433, 0.170408017753, 0.046854940520}},
      {"acescct", {0.386397222658, 0.158557251811, 0.043152537925}},
      // OCIO's file hacks ACEScc's red to 0.386398554 for its own LUT; the formula gives ACEScct's.
      {"acescc", {0.386397222658, 0.158557251811, 0.043152537925}},
      {"acescg", {0.453158317919, 0.394926024520, 0.299297344519}},
  };
  for (const Golden& g : goldens) {
    const Vec3 ours = evaluate(to_aces(find_color_space(g.id)), Vec3(0.5, 0.4, 0.3));
    EXPECT_LE((ours - g.out).cwiseAbs().maxCoeff(), kOcioGoldenTolerance) << g.id << ": " << ours.transpose();
  }
}

// Every camera space against every independent reference that exists for it, on dense grids.
TEST(ColorSpace, CameraToAcesMatchesOcioBuiltinsAndClfs) {
  struct Reference {
    const char* id;
    const char* builtin;  // OCIO 2.1 BuiltinTransform style, or nullptr
    const char* clf;      // ACES OCIO config CLF in shared/data/camera-clf, or nullptr
    double lo, hi;        // code range (LUT-based references clamp outside [0, 1])
    double relative;
    bool clamps_at_zero = false;
  };
  const Reference refs[] = {
      {"logc3-ei800-awg3", "ARRI_ALEXA-LOGC-EI800-AWG_to_ACES2065-1", nullptr, -0.05, 1.0, kOcioRelative},
      {"logc3-ei800-awg3", nullptr, "ARRI.Input.ARRI_LogC3_EI800_to_ACES2065-1.clf", -0.05, 1.0, kOcioRelative},
      {"logc4-awg4", nullptr, "ARRI.Input.ARRI_LogC4_to_ACES2065-1.clf", -0.05, 1.0, kOcioRelative},
      {"slog3-sgamut3", "SONY_SLOG3-SGAMUT3_to_ACES2065-1", nullptr, -0.05, 1.0, kOcioRelative},
      {"slog3-sgamut3", nullptr, "Sony.Input.SLog3_SGamut3_to_ACES2065-1.clf", -0.05, 1.0, kOcioRelative},
      {"slog3-sgamut3cine", "SONY_SLOG3-SGAMUT3.CINE_to_ACES2065-1", nullptr, -0.05, 1.0, kOcioRelative},
      {"slog3-sgamut3cine", nullptr, "Sony.Input.SLog3_SGamut3Cine_to_ACES2065-1.clf", -0.05, 1.0, kOcioRelative},
      {"slog2-sgamut", nullptr, "Sony.Input.SLog2_SGamut_to_ACES2065-1.clf", -0.05, 1.0, kOcioRelative},
      {"log3g10-rwg", "RED_LOG3G10-RWG_to_ACES2065-1", nullptr, -0.05, 1.0, kOcioRelative},
      {"log3g10-rwg", nullptr, "RED.Input.Log3G10_REDWideGamutRGB_to_ACES2065-1.clf", -0.05, 1.0, kOcioRelative},
      {"clog2-cgamut", "CANON_CLOG2-CGAMUT_to_ACES2065-1", nullptr, 0.0, 1.0, kCanonLutRelative},
      {"clog2-cgamut", nullptr, "Canon.Input.CanonLog2_CinemaGamut-D55_to_ACES2065-1.clf", 0.0, 1.0, kCanonLutRelative},
      {"clog3-cgamut", "CANON_CLOG3-CGAMUT_to_ACES2065-1", nullptr, 0.0, 1.0, kCanonLutRelative},
      {"clog3-cgamut", nullptr, "Canon.Input.CanonLog3_CinemaGamut-D55_to_ACES2065-1.clf", 0.0, 1.0, kCanonLutRelative},
      {"vlog-vgamut", "PANASONIC_VLOG-VGAMUT_to_ACES2065-1", nullptr, -0.05, 1.0, kOcioRelative},
      {"vlog-vgamut", nullptr, "Panasonic.Input.VLog_VGamut_to_ACES2065-1.clf", -0.05, 1.0, kOcioRelative},
      {"bmdfilm-gen5", nullptr, "BlackmagicDesign.Input.BMDFilm_WideGamut_Gen5_to_ACES2065-1.clf", -0.05, 1.0,
       kOcioRelative},
      {"davinci-intermediate-dwg", nullptr, "BlackmagicDesign.Input.DaVinci_Intermediate_WideGamut_to_ACES2065-1.clf",
       -0.05, 1.0, kOcioRelative},
      {"applelog-rec2020", nullptr, "Apple.Input.Apple_Log_to_ACES2065-1.clf", 0.0, 1.0, kAppleLutRelative},
      {"acescct", "ACEScct_to_ACES2065-1", nullptr, -0.05, 1.468, kOcioRelative},
      // OCIO 2.1's ACEScc is a 4096-entry LUT over [-0.36, 1.5] (chord error (1.86/4095)^2/8 *
      // (17.52 ln2)^2 = 3.8e-6 relative), does not clamp at 65504 (so the grid stops below the code
      // of 65504) and clamps negative ACES2065-1 output to 0 (those pixels are skipped).
      {"acescc", "ACEScc_to_ACES2065-1", nullptr, -0.3584, 1.4679, kOcioRelative, true},
      {"acescg", "ACEScg_to_ACES2065-1", nullptr, -0.1, 2.0, kOcioRelative},
      {"slog3-venice-sgamut3", "SONY_SLOG3-SGAMUT3-VENICE_to_ACES2065-1", nullptr, -0.05, 1.0, kOcioRelative},
      {"slog3-venice-sgamut3", nullptr, "Sony.Input.SLog3_Venice_SGamut3_to_ACES2065-1.clf", -0.05, 1.0,
       kOcioRelative},
      {"slog3-venice-sgamut3cine", "SONY_SLOG3-SGAMUT3.CINE-VENICE_to_ACES2065-1", nullptr, -0.05, 1.0,
       kOcioRelative},
      {"slog3-venice-sgamut3cine", nullptr, "Sony.Input.SLog3_Venice_SGamut3Cine_to_ACES2065-1.clf", -0.05, 1.0,
       kOcioRelative},
      // OCIO's ACESproxy10i clamps codes to [64, 940] / 1023 as ours does; the grid stays inside.
      {"acesproxy10i", "ACESproxy10i_to_ACES2065-1", nullptr, 64.0 / 1023.0, 940.0 / 1023.0, kOcioRelative},
  };
  std::set<std::string> covered;
  for (const Reference& r : refs) {
    const ColorSpace& cs = find_color_space(r.id);
    const auto proc = r.builtin ? builtin_cpu(r.builtin) : clf_cpu(r.clf);
    const double err = max_pixel_error(to_aces(cs), proc, code_grid(r.lo, r.hi), r.clamps_at_zero);
    std::printf("  %-26s vs %-72s max rel. error %.2e\n", r.id, r.builtin ? r.builtin : r.clf, err);
    EXPECT_LE(err, r.relative) << r.id << " vs " << (r.builtin ? r.builtin : r.clf);
    covered.insert(r.id);
  }
  // Completeness over every space (these references and the independent ones of the spaces OCIO
  // has no builtin or CLF for) is checked in camera_encodings_test.cpp.
  EXPECT_EQ(covered.size(), 18u);
}

// conversion() folds the matrices: checked against OCIO's AP1 -> linear Rec.709 (Bradford) builtin.
TEST(ColorSpace, ConversionMatchesOcioUtilityBuiltin) {
  const Pipeline p = conversion(find_color_space("acescg"), find_color_space("lin-rec709"));
  ASSERT_EQ(p.steps.size(), 1u);
  const double err = max_pixel_error(p, builtin_cpu("UTILITY - ACES-AP1_to_LINEAR-REC709_BFD"), code_grid(-0.1, 2.0));
  EXPECT_LE(err, kOcioRelative);
}

TEST(ColorSpace, PipelineStructure) {
  EXPECT_TRUE(to_aces(find_color_space("aces2065-1")).steps.empty());
  EXPECT_TRUE(from_aces(find_color_space("aces2065-1")).steps.empty());

  const Pipeline cg = to_aces(find_color_space("acescg"));
  ASSERT_EQ(cg.steps.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<MatrixStep>(cg.steps[0]));

  const ColorSpace& logc = find_color_space("logc3-ei800-awg3");
  const Pipeline in = to_aces(logc);
  ASSERT_EQ(in.steps.size(), 2u);
  const auto& decode = std::get<TransferStep>(in.steps[0]);
  EXPECT_EQ(decode.tf, logc.transfer);
  EXPECT_EQ(decode.direction, Direction::forward);
  EXPECT_TRUE(std::get<MatrixStep>(in.steps[1]).m.isApprox(logc.to_ACES2065_1(), 1e-15));
  EXPECT_EQ(in.output_descriptor, "ACES2065-1");
  EXPECT_EQ(in.input_descriptor, logc.name);

  const Pipeline out = from_aces(logc);
  ASSERT_EQ(out.steps.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<MatrixStep>(out.steps[0]));
  EXPECT_EQ(std::get<TransferStep>(out.steps[1]).direction, Direction::inverse);

  // Same gamut and adaptation: the folded matrix is the identity and is left out.
  const Pipeline cct_to_cg = conversion(find_color_space("acescct"), find_color_space("acescg"));
  ASSERT_EQ(cct_to_cg.steps.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<TransferStep>(cct_to_cg.steps[0]));
  const Pipeline to_srgb = conversion(find_color_space("lin-rec709"), find_color_space("srgb"));
  ASSERT_EQ(to_srgb.steps.size(), 1u);
  EXPECT_EQ(std::get<TransferStep>(to_srgb.steps[0]).direction, Direction::inverse);
  EXPECT_TRUE(conversion(logc, logc).steps.empty());
}

// Round trips in double: neutral code ramps code -> ACES -> code exactly; mixed pixels ACES -> code
// -> ACES relative to the pixel's largest component (in code space a mixed pixel is not held to 1e-12:
// matrix rounding of 1e-16 x its largest linear value, up to 65504, is amplified by the steepest toe,
// ~2700 code per linear unit for ACEScc). Then conversion() == from_aces(to) after to_aces(from).
TEST(ColorSpace, PipelinesRoundTripAndCompose) {
  for (const ColorSpace& cs : color_spaces()) {
    auto [lo, hi] = cs.transfer->code_domain();
    if (cs.transfer->id() == "acescc") hi -= 1e-6;  // the top code decodes to the 65504 clamp
    const Pipeline in = to_aces(cs);
    const Pipeline out = from_aces(cs);
    double worst_neutral = 0.0;
    for (int i = 0; i <= 4096; ++i) {
      const double c = lo + (hi - lo) * i / 4096;
      const Vec3 v(c, c, c);
      worst_neutral = std::max(worst_neutral, (evaluate(out, evaluate(in, v)) - v).cwiseAbs().maxCoeff() / std::max(1.0, std::abs(c)));
    }
    const double tolerance = std::max(kDoubleTolerance, published_mismatch(cs));
    EXPECT_LE(worst_neutral, tolerance) << cs.id << " neutral code round trip";
    double worst_mixed = 0.0;
    for (const Vec3& v : code_grid(lo, hi, false)) {  // unsnapped: float rounding could leave the domain
      const Vec3 aces = evaluate(in, v);
      const Vec3 back = evaluate(in, evaluate(out, aces));
      worst_mixed = std::max(worst_mixed, (back - aces).cwiseAbs().maxCoeff() / std::max(kPixelFloor, aces.cwiseAbs().maxCoeff()));
    }
    EXPECT_LE(worst_mixed, tolerance) << cs.id << " ACES round trip";
  }
  const std::pair<const char*, const char*> pairs[] = {
      {"logc3-ei800-awg3", "acescct"}, {"slog3-sgamut3cine", "log3g10-rwg"}, {"vlog-vgamut", "srgb"},
      {"acescg", "lin-p3d65"}, {"clog3-cgamut", "davinci-intermediate-dwg"}};
  for (const auto& [a, b] : pairs) {
    const ColorSpace& from = find_color_space(a);
    const ColorSpace& to = find_color_space(b);
    const Pipeline direct = conversion(from, to);
    const Pipeline in = to_aces(from);
    const Pipeline out = from_aces(to);
    for (const Vec3& v : code_grid(0.0, 1.0)) {
      const Vec3 expected = evaluate(out, evaluate(in, v));
      ASSERT_LE((evaluate(direct, v) - expected).cwiseAbs().maxCoeff(),
                kDoubleTolerance * std::max(1.0, expected.cwiseAbs().maxCoeff()))
          << a << " -> " << b << " at " << v.transpose();
    }
  }
}

// aces::apply (float buffers, the path images take) agrees with the double evaluation above, and
// to_aces undoes from_aces on float buffers. Float rounding of the input, between steps and in the
// matrix is ~1e-7 relative; 1e-6 relative to the pixel's largest component (floor 1e-2).
TEST(ColorSpace, ApplyOnFloatBuffersMatchesDoubleEvaluation) {
  constexpr double kFloatRelative = 1e-6;
  for (const ColorSpace& cs : color_spaces()) {
    auto [lo, hi] = cs.transfer->code_domain();
    if (cs.transfer->id() == "acescc") hi -= 1e-4;  // keep clear of the 65504 clamp
    const std::vector<Vec3> inputs = code_grid(lo, hi);
    std::vector<float> buf;
    for (const Vec3& v : inputs) buf.insert(buf.end(), {float(v[0]), float(v[1]), float(v[2])});
    aces::apply(to_aces(cs), std::span<float>(buf));
    double worst = 0.0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const Vec3 ref = evaluate(to_aces(cs), inputs[i]);
      const Vec3 got(buf[3 * i], buf[3 * i + 1], buf[3 * i + 2]);
      worst = std::max(worst, (got - ref).cwiseAbs().maxCoeff() / std::max(kPixelFloor, ref.cwiseAbs().maxCoeff()));
    }
    EXPECT_LE(worst, kFloatRelative) << cs.id << " to_aces";
    // ACES -> code -> ACES on floats, relative to the pixel's largest component (in code values a
    // mixed pixel is not comparable: float matrix rounding of a 65504 channel is 4e-3 in a dark one).
    const std::vector<float> aces_values = buf;
    aces::apply(from_aces(cs), std::span<float>(buf));
    aces::apply(to_aces(cs), std::span<float>(buf));
    double worst_back = 0.0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const Vec3 ref(aces_values[3 * i], aces_values[3 * i + 1], aces_values[3 * i + 2]);
      const Vec3 got(buf[3 * i], buf[3 * i + 1], buf[3 * i + 2]);
      worst_back = std::max(worst_back, (got - ref).cwiseAbs().maxCoeff() / std::max(kPixelFloor, ref.cwiseAbs().maxCoeff()));
    }
    EXPECT_LE(worst_back, std::max(kFloatRelative, published_mismatch(cs))) << cs.id << " to_aces(from_aces) on floats";
    std::printf("  %-26s apply(to_aces) vs double %.2e, to_aces(from_aces) on floats %.2e\n", cs.id.c_str(), worst,
                worst_back);
  }
}
