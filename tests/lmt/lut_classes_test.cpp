// SPDX-License-Identifier: Apache-2.0
// The LMT maker on the classes of real show LUTs (lmt/lut_classes.h), generated here at test time
// into a temporary folder (see tests/data/lmt/README.md):
//  - the generator makes what each class says (unclamped outputs, HDR levels, DCI white, legal
//    range, the ACES 1.x tables equal to OpenColorIO's builtins);
//  - every format OpenColorIO reads gives the LMT maker the same lattice and shaper as the .cube of
//    the same table, hence the same LMT and the same figures;
//  - the targets at the default size, per class, with the fitted node values no worse than
//    point samples on the whole cube.
#include <gtest/gtest.h>

#include <OpenColorIO/OpenColorIO.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include "lmt/display_container.h"
#include "lmt/lmt_maker.h"
#include "lmt/lut_classes.h"
#include "lmt/lut_encoding.h"

namespace fs = std::filesystem;
namespace OCIO = OCIO_NAMESPACE;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

// The targets for natural colours at the default size.
constexpr double kNaturalMeanDeltaE = 0.10;
constexpr double kNaturalP99DeltaE = 0.5;
// Fitted node values against point samples on the whole cube: no worse, up to the noise of a
// different set of node values (1% of the mean).
constexpr double kCubeNoWorse = 1.01;
// The "129^3 accuracy in a 65^3 file": natural p99 <= 0.15 on every class at the default
// size (65^3 split on every display, HLG through its PQ twin), with the neutral-axis table
// (neutral_table.h). Measured 0.056-0.092 SDR, 0.124-0.131 PQ, 0.132 HLG (without the table:
// 0.100-0.150 SDR, 0.38-0.39 PQ at 65^3, 0.39 HLG).
constexpr double kFittedNaturalP99 = 0.15;
// The same table in two formats: .cube and most text formats hold 6 decimals (5e-7), 12-bit .3dl
// integers 1/8190 of full scale; figures of their LMTs agree to the measurement's resolution.
constexpr double kTextTableTolerance = 1e-6;
constexpr double kTwelveBitTolerance = 0.5 / 4095.0 + 1e-6;
constexpr double kSameFiguresTolerance = 0.003;
// The whole LUT (shaper + table) between lattice points: a shaper written with 6 decimals, scaled
// to index units (.cub) or resampled (.csp), moves an input by a few 1e-7 and the output by the
// table's slope times that; the .3dl mesh line is a 33-entry 10-bit shaper against the reference's
// 1024 float entries (measured 4.2e-3 at most).
constexpr double kShaperTextTolerance = 1e-5;
constexpr double kFlameMeshTolerance = 6e-3;
// DCI-P3 look decoded back to P3-D65 against the same look made for P3-D65 (code values), on greys
// and muted colours: the Bradford round trip is exact; only float rounding and the 6-decimal
// table remain (saturated colours differ more: the look clips and compresses its gamut in DCI RGB).
constexpr double kDciAdaptation = 2e-3;
// OpenColorIO's builtins evaluated twice (float32, the same code): identical up to rounding.
constexpr double kBuiltinTolerance = 1e-6;

// Classes known to miss the targets, with the reason the README gives; their figures are still
// checked against the measured level so a regression shows.
struct KnownMiss {
  double natural_mean, natural_p99;
};
const std::map<std::string, KnownMiss> kKnownMisses = {
    // None since the unclamped class gets a 129^3 fitted lattice by default (lmt_maker.h,
    // kDefaultCubeSizeUnclamped): at 65^3 it missed (0.204 / 1.128), 61% of its reachable natural
    // colours lying in LUT cells with an unreachable corner.
};

fs::path library_dir() {
  static const fs::path dir = [] {
    std::random_device rd;
    const fs::path d = fs::temp_directory_path() / ("aceslab_lut_classes_" + std::to_string(rd()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

struct Cleanup : ::testing::Environment {
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(library_dir(), ec);
  }
};
const auto* const kCleanup = ::testing::AddGlobalTestEnvironment(new Cleanup);

const ShowLut& class_lut(const std::string& id) {
  static std::map<std::string, ShowLut> cache;
  auto it = cache.find(id);
  if (it == cache.end()) {
    const fs::path p = write_class_lut(find_show_lut_class(id), library_dir(), Overwrite::allow);
    it = cache.emplace(id, read_show_lut(p)).first;
  }
  return it->second;
}

// The LUT's outputs at its own lattice points (in core units), CLF order.
std::vector<float> core_at_lattice(const ShowLut& lut) {
  const int n = lut.core_lattice_size();
  const Domain& d = lut.core_domain();
  std::vector<float> v;
  for (int r = 0; r < n; ++r)
    for (int g = 0; g < n; ++g)
      for (int b = 0; b < n; ++b) {
        const int idx[3] = {r, g, b};
        for (int c = 0; c < 3; ++c) v.push_back(static_cast<float>(d.min[c] + (d.max[c] - d.min[c]) * idx[c] / (n - 1)));
      }
  lut.apply_core(v);
  return v;
}

// The whole LUT (shaper and table) on input codes between and on its lattice points.
std::vector<float> whole_at_codes(const ShowLut& lut) {
  constexpr int kSteps = 23;  // not a divisor of 32: most codes fall between lattice points
  std::vector<float> v;
  for (int r = 0; r < kSteps; ++r)
    for (int g = 0; g < kSteps; ++g)
      for (int b = 0; b < kSteps; ++b) v.insert(v.end(), {r / (kSteps - 1.0f), g / (kSteps - 1.0f), b / (kSteps - 1.0f)});
  lut.apply(v);
  return v;
}

double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) worst = std::max(worst, std::fabs(double(a[i]) - b[i]));
  return a.size() == b.size() ? worst : 1e30;
}

std::vector<std::string> class_ids(const std::string& family) {
  std::vector<std::string> ids;
  for (const auto& c : show_lut_classes()) {
    if (family.empty() || c.family == family) ids.push_back(c.id);
  }
  return ids;
}

}  // namespace

TEST(LutClasses, GeneratorMakesWhatEachClassSays) {
  auto range = [](const std::string& id) {
    const CubeFile t = make_class_table(find_show_lut_class(id));
    const auto& v = t.lut3d ? t.lut3d->values : t.lut1d->values;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return std::pair<float, float>(*lo, *hi);
  };
  // Unclamped: outputs above 1 and below 0.
  const auto unclamped = range("unclamped_logc4_rec709");
  EXPECT_LT(unclamped.first, -0.05f);
  EXPECT_GT(unclamped.second, 1.02f);
  // Clamped SDR: within [0, 1].
  const auto sdr = range("ipp2_high_log3g10_rec709");
  EXPECT_GE(sdr.first, 0.0f);
  EXPECT_LE(sdr.second, 1.0f);
  // PQ 1000 nit: peaks at the code of 1000 cd/m^2 (ST 2084: 0.7518), never above.
  const auto pq = range("pq_p3d65_slog3");
  EXPECT_NEAR(pq.second, 0.7518f, 0.01f);
  // Legal range: black at 64/1023, white at 940/1023.
  const auto legal = range("legal_logc3_rec709");
  EXPECT_NEAR(legal.first, 64.0f / 1023.0f, 1e-4f);
  EXPECT_NEAR(legal.second, 940.0f / 1023.0f, 1e-4f);
  // DCI-P3: the same look as for a P3-D65 display, its white adapted to DCI (Bradford): decoded by
  // the LUT encoding "p3dci-gamma2.6" for the P3-D65 output transform, it gives the P3-D65 LUT's
  // code values (to the gamut compression's rounding, on colours well inside the gamut).
  {
    const LutClass& c = find_show_lut_class("cinema_dcip3_logc3");
    const ShowLut& lut = class_lut(c.id);
    SampleLutOptions d65 = c.look;
    d65.display = "p3d65-gamma2.6";
    const ShowLut ref(make_sample_lut(d65), "p3d65.cube");
    std::vector<float> codes;  // greys and muted colours (LogC3: grey card at 0.39)
    for (float grey : {0.25f, 0.39f, 0.5f})
      for (float dr : {-0.02f, 0.0f, 0.02f})
        for (float db : {-0.02f, 0.02f}) codes.insert(codes.end(), {grey + dr, grey, grey + db});
    std::vector<float> dci = codes, p3 = codes;
    lut.apply(dci);
    lut_encoding(c.settings()).output_to_display(dci);
    ref.apply(p3);
    EXPECT_LE(max_difference(dci, p3), kDciAdaptation);
  }
  // 1D only: no 3D table.
  const CubeFile one = make_class_table(find_show_lut_class("oned_logc3_rec709"));
  EXPECT_FALSE(one.lut3d.has_value());
  ASSERT_TRUE(one.lut1d.has_value());
  EXPECT_EQ(one.lut1d->size, 4096);
}

TEST(LutClasses, Aces1TablesAreOpenColorIOsBuiltins) {
  const LutClass& c = find_show_lut_class("aces1_rec709_from_acescct");
  const ShowLut& lut = class_lut(c.id);
  EXPECT_EQ(lut.core_lattice_size(), 65);
  auto group = OCIO::GroupTransform::Create();
  for (const char* style : {"ACEScct_to_ACES2065-1", "ACES-OUTPUT - ACES2065-1_to_CIE-XYZ-D65 - SDR-VIDEO_1.0",
                            "DISPLAY - CIE-XYZ-D65_to_REC.1886-REC.709"}) {
    auto b = OCIO::BuiltinTransform::Create();
    b->setStyle(style);
    group->appendTransform(b);
  }
  auto cpu = OCIO::Config::CreateRaw()->getProcessor(group)->getDefaultCPUProcessor();
  // Lattice points of the written .cube against OCIO now.
  std::vector<float> codes;
  for (int i : {0, 13, 32, 40, 64})
    for (int j : {0, 20, 47, 64})
      for (int k : {5, 33, 64}) codes.insert(codes.end(), {i / 64.0f, j / 64.0f, k / 64.0f});
  std::vector<float> ours = codes, theirs = codes;
  lut.apply(ours);
  OCIO::PackedImageDesc desc(theirs.data(), static_cast<long>(theirs.size() / 3), 1, 3);
  cpu->apply(desc);
  for (float& v : theirs) v = std::clamp(v, 0.0f, 1.0f);  // a display LUT holds display code values
  EXPECT_LE(max_difference(ours, theirs), 5e-7 + kBuiltinTolerance);  // .cube: 6 decimals
}

// Every format: the same lattice and shaper as the .cube, so the same LMT and figures.
TEST(LutClasses, EveryFormatGivesTheSameLatticeAndFigures) {
  const std::string base = "ipp2_high_log3g10_rec709";
  std::map<std::string, Verification> reference;
  LmtSettings s = find_show_lut_class(base).settings();
  s.fit = FitMode::none;  // the node method does not matter here; point samples are fast
  for (const auto& c : show_lut_classes()) {
    if (c.id.rfind(base, 0) != 0) continue;
    SCOPED_TRACE(c.id);
    const ShowLut& lut = class_lut(c.id);
    const bool shaper = c.look.shaper_size > 0;
    const std::string ref_id = shaper ? base + "_shaper_cube_resolve" : base;
    const ShowLut& ref = class_lut(ref_id);
    EXPECT_TRUE(lut.core_is_table()) << lut.format();
    EXPECT_EQ(lut.core_lattice_size(), 33);
    EXPECT_EQ(lut.shaper_size() > 0, shaper);
    const double tol = c.format == LutFormat::threedl_flame || c.format == LutFormat::threedl_lustre ? kTwelveBitTolerance
                                                                                                      : kTextTableTolerance;
    // With a shaper too: the table behind it is the same (a table written in another order than
    // the reader's, such as a .cub Cube section blue-fastest, is another look the LMT would still
    // reproduce, so the figures below could not tell).
    EXPECT_LE(max_difference(core_at_lattice(lut), core_at_lattice(ref)), tol);
    const double whole_tol = c.format == LutFormat::threedl_flame && shaper ? kFlameMeshTolerance
                             : c.format == LutFormat::threedl_flame || c.format == LutFormat::threedl_lustre
                                 ? kTwelveBitTolerance
                                 : kShaperTextTolerance;
    EXPECT_LE(max_difference(whole_at_codes(lut), whole_at_codes(ref)), whole_tol);
    const fs::path out = library_dir() / (c.id + "_lmt.clf");
    const LmtResult r = make_lmt(lut, s, out, Overwrite::allow);
    EXPECT_TRUE(r.lattice_nests);
    if (c.id == ref_id) {
      reference[ref_id] = *r.verification;
      continue;
    }
    ASSERT_TRUE(reference.count(ref_id)) << "the .cube comes first in the class list";
    const Verification& v = *r.verification;
    const Verification& w = reference[ref_id];
    EXPECT_NEAR(v.natural.delta_E_2000.mean, w.natural.delta_E_2000.mean, kSameFiguresTolerance);
    EXPECT_NEAR(v.natural.delta_E_2000.p99, w.natural.delta_E_2000.p99, 10 * kSameFiguresTolerance);
    EXPECT_NEAR(v.cube.delta_E_2000.mean, w.cube.delta_E_2000.mean, kSameFiguresTolerance);
  }
}

class ClassTargets : public ::testing::TestWithParam<std::string> {};

TEST_P(ClassTargets, AtTheDefaultSize) {
  const LutClass& c = find_show_lut_class(GetParam());
  const ShowLut& lut = class_lut(c.id);
  const LmtResult r = make_lmt(lut, c.settings(), library_dir() / (c.id + "_lmt.clf"), Overwrite::allow);
  ASSERT_TRUE(r.verification);
  const Verification& v = *r.verification;
  const auto miss = kKnownMisses.find(c.id);
  const double mean_target = miss == kKnownMisses.end() ? kNaturalMeanDeltaE : miss->second.natural_mean;
  const double p99_target = miss == kKnownMisses.end() ? kNaturalP99DeltaE : miss->second.natural_p99;
  EXPECT_LE(v.natural.delta_E_2000.mean, mean_target) << c.description;
  EXPECT_LE(v.natural.delta_E_2000.p99, p99_target) << c.description;
  if (r.point_verification) {
    EXPECT_LE(v.cube.delta_E_2000.mean, kCubeNoWorse * r.point_verification->cube.delta_E_2000.mean);
    EXPECT_LE(v.natural.delta_E_2000.mean, kCubeNoWorse * r.point_verification->natural.delta_E_2000.mean);
  }
  // Every display gets the split layout (lmt_maker.h): the LUT kept as it is, a 65^3 table of the
  // inverse output transform (on HLG its PQ twin's). Every one keeps its neutral-axis table (it
  // verified no worse) and meets the p99.
  const aces::OutputTransform& ot = lut_encoding(c.settings()).output_transform();
  const bool hlg = ot.params().eotf == aces::Eotf::hlg;
  EXPECT_EQ(r.layout, Layout::split);
  EXPECT_TRUE(r.neutral_table.has_value()) << r.neutral_note;
  EXPECT_LE(v.natural.delta_E_2000.p99, kFittedNaturalP99) << c.description;
  if (r.without_neutral_verification) {
    EXPECT_LE(v.natural.delta_E_2000.p99, r.without_neutral_verification->natural.delta_E_2000.p99);
  }
  if (r.layout == Layout::split) {
    EXPECT_EQ(r.cube_size, kDefaultCubeSizeSplit);
    EXPECT_TRUE(r.fitted());
    EXPECT_LE(v.cube.delta_E_2000.p99, kCubeNoWorse * r.point_verification->cube.delta_E_2000.p99);
  }
  // A display limited inside its container (P3-limited Rec.2100 PQ, DCDM) or HLG: the table is its
  // twin's (display_container.h).
  const auto note = std::find_if(r.metadata.info.begin(), r.metadata.info.end(),
                                 [](const auto& kv) { return kv.first == "SplitTableDisplay"; });
  const bool twin = note != r.metadata.info.end();
  EXPECT_EQ(twin, r.layout == Layout::split && (limited_twin(ot) != nullptr || hlg)) << c.id;
  if (hlg && twin) {
    EXPECT_NE(note->second.find("PQ display of the same light"), std::string::npos) << note->second;
  }
  if (c.id == "unclamped_logc4_rec709") {
    EXPECT_TRUE(r.unclamped);
    // Split: outputs beyond the display's range are clamped before the table, so no larger
    // lattice is needed (the merged layout gives such LUTs a 129^3 fit, kDefaultCubeSizeUnclamped).
    EXPECT_FALSE(std::any_of(r.warnings.begin(), r.warnings.end(),
                             [](const std::string& w) { return w.find("an unclamped LUT") != std::string::npos; }));
    LmtSettings merged = c.settings();
    merged.layout = Layout::merged;
    merged.fit = FitMode::none;  // (the size and the warning are what is checked here)
    merged.verify = false;
    const LmtResult m = bake_lmt(lut, merged);
    EXPECT_EQ(m.cube_size, kDefaultCubeSizeUnclamped);
    EXPECT_TRUE(std::any_of(m.warnings.begin(), m.warnings.end(),
                            [](const std::string& w) { return w.find("an unclamped LUT") != std::string::npos; }));
  }
  if (c.id == "ipp2_high_log3g10_rec709") {
    EXPECT_FALSE(r.unclamped);
  }
  std::printf("[ figures  ] %-40s %3d^3 %-6s natural %.4f / %.3f  cube %.4f / %.3f\n", c.id.c_str(), r.cube_size,
              r.fitted() ? "fit" : "points", v.natural.delta_E_2000.mean, v.natural.delta_E_2000.p99,
              v.cube.delta_E_2000.mean, v.cube.delta_E_2000.p99);
}

// Camera, display and structure classes, and the ACES 1.x outputs in .cube (their other formats are
// the same tables: EveryFormatGivesTheSameLatticeAndFigures).
INSTANTIATE_TEST_SUITE_P(Camera, ClassTargets, ::testing::ValuesIn(class_ids("camera")));
INSTANTIATE_TEST_SUITE_P(Display, ClassTargets, ::testing::ValuesIn(class_ids("display")));
INSTANTIATE_TEST_SUITE_P(Structure, ClassTargets, ::testing::ValuesIn(class_ids("structure")));
INSTANTIATE_TEST_SUITE_P(Aces1, ClassTargets,
                         ::testing::Values("aces1_rec709_from_acescct", "aces1_srgb_from_acescct",
                                           "aces1_p3d65_pq_1000nit_from_acescct",
                                           "aces1_rec2100_hlg_1000nit_from_acescct"));

TEST(LutClasses, Aces1FormatsReadTheSameTable) {
  for (const std::string out : {"rec709", "srgb", "p3d65_pq_1000nit"}) {
    const std::string base = "aces1_" + out + "_from_acescct";
    const std::vector<float> ref = core_at_lattice(class_lut(base));
    EXPECT_LE(max_difference(core_at_lattice(class_lut(base + "_spi3d")), ref), kTextTableTolerance) << out;
    EXPECT_LE(max_difference(core_at_lattice(class_lut(base + "_3dl_flame")), ref), kTwelveBitTolerance) << out;
  }
}

