// SPDX-License-Identifier: Apache-2.0
// Recovers a camera's linearisation (code value -> scene-linear) from the neutral patches of a chart
// shot at several exposures, without knowing the encoding. The exposures differ by known factors
// 2^ev, so the reference linear value of every (patch, exposure) pair is known up to the camera's
// per-channel gain; the fit finds one smooth, strictly increasing curve shared by the channels
// (the camera encodes R, G and B with the same transfer function) plus a gain per channel (the
// camera need not be white-balanced: a neutral need not read R = G = B).
//
// Model (`u` = code value): channel c reads linear L(u) x 2^b_c with b_G = 0, where L(u_0) > 0 and
// L'(u) = exp(q(u)), q piecewise linear on knots placed at quantiles of the observed codes: L is
// C1 and strictly increasing. The residuals are in stops (log2), so every exposure counts alike.
// A smoothness penalty on the bend of q is zero for a pure log encoding and for a linear toe. Its
// weight grows with the measured noise of the samples (NeutralSeries::code_sigma), as a penalised
// fit's should (weight ~ noise variance / expected bend variance): with 24 knots and the base weight
// alone, the curve follows the sensor noise of the patch readings into wiggles of a few thousandths
// of a stop, and every colour patch pays for them (most in the joint refinement, solver/joint_fit.h,
// where the colour patches of seven exposures pull on it). Noise-free data keep the base weight.
// The result carries the model itself, which solver/joint_fit.h refines together with the matrix.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

namespace aceslab::solver {

struct NeutralSeries {             // one exposure: camera code values of the 6 neutral patches and
  double ev = 0;                   // their reference relative linear exposure (reflectance x 2^ev)
  std::vector<Eigen::Vector3d> camera_codes;  // 6 entries (white..black), per channel, not white-balanced
  std::vector<double> reference_linear;       // 6 entries
  // Optional, 6 entries: per-channel reference (a real chart's neutrals are not exactly neutral: its
  // black reads ~4 % bluer than its white in ACES). When given it replaces reference_linear.
  std::vector<Eigen::Vector3d> reference_linear_rgb;
  // Optional, 6 entries: the standard error of each camera code value, in code units (for a patch
  // median over n pixels of robust standard deviation s, sqrt(pi / 2) x s / sqrt(n)). Sets the
  // smoothness (CurveFitOptions::noise_smoothness); empty or 0: taken as noise-free.
  std::vector<Eigen::Vector3d> code_sigma;
};

struct CurveFitOptions {
  int lut_size = 4096;
  // The weight of the penalty on bends of q = ln L' (see above) is smoothness + noise_smoothness x
  // sigma^2, sigma the median standard error of the samples in stops (NeutralSeries::code_sigma
  // through the curve's slope; 0 without them). `smoothness` alone keeps noise-free data within
  // 0.01 stop of smooth encodings (tests/solver/curve_fit_test.cpp). noise_smoothness was measured
  // once on the simulated captures of all 42 cameras (tests/idt/camera_sweep_test.cpp, where the
  // patch medians carry ~0.005 stop of noise): the IDT's worst ratio to the best 3x3 is 1.070 with
  // 0, 1.035 with 3e3, 1.011 with 1e4, 1.004 with 3e4, 1.002 with 1e5 (a plateau; 3e4 sits in it),
  // and unchanged (1.003) on noise-free captures of the same cameras.
  double smoothness = 1e-4;
  double noise_smoothness = 3e4;
  int knots = 24;                  // knots of s' over the observed code range
  double clip_code = 0.995;        // codes at or above this (clipped highlights) are not used
  double floor_code = 1e-4;        // codes at or below this (crushed blacks) are not used
};

// The fitted model itself (see the file comment), so that a later refinement can start from it
// (solver/joint_fit.h): channel c reads L(u) x 2^log2_gain[c] = its reference linear value.
struct CurveModel {
  std::vector<double> knots;       // u_0 < ... < u_{K-1}
  std::vector<double> parameters;  // [ln L(u_0), q_0 .. q_{K-1}] with q = ln L'
  Eigen::Vector3d log2_gain = Eigen::Vector3d::Zero();  // G = 0
};

struct CurveFitResult {
  bool usable = false;
  std::string message;
  std::vector<float> lut;          // lut_size x 3 (interleaved RGB): code value in [0,1] -> linear, per channel,
                                   // monotonic, white-balanced so neutral 5 at EV 0 reads equal in R,G,B
  Eigen::Vector3d white_balance = Eigen::Vector3d::Ones();  // per-channel gains folded into the LUT (G = 1)
  double rms_log_error = 0;        // fit residual in stops
  double max_log_error = 0;        // worst observation, in stops
  int observations_used = 0;
  double code_min = 0, code_max = 1;  // range of code values the data covered (outside: extrapolated)
  double noise_stops = 0;          // median standard error of the samples, in stops (0: none given)
  double smoothness = 0;           // the penalty weight used: smoothness + noise_smoothness x noise_stops^2
  std::string solver_summary;
  CurveModel model;
};

// Needs at least 2 exposures with usable codes; never throws for bad data (the result says why).
CurveFitResult fit_linearisation(const std::vector<NeutralSeries>& series, const CurveFitOptions& opts = {});

// Linear value of `code` through one channel of a fitted LUT (linear interpolation between entries,
// clamped to [0,1]); what a Lut1D step would compute.
double apply_lut_channel(const CurveFitResult& fit, double code, int channel);

}  // namespace aceslab::solver
