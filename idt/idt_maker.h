// SPDX-License-Identifier: Apache-2.0
// From a capture (chart exposures on disk) to an Input Transform: read every image, locate the
// chart (given corners or automatic detection), sample the 24 patches, linearise the camera codes
// (a known transfer function, plain linear, or a curve fitted to the neutral patches across the
// exposures), white-balance and normalise exposure on neutral 5 as the Academy procedure does
// (P-2013-001; idt-calculator), fit the white-preserving 3x3 matrix to the reference ACES values of
// the chart under the scene illuminant, and assemble the IDT as a pipeline (curve, then matrix).
// A fitted curve is then refined jointly with the gains and the matrix on all exposures.
// Expected failures of the fit are reported in the result (usable = false, message), not thrown.
#pragma once

#include <Eigen/Core>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "color/chromaticity.h"
#include "idt/capture.h"
#include "idt/chart_detect.h"
#include "idt/chart_geometry.h"
#include "idt/fit_checks.h"
#include "idt/patch_sampling.h"
#include "image/image_io.h"
#include "pipeline/pipeline.h"
#include "solver/curve_fit.h"
#include "solver/matrix_fit.h"

namespace aceslab::idt {

struct IdtOptions {
  aces::Adaptation cat = aces::Adaptation::cat02;  // illuminant white -> ACES white for the reference
  bool cat_from_capture = true;  // an Academy project's "cat" overrides `cat` unless the caller set it
  solver::ErrorSpace error_space = solver::ErrorSpace::delta_E_2000;
  double huber_scale = 1.0;
  SamplingOptions sampling;
  // The fitted linearisation ("encoding": "fit"): LUT1D size, knots, smoothness (solver/curve_fit.h).
  solver::CurveFitOptions curve;
  // Exposures whose normalised samples (divided by 2^ev) are combined by median for the white
  // balance and the matrix fit; when none of them was shot, the one nearest 0. Empty (default):
  // every usable exposure, except for an Academy idt-calculator project, which keeps the
  // calculator's default "EV range" of -1, 0, +1 so that its results can be compared. With a known
  // encoding nothing else averages the sensor noise out: on simulated captures of six real sensors
  // (tests/idt/camera_sweep_test.cpp) the three exposures left the IDT up to 1.06x the best 3x3,
  // all seven 1.01x.
  std::vector<double> matrix_evs;
  // "encoding": "fit": after the two-stage fit (curve on the neutrals, then the matrix), refine the
  // curve, the channel gains and the matrix together on every usable exposure (solver/joint_fit.h).
  // false keeps the two-stage result.
  bool joint_refinement = true;
  // In that refinement, the weight of one stop of neutral-ramp error against one unit of colour
  // error (solver::JointFitOptions::error_units_per_stop).
  double joint_units_per_stop = 10.0;
  // Exposures needed for a fitted linearisation (each adds one point per neutral patch per stop).
  int min_fit_exposures = 3;
  // Read images on this many threads (0 = all cores).
  unsigned threads = 0;
  // Keep a copy of the image the chart was located in, with the sampling overlay drawn on it.
  bool keep_overlay = false;
  // Keep an IDT that fails the plausibility check (fit_checks.h) usable, with a warning.
  bool force_fit = false;
  DetectOptions detect;
  // Called after each image is read and sampled (done, total, file name). Must be thread-safe.
  std::function<void(std::size_t, std::size_t, const std::string&)> progress;
};

struct ExposureSamples {
  double ev = 0;
  std::vector<std::string> files;  // display names
  ChartSample sample;              // per-patch median over the exposure's frames, flags OR-ed
  bool usable = true;              // false when most patches are clipped
  bool used_for_matrix = false;
};

struct IdtResult {
  bool usable = false;
  std::string message;                 // why not usable; "" when usable
  std::vector<std::string> warnings;   // flagged patches, unusable exposures, ...

  std::string camera_name;
  std::string illuminant;              // description of the illuminant
  std::string encoding;                // "fit", "linear" or the transfer-function id
  aces::Adaptation cat = aces::Adaptation::cat02;
  solver::ErrorSpace error_space = solver::ErrorSpace::delta_E_2000;

  ChartHomography chart;               // where the chart was sampled
  bool chart_detected = false;         // true when found automatically (no corners given)
  std::optional<ChartDetection> detection;  // the detector's evidence, when found automatically
  std::optional<EncodingCheck> encoding_check;  // for a known encoding or "linear"
  PlausibilityCheck plausibility;      // of the final IDT
  std::optional<std::array<double, kChartPatches>> flat_field;  // relative illumination per patch
  bool forced = false;                 // implausible, kept usable by force_fit
  int image_width = 0, image_height = 0;
  std::vector<ExposureSamples> exposures;

  std::optional<solver::CurveFitResult> curve;  // for encoding "fit"
  bool joint_refined = false;          // curve, gains and matrix from the joint refinement
  // After linearisation, G = 1, and k. The Academy procedure sets both on neutral 5 (its reference
  // level and balance); after the joint refinement they are the gains that refinement found.
  Eigen::Vector3d white_balance = Eigen::Vector3d::Ones();
  double exposure_factor = 1.0;
  solver::MatrixFitResult fit;         // white-balanced linear -> ACES2065-1
  Eigen::Matrix3d clf_matrix = Eigen::Matrix3d::Identity();  // fit.matrix x k x diag(white_balance)

  std::array<Eigen::Vector3d, kChartPatches> reference_aces;  // chart under the illuminant
  std::array<Eigen::Vector3d, kChartPatches> camera_linear;   // normalised, before white balance
  std::array<Eigen::Vector3d, kChartPatches> fitted_aces;     // the IDT applied to camera_linear
  std::array<bool, kChartPatches> patch_used{};               // observation in the fit
  std::array<double, kChartPatches> delta_E_2000{};           // per patch (meaningless when unused)

  aces::Pipeline pipeline;             // code values -> ACES2065-1
  std::optional<aces::Image> overlay;  // with keep_overlay
};

// Throws aceslab::Error naming the file for unreadable images, images of different sizes, a chart
// that cannot be found, all patches clipped, too few usable exposures, an unknown encoding or
// illuminant. An unusable matrix or curve fit, or an implausible IDT (unless force_fit), is
// returned with usable = false and the reason.
IdtResult make_idt(const Capture& capture, const IdtOptions& options = {});

// CLF metadata lines (key, value) describing how the IDT was made, for the CLF Info block.
std::vector<std::pair<std::string, std::string>> idt_info(const IdtResult& result);

}  // namespace aceslab::idt
