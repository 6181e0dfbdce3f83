// SPDX-License-Identifier: Apache-2.0
#include "idt/spectral_idt.h"

#include <algorithm>
#include <mutex>

#include "color/data_dir.h"
#include "color/error.h"

namespace aceslab::idt {

namespace {

// Values of `s` at the given wavelengths.
std::vector<double> sample(const Spectrum& s, const std::vector<double>& wavelengths, Interpolation method) {
  const bool uniform = wavelengths.size() > 1;
  std::vector<double> out;
  out.reserve(wavelengths.size());
  if (uniform) {
    const WavelengthGrid grid{wavelengths.front(), wavelengths.back(), wavelengths[1] - wavelengths[0]};
    if (grid.size() == static_cast<int>(wavelengths.size())) return resample(s, grid, method).values;
  }
  for (double nm : wavelengths) out.push_back(s.value_at(nm));
  return out;
}

double dot3(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c) {
  double sum = 0.0;
  for (size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i] * c[i];
  return sum;
}

}  // namespace

const std::vector<Spectrum>& rawtoaces_training_set() {
  static std::once_flag flag;
  static std::vector<Spectrum> data;
  std::call_once(flag, [] { data = read_spectral_csv(data_file("colour/rawtoaces_training_190_patches_380-780-5.csv")); });
  return data;
}

SpectralIdtResult spectral_idt(const CameraSensitivities& camera, const Spectrum& illuminant,
                               const SpectralIdtOptions& options) {
  const auto& wl = camera.rgb[0].wavelengths;
  const std::string who = camera.manufacturer + " " + camera.model;
  if (wl.size() < 2) throw Error(ErrorKind::invalid_input, "camera sensitivities of " + who + " are empty");
  for (const auto& ch : camera.rgb) {
    if (ch.wavelengths != wl) {
      throw Error(ErrorKind::invalid_input, "camera sensitivities of " + who + ": channels sampled at different wavelengths");
    }
  }
  if (illuminant.empty()) throw Error(ErrorKind::invalid_input, "the illuminant SPD is empty");

  // Everything on the camera's grid (the rawtoaces method works at the data's own 5 nm sampling).
  const std::vector<double> I_raw = sample(illuminant, wl, Interpolation::linear);
  std::array<std::vector<double>, 3> S;
  for (int c = 0; c < 3; ++c) S[size_t(c)] = camera.rgb[size_t(c)].values;
  const auto& cmf_source = options.cmfs.empty() ? std::vector<Spectrum>(cie1931_2deg_cmfs().begin(), cie1931_2deg_cmfs().end())
                                                : options.cmfs;
  if (cmf_source.size() != 3) throw Error(ErrorKind::usage, "cmfs must hold 3 spectra (x, y, z)");
  std::array<std::vector<double>, 3> cmf;
  for (int c = 0; c < 3; ++c) cmf[size_t(c)] = sample(cmf_source[size_t(c)], wl, Interpolation::linear);
  const std::vector<Spectrum>& training = options.training.empty() ? rawtoaces_training_set() : options.training;
  if (training.empty()) throw Error(ErrorKind::usage, "no training reflectances");

  // Normalise the illuminant so that the most sensitive channel (largest peak) integrates to 1
  // against it (rawtoaces scale_illuminant / colour normalise_illuminant).
  int max_channel = 0;
  double max_peak = -1.0;
  for (int c = 0; c < 3; ++c) {
    const double peak = *std::max_element(S[size_t(c)].begin(), S[size_t(c)].end());
    if (peak > max_peak) max_peak = peak, max_channel = c;
  }
  const std::vector<double> ones(wl.size(), 1.0);
  const double scale_sum = dot3(S[size_t(max_channel)], I_raw, ones);
  if (!(scale_sum > 0.0)) {
    throw Error(ErrorKind::invalid_input, "the illuminant \"" + illuminant.name + "\" has no power where " + who + " is sensitive");
  }
  std::vector<double> I(I_raw);
  for (double& v : I) v /= scale_sum;

  // White balance from the illuminant: the multipliers that make a perfect reflector neutral, G = 1.
  Eigen::Vector3d response;
  for (int c = 0; c < 3; ++c) response[c] = dot3(S[size_t(c)], I, ones);
  if (!(response.minCoeff() > 0.0)) {
    throw Error(ErrorKind::invalid_input, "a channel of " + who + " has no response under \"" + illuminant.name + "\"");
  }
  SpectralIdtResult result;
  result.white_balance = Eigen::Vector3d(response[1] / response[0], 1.0, response[1] / response[2]);
  result.white_level = response[1];
  result.exposure = options.white_at_unity ? 1.0 / response[1] : 1.0;

  // Reference: XYZ of each reflectance under the illuminant (white Y = 1), adapted from the
  // illuminant's white to the ACES white, in ACES2065-1.
  const double y_norm = dot3(cmf[1], I, ones);
  const Eigen::Vector3d white_XYZ(dot3(cmf[0], I, ones) / y_norm, 1.0, dot3(cmf[2], I, ones) / y_norm);
  const Eigen::Matrix3d cat =
      aces::adaptation_matrix(white_XYZ, aces::xy_to_XYZ(aces::primaries::kWhiteACES), options.cat);
  const Eigen::Matrix3d XYZ_to_aces = aces::XYZ_to_rgb_matrix(aces::primaries::kAP0);

  std::vector<solver::Observation> obs;
  obs.reserve(training.size());
  for (const auto& reflectance : training) {
    const std::vector<double> R = sample(reflectance, wl, Interpolation::sprague);
    Eigen::Vector3d rgb, XYZ;
    for (int c = 0; c < 3; ++c) {
      rgb[c] = dot3(R, I, S[size_t(c)]) * result.white_balance[c] * result.exposure;
      XYZ[c] = dot3(R, I, cmf[size_t(c)]) / y_norm;
    }
    obs.push_back({rgb, XYZ_to_aces * (cat * XYZ), 1.0, reflectance.name});
  }

  solver::MatrixFitOptions fit;
  fit.space = options.space;
  fit.huber_scale = options.huber_scale;
  fit.preserve_white = true;
  fit.lab_white_XYZ = aces::xy_to_XYZ(aces::primaries::kWhiteACES);
  result.fit = solver::fit_idt_matrix(obs, fit);
  if (!result.fit.usable) {
    throw Error(ErrorKind::invalid_input, "spectral IDT for " + who + ": " + result.fit.message);
  }
  result.matrix = result.fit.matrix;
  return result;
}

}  // namespace aceslab::idt
