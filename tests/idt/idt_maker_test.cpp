// SPDX-License-Identifier: Apache-2.0
// The IDT maker end to end on captures simulated from a real camera's spectral sensitivities
// (Sony ILCE-7M3, rawtoaces-data) encoded with a known log curve, and one test per error.
#include "idt/idt_maker.h"

#include <gtest/gtest.h>

#include <iostream>

#include "aces/error.h"
#include "simulated_capture.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::idt;
using namespace aceslab::idt::testing;

namespace {

const fs::path kCamera = fs::path(ACESLAB_SHARED_DIR) / "data/cameras/camera/Sony_ILCE-7M3_380_780_5.json";

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("aceslab_idt_maker_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

SimulatedShoot sony_slog3(const std::string& manifest_encoding) {
  SimulatedShoot s;
  s.linear = camera_linear(kCamera, illuminant_spd(IlluminantSpec{IlluminantSpec::Kind::named, "D55", 0, {}}, {}));
  s.encoding = &aces::find_transfer_function("slog3");
  s.manifest_encoding = manifest_encoding;
  return s;
}

// A 3x3 matrix cannot map a real sensor exactly onto the ACES RICD: for this camera under D55 the
// best white-preserving matrix leaves a mean CIEDE2000 of 1.44 and a worst of 6.7 (measured with the
// known curve). The bounds leave room for solver tolerance and sampling, not for a wrong pipeline
// (a wrong white balance or curve costs 5+ on the mean).
constexpr double kMaxMeanDeltaE = 2.0;
constexpr double kMaxWorstDeltaE = 9.0;

IdtResult make(const fs::path& manifest, IdtOptions options = {}) { return make_idt(load_capture(manifest), options); }

Error make_error(const fs::path& manifest) {
  try {
    make(manifest);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << manifest << ": no error";
  return Error(ErrorKind::internal, "none");
}

}  // namespace

TEST(IdtMaker, KnownLogEncodingEndToEnd) {
  const fs::path manifest = write_shoot(temp_dir("slog3"), sony_slog3("slog3"));
  const IdtResult r = make(manifest);
  ASSERT_TRUE(r.usable) << r.message;
  EXPECT_EQ(r.encoding, "slog3");
  EXPECT_FALSE(r.chart_detected);
  EXPECT_LT(r.fit.mean_delta_E_2000, kMaxMeanDeltaE);
  EXPECT_LT(r.fit.max_delta_E_2000, kMaxWorstDeltaE);
  std::cout << "simulated ILCE-7M3, S-Log3, D55: mean dE2000 " << r.fit.mean_delta_E_2000 << ", max "
            << r.fit.max_delta_E_2000 << '\n';
  // Pipeline: the S-Log3 decode, then one matrix (white balance and exposure folded in).
  ASSERT_EQ(r.pipeline.steps.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<aces::TransferStep>(r.pipeline.steps[0]));
  // The pipeline applied to the EV 0 code values gives what the fit reports.
  const auto& ev0 = r.exposures[3];
  ASSERT_DOUBLE_EQ(ev0.ev, 0.0);
  for (int p = 0; p < kChartPatches; ++p) {
    std::array<float, 3> rgb{static_cast<float>(ev0.sample.patches[p].value[0]), static_cast<float>(ev0.sample.patches[p].value[1]),
                             static_cast<float>(ev0.sample.patches[p].value[2])};
    aces::apply(r.pipeline, std::span<float>(rgb));
    for (int c = 0; c < 3; ++c) {
      // 16-bit quantisation of the code values (1/65535 in S-Log3 is ~0.02 % in linear) and float math.
      constexpr double kPipelineTolerance = 2e-3;
      EXPECT_NEAR(rgb[c], r.fitted_aces[p][c], kPipelineTolerance * std::max(0.05, r.fitted_aces[p][c])) << "patch " << p;
    }
  }
  // Neutral 5 lands on its reference (white preserved; exposure and balance set on it).
  EXPECT_LT((r.fitted_aces[21] - r.reference_aces[21]).cwiseAbs().maxCoeff(), 2e-3);
  // The sensor is not white-balanced: the gains found are those of the raw response under D55.
  const Eigen::Vector3d raw_ratio = r.reference_aces[21].cwiseQuotient(sony_slog3("").linear[21]);
  EXPECT_NEAR(r.white_balance[0], raw_ratio[0] / raw_ratio[1], 0.01);
  EXPECT_NEAR(r.white_balance[2], raw_ratio[2] / raw_ratio[1], 0.01);
}

TEST(IdtMaker, FittedLinearisationMatchesKnownCurve) {
  const fs::path dir = temp_dir("fit");
  const IdtResult known = make(write_shoot(dir / "known", sony_slog3("slog3")));
  const IdtResult fitted = make(write_shoot(dir / "fit", sony_slog3("fit")));
  ASSERT_TRUE(fitted.usable) << fitted.message;
  ASSERT_TRUE(fitted.curve.has_value());
  EXPECT_TRUE(std::holds_alternative<aces::Lut1DStep>(fitted.pipeline.steps[0]));
  // The fitted curve recovers S-Log3 up to the fit's smoothing: the matrix fit ends up as good.
  constexpr double kFitPenalty = 0.3;  // delta E 2000 allowed for curve estimation error
  EXPECT_LT(fitted.fit.mean_delta_E_2000, known.fit.mean_delta_E_2000 + kFitPenalty);
  EXPECT_LT(fitted.curve->rms_log_error, 0.05);  // stops
  // Over the exposed range the fitted decode agrees with S-Log3 (relative to neutral 5's level).
  const auto* slog3 = &aces::find_transfer_function("slog3");
  for (double code : {0.35, 0.45, 0.55}) {
    const double ratio_fit = solver::apply_lut_channel(*fitted.curve, code, 1) / solver::apply_lut_channel(*fitted.curve, 0.45, 1);
    const double ratio_true = slog3->to_linear(code) / slog3->to_linear(0.45);
    EXPECT_NEAR(std::log2(ratio_fit), std::log2(ratio_true), 0.05) << "code " << code;  // 0.05 stop
  }
}

TEST(IdtMaker, AutomaticDetectionGivesSameIdt) {
  SimulatedShoot s = sony_slog3("slog3");
  s.write_corners = false;
  s.chart = place_chart(330, 250, 430, 6);
  const IdtResult r = make(write_shoot(temp_dir("detect"), s));
  ASSERT_TRUE(r.usable) << r.message;
  EXPECT_TRUE(r.chart_detected);
  EXPECT_LT(r.fit.mean_delta_E_2000, kMaxMeanDeltaE);
}

TEST(IdtMaker, OverlayIsKept) {
  IdtOptions o;
  o.keep_overlay = true;
  const IdtResult r = make(write_shoot(temp_dir("overlay"), sony_slog3("slog3")), o);
  ASSERT_TRUE(r.overlay.has_value());
  EXPECT_EQ(r.overlay->width, 640);
}

// --- one test per error ---

TEST(IdtMakerErrors, ImagesOfDifferentSizes) {
  const fs::path dir = temp_dir("sizes");
  const fs::path manifest = write_shoot(dir, sony_slog3("slog3"));
  ChartRender other;
  other.width = 600;
  other.height = 480;
  other.chart = place_chart(300, 240, 400, 0);
  aces::write_image(dir / "ev100.tif", render_chart(other), Overwrite::allow);
  const Error e = make_error(manifest);
  EXPECT_NE(e.location().path.find("ev100.tif"), std::string::npos) << e.what();
  EXPECT_NE(e.detail().find("600x480"), std::string::npos) << e.what();
}

TEST(IdtMakerErrors, AllPatchesClipped) {
  SimulatedShoot s = sony_slog3("slog3");
  s.gain = 1e6;  // everything at full code
  s.evs = {0, 1};
  const Error e = make_error(write_shoot(temp_dir("clipped"), s));
  EXPECT_NE(e.detail().find("all patches are clipped"), std::string::npos) << e.what();
  EXPECT_NE(e.detail().find("ev0.tif"), std::string::npos) << e.what();
}

TEST(IdtMakerErrors, ChartNotFound) {
  SimulatedShoot s = sony_slog3("slog3");
  s.write_corners = false;
  s.chart = place_chart(3000, 3000, 400, 0);  // outside the frame
  const Error e = make_error(write_shoot(temp_dir("nochart"), s));
  EXPECT_NE(e.detail().find("ColorChecker not found"), std::string::npos) << e.what();
  EXPECT_NE(e.location().path.find("ev0.tif"), std::string::npos) << e.what();
}

TEST(IdtMakerErrors, TooFewUsableExposuresForFit) {
  SimulatedShoot s = sony_slog3("fit");
  s.evs = {-1, 0, 12};  // +12 EV is clipped throughout: 2 usable exposures
  const Error e = make_error(write_shoot(temp_dir("few"), s));
  EXPECT_NE(e.detail().find("too few usable exposures: 2 of 3"), std::string::npos) << e.what();
}

TEST(IdtMakerErrors, UnreadableImage) {
  const fs::path dir = temp_dir("unreadable");
  const fs::path manifest = write_shoot(dir, sony_slog3("slog3"));
  std::ofstream(dir / "ev-100.tif", std::ios::trunc) << "this is not a TIFF";
  const Error e = make_error(manifest);
  EXPECT_NE(std::string(e.what()).find("ev-100.tif"), std::string::npos) << e.what();
}

TEST(IdtMakerErrors, UnknownEncoding) {
  const Error e = make_error(write_shoot(temp_dir("encoding"), sony_slog3("slog99")));
  EXPECT_EQ(e.location().element, "/encoding");
  EXPECT_NE(e.detail().find("slog99"), std::string::npos) << e.what();
}

TEST(IdtMakerErrors, UnknownIlluminant) {
  SimulatedShoot s = sony_slog3("slog3");
  s.illuminant = "F11";
  const Error e = make_error(write_shoot(temp_dir("illuminant"), s));
  EXPECT_EQ(e.location().element, "/illuminant");
}

TEST(IdtMakerErrors, UnusableFitSaysWhy) {
  // A dead blue channel (a sensor or debayer fault): neutral 5 reads zero in blue, so neither white
  // balance nor a matrix can be found; the result says why and carries no pipeline.
  SimulatedShoot s = sony_slog3("slog3");
  for (auto& v : s.linear) v[2] = 0.0;
  const IdtResult r = make(write_shoot(temp_dir("unusable"), s));
  EXPECT_FALSE(r.usable);
  EXPECT_NE(r.message.find("neutral 5"), std::string::npos) << r.message;
  EXPECT_TRUE(r.pipeline.steps.empty());
}
