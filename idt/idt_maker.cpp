// SPDX-License-Identifier: Apache-2.0
#include "idt/idt_maker.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <numbers>
#include <sstream>
#include <thread>

#include "color/error.h"
#include "color/transfer_function.h"
#include "idt/chart_detect.h"
#include "idt/chart_reference.h"
#include "idt/chart_region.h"
#include "idt/flat_field.h"
#include "idt/spectral.h"
#include "solver/joint_fit.h"

namespace aceslab::idt {
namespace fs = std::filesystem;

namespace {

// Index of neutral 5 (0.70 density), the patch the Academy procedure white-balances and normalises
// exposure on (P-2013-001; idt-calculator `optimise`: training_data[21]).
constexpr int kNeutral5 = 21;
// An exposure with more clipped patches than this is not used at all.
constexpr int kMaxClippedPatches = kChartPatches / 2;
// EVs of the manifest and of IdtOptions::matrix_evs match to 1/1000 stop.
constexpr double kEvMatch = 1e-3;

std::string join(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out.append(sep);
    out.append(p);
  }
  return out;
}

std::string format_ev(double ev) {
  std::ostringstream s;
  s << (ev > 0 ? "+" : "") << ev;
  return s.str();
}

aces::Adaptation capture_cat(const Capture& capture, const IdtOptions& options) {
  if (!options.cat_from_capture || capture.cat.empty()) return options.cat;
  std::string id = capture.cat;
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
  try {
    return aces::parse_adaptation(id);
  } catch (const Error& e) {
    throw Error(ErrorKind::invalid_input, e.detail(), Location(capture.manifest_path.string(), 0, "/header/cat"));
  }
}

// One warning per flag of an exposure, naming its patches: "EV +2: clipped: 19 white 9.5, 20 neutral 8".
void flag_warnings(const ExposureSamples& x, std::vector<std::string>& warnings) {
  const std::pair<unsigned, const char*> kinds[] = {{kPatchClipped, "clipped (left out)"},
                                                    {kPatchNoisy, "noisy"},
                                                    {kPatchNonUniform, "non-uniform"},
                                                    {kPatchOutside, "partly outside the image"}};
  for (const auto& [flag, what] : kinds) {
    std::vector<std::string> names;
    for (int p = 0; p < kChartPatches; ++p) {
      if (x.sample.patches[p].flags & flag) names.push_back(std::to_string(p + 1) + " " + kColorCheckerPatchNames[p]);
    }
    if (!names.empty()) warnings.push_back("EV " + format_ev(x.ev) + ": " + what + ": " + join(names));
  }
}

struct Job {
  std::size_t exposure;
  std::size_t frame;
};

// Median per channel of a few values (the frames of one exposure, or the exposures of the fit).
Eigen::Vector3d median3(std::vector<Eigen::Vector3d> values) {
  Eigen::Vector3d out;
  for (int c = 0; c < 3; ++c) {
    std::vector<double> v;
    for (const auto& x : values) v.push_back(x[c]);
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    out[c] = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }
  return out;
}

// Standard error of a patch's per-channel median (over all its frames' pixels) from the robust
// spread of its pixels: sqrt(pi / 2) x sigma / sqrt(n) for normal noise. It sets how smooth a
// fitted curve must be (solver::CurveFitOptions::noise_smoothness).
Eigen::Vector3d median_standard_error(const PatchSample& p) {
  if (p.pixel_count <= 0) return Eigen::Vector3d::Zero();
  return p.spread * (std::sqrt(std::numbers::pi / 2.0) / std::sqrt(static_cast<double>(p.pixel_count)));
}

// Decoded, EV-normalised samples of the matrix exposures, median per patch (clipped ones left out).
void decode_for_matrix(IdtResult& result, const std::vector<std::size_t>& matrix_exposures,
                       const std::function<double(double, int)>& linearise) {
  for (int p = 0; p < kChartPatches; ++p) {
    std::vector<Eigen::Vector3d> values;
    for (std::size_t e : matrix_exposures) {
      const ExposureSamples& x = result.exposures[e];
      const PatchSample& ps = x.sample.patches[p];
      if (ps.flags & kPatchClipped) continue;
      Eigen::Vector3d lin;
      for (int c = 0; c < 3; ++c) lin[c] = linearise(ps.value[c], c) / std::exp2(x.ev);
      values.push_back(lin);
    }
    result.patch_used[p] = !values.empty();
    result.camera_linear[p] = values.empty() ? Eigen::Vector3d::Zero() : median3(values);
  }
}

std::vector<solver::Observation> matrix_observations(const IdtResult& result, std::vector<int>& patches) {
  std::vector<solver::Observation> obs;
  patches.clear();
  for (int p = 0; p < kChartPatches; ++p) {
    if (!result.patch_used[p]) continue;
    solver::Observation o;
    o.camera = result.camera_linear[p].cwiseProduct(result.white_balance) * result.exposure_factor;
    o.reference_aces = result.reference_aces[p];
    o.label = kColorCheckerPatchNames[p];
    obs.push_back(o);
    patches.push_back(p);
  }
  return obs;
}

void record_delta_E(IdtResult& result, const std::vector<int>& patches) {
  result.delta_E_2000 = {};
  for (std::size_t i = 0; i < patches.size() && i < result.fit.delta_E_2000.size(); ++i) {
    result.delta_E_2000[patches[i]] = result.fit.delta_E_2000[i];
  }
}

// The Academy procedure on decoded samples: white balance and exposure on neutral 5, then the matrix.
// False (with result.message) when it cannot be done.
bool fit_matrix_stage(IdtResult& result, const IdtOptions& options) {
  // A channel of neutral 5 more than ~10 stops below the others is a dead or missing channel,
  // not a white balance.
  constexpr double kMaxChannelRatio = 1e-3;
  const Eigen::Vector3d& n5 = result.camera_linear[kNeutral5];
  if (!result.patch_used[kNeutral5] || !(n5.minCoeff() > kMaxChannelRatio * n5.maxCoeff())) {
    result.message = "neutral 5 (patch 22) is clipped or reads zero in a channel in the exposures used for the "
                     "matrix; white balance and exposure cannot be set";
    return false;
  }
  result.white_balance = result.reference_aces[kNeutral5].cwiseQuotient(result.camera_linear[kNeutral5]);
  result.white_balance /= result.white_balance[1];
  result.exposure_factor =
      result.reference_aces[kNeutral5].mean() / result.camera_linear[kNeutral5].cwiseProduct(result.white_balance).mean();

  std::vector<int> patches;
  const std::vector<solver::Observation> obs = matrix_observations(result, patches);
  solver::MatrixFitOptions mopts;
  mopts.space = options.error_space;
  mopts.huber_scale = options.huber_scale;
  result.fit = solver::fit_idt_matrix(obs, mopts);
  if (!result.fit.usable) {
    result.message = "the matrix could not be fitted: " + result.fit.message;
    return false;
  }
  record_delta_E(result, patches);
  return true;
}

// Second stage of "encoding": "fit" (solver/joint_fit.h): curve, channel gains and matrix refined
// together on every unclipped patch of every usable exposure, then the matrix fitted once more on
// the median-combined matrix exposures decoded by the refined curve, so that the matrix reported is
// the best 3x3 for the observations reported. Kept only when it does not make those worse than the
// two-stage result; otherwise a warning says why it was not used.
void refine_jointly(IdtResult& result, const IdtOptions& options, const std::vector<std::size_t>& usable,
                    const std::vector<std::size_t>& matrix_exposures, const std::vector<solver::NeutralSeries>& neutrals,
                    const Eigen::Vector3d& neutral5_codes) {
  std::vector<solver::ChartObservation> chart;
  for (std::size_t e : usable) {
    const ExposureSamples& x = result.exposures[e];
    for (int p = 0; p < kChartPatches; ++p) {
      const PatchSample& ps = x.sample.patches[p];
      if (ps.flags & kPatchClipped) continue;
      solver::ChartObservation o;
      o.codes = ps.value;
      o.ev = x.ev;
      o.reference_aces = result.reference_aces[p];
      o.label = kColorCheckerPatchNames[p];
      chart.push_back(o);
    }
  }
  // The two-stage decode of a channel: raw curve x the LUT's balance x white balance x exposure.
  const Eigen::Vector3d start_gain = result.curve->white_balance.cwiseProduct(result.white_balance) * result.exposure_factor;
  solver::JointFitOptions jopts;
  jopts.matrix.space = options.error_space;
  jopts.matrix.huber_scale = options.huber_scale;
  jopts.curve = options.curve;
  jopts.error_units_per_stop = options.joint_units_per_stop;
  const solver::JointFitResult joint =
      solver::refine_curve_and_matrix(*result.curve, start_gain, result.fit.matrix, neutrals, chart, neutral5_codes, jopts);
  if (!joint.usable) {
    result.warnings.push_back("joint refinement of curve and matrix not used: " + joint.message);
    return;
  }

  // What the refinement changes, kept to restore the two-stage result if it is not better.
  const solver::CurveFitResult two_stage_curve = *result.curve;
  const auto two_stage_linear = result.camera_linear;
  const auto two_stage_used = result.patch_used;
  const Eigen::Vector3d two_stage_balance = result.white_balance;
  const double two_stage_exposure = result.exposure_factor;
  solver::MatrixFitResult two_stage_fit = result.fit;
  const auto two_stage_delta_E = result.delta_E_2000;

  *result.curve = joint.curve;
  const solver::CurveFitResult& curve = *result.curve;
  decode_for_matrix(result, matrix_exposures, [&curve](double code, int c) { return solver::apply_lut_channel(curve, code, c); });
  result.exposure_factor = joint.channel_gain[1];
  result.white_balance = joint.channel_gain / joint.channel_gain[1];
  std::vector<int> patches;
  const std::vector<solver::Observation> obs = matrix_observations(result, patches);
  solver::MatrixFitOptions mopts;
  mopts.space = options.error_space;
  mopts.huber_scale = options.huber_scale;
  mopts.initial = joint.matrix;
  mopts.restarts = 0;  // the joint solution is the start; restarts were spent in the first stage
  solver::MatrixFitResult fit = solver::fit_idt_matrix(obs, mopts);
  std::string rejected;
  if (!fit.usable) {
    rejected = fit.message;
  } else if (fit.mean_delta_E_2000 > two_stage_fit.mean_delta_E_2000) {
    std::ostringstream msg;
    msg << "mean delta E 2000 " << fit.mean_delta_E_2000 << " on the matrix exposures, two-stage fit "
        << two_stage_fit.mean_delta_E_2000;
    rejected = msg.str();
  }
  if (!rejected.empty()) {
    *result.curve = two_stage_curve;
    result.camera_linear = two_stage_linear;
    result.patch_used = two_stage_used;
    result.white_balance = two_stage_balance;
    result.exposure_factor = two_stage_exposure;
    result.fit = std::move(two_stage_fit);
    result.delta_E_2000 = two_stage_delta_E;
    result.warnings.push_back("joint refinement of curve and matrix not used: " + rejected);
    return;
  }
  fit.solver_summary = "joint: " + joint.solver_summary + "; matrix: " + fit.solver_summary;
  result.fit = std::move(fit);
  record_delta_E(result, patches);
  result.joint_refined = true;
}

// Inverse of one channel of a fitted LUT (increasing): the code whose linear value is `lin`.
double lut_code(const solver::CurveFitResult& curve, double lin, int c) {
  const std::size_t n = curve.lut.size() / 3;
  std::size_t lo = 0, hi = n - 1;
  if (lin <= curve.lut[c]) return 0.0;
  if (lin >= curve.lut[3 * hi + c]) return 1.0;
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    (curve.lut[3 * mid + c] < lin ? lo : hi) = mid;
  }
  const double a = curve.lut[3 * lo + c], b = curve.lut[3 * hi + c];
  return (lo + (lin - a) / (b - a)) / static_cast<double>(n - 1);
}

// Flat-field correction (idt/flat_field.h) of every exposure's samples, through the encoding, or
// for "fit" through a first curve fitted on the uncorrected neutral ramps (falloff across a chart
// is a fraction of a stop, so that curve is right where the corrections are made).
void apply_flat_field(IdtResult& result, const Capture& capture, const IdtOptions& options,
                      const aces::TransferFunction* transfer, const std::vector<solver::NeutralSeries>& ramps) {
  const FrameRef& ref = *capture.flat_field;
  const FileChartSample flat = sample_chart_file(ref.path, ref.frame, result.chart, options.sampling);
  if (flat.frame_width != result.image_width || flat.frame_height != result.image_height) {
    throw Error(ErrorKind::invalid_input, "flat field is framed differently from the chart shots", Location(ref.path.string()));
  }
  Linearise decode = [](double code, int) { return code; }, encode = decode;
  std::optional<solver::CurveFitResult> first;
  if (capture.encoding == "fit") {
    first = solver::fit_linearisation(ramps, options.curve);
    if (!first->usable) return;  // the main fit will say why
    const solver::CurveFitResult& curve = *first;
    decode = [&curve](double code, int c) { return solver::apply_lut_channel(curve, code, c); };
    encode = [&curve](double lin, int c) { return lut_code(curve, lin, c); };
  } else if (transfer) {
    decode = [transfer](double code, int) { return transfer->to_linear(code); };
    encode = [transfer](double lin, int) { return transfer->to_code(lin); };
  }
  result.flat_field = relative_illumination(flat.sample, decode, ref.path.string());
  for (auto& x : result.exposures) correct_illumination(x.sample, *result.flat_field, decode, encode);
}

}  // namespace

IdtResult make_idt(const Capture& capture, const IdtOptions& options) {
  IdtResult result;
  result.camera_name = capture.camera_name();
  result.encoding = capture.encoding;
  result.error_space = options.error_space;
  result.cat = capture_cat(capture, options);
  const std::string manifest = capture.manifest_path.string();
  if (capture.exposures.empty()) throw Error(ErrorKind::invalid_input, "no exposures", Location(manifest));

  // The scene: illuminant and the chart's reference values under it.
  const fs::path base = fs::is_directory(capture.manifest_path) ? capture.manifest_path : capture.manifest_path.parent_path();
  const IlluminantSpec illuminant = IlluminantSpec::from_json(capture.illuminant, Location(manifest, 0, capture.illuminant_element));
  result.illuminant = illuminant.describe();
  const Spectrum spd = illuminant_spd(illuminant, base);
  result.reference_aces = colorchecker_reference_aces(spd, result.cat);

  // The encoding, checked before any image is read.
  const aces::TransferFunction* transfer = nullptr;
  if (capture.encoding != "fit" && capture.encoding != "linear") {
    try {
      transfer = &aces::find_transfer_function(capture.encoding);
    } catch (const Error& e) {
      throw Error(ErrorKind::invalid_input, e.detail(), Location(manifest, 0, "/encoding"));
    }
  }

  // Locate the chart in the exposure nearest EV 0 (best exposed), then read everything else.
  std::size_t anchor = 0;
  for (std::size_t i = 1; i < capture.exposures.size(); ++i) {
    if (std::abs(capture.exposures[i].ev) < std::abs(capture.exposures[anchor].ev)) anchor = i;
  }
  const FrameRef& anchor_ref = capture.exposures[anchor].frames.front();
  const bool need_anchor_image = !capture.chart.corners || options.keep_overlay;
  aces::Image anchor_image;
  if (need_anchor_image) {
    anchor_image = aces::read_image(anchor_ref.path, anchor_ref.frame);
    result.image_width = anchor_image.width;
    result.image_height = anchor_image.height;
  } else {
    const aces::ImageReader header(anchor_ref.path, anchor_ref.frame);
    result.image_width = header.width();
    result.image_height = header.height();
  }
  if (capture.chart.corners) {
    try {
      result.chart = ChartHomography::from_corners(*capture.chart.corners);
    } catch (const Error& e) {
      throw Error(ErrorKind::invalid_input, e.detail(), Location(manifest, 0, "/chart/corners"));
    }
  } else {
    result.detection = detect_chart(anchor_image, anchor_ref.path.string(), options.detect);
    result.chart = result.detection->chart;
    result.chart_detected = true;
  }

  std::vector<Job> jobs;
  std::vector<std::vector<ChartSample>> samples(capture.exposures.size());
  for (std::size_t e = 0; e < capture.exposures.size(); ++e) {
    samples[e].resize(capture.exposures[e].frames.size());
    for (std::size_t f = 0; f < capture.exposures[e].frames.size(); ++f) jobs.push_back({e, f});
  }
  std::vector<std::exception_ptr> errors(jobs.size());
  std::atomic<std::size_t> next{0}, done{0};
  auto work = [&] {
    for (std::size_t j = next++; j < jobs.size(); j = next++) {
      const Job& job = jobs[j];
      const FrameRef& ref = capture.exposures[job.exposure].frames[job.frame];
      try {
        const bool is_anchor = need_anchor_image && job.exposure == anchor && job.frame == 0;
        if (is_anchor) {
          samples[job.exposure][job.frame] = sample_chart(anchor_image, result.chart, options.sampling, ref.path.string());
        } else {
          // Only the rows of the sampled squares are decoded (chart_region.h).
          FileChartSample sample = sample_chart_file(ref.path, ref.frame, result.chart, options.sampling);
          if (sample.frame_width != result.image_width || sample.frame_height != result.image_height) {
            std::ostringstream msg;
            msg << "image is " << sample.frame_width << "x" << sample.frame_height << " but "
                << anchor_ref.display_name() << " is " << result.image_width << "x" << result.image_height
                << " (all exposures must be framed alike)";
            throw Error(ErrorKind::invalid_input, msg.str(), Location(ref.path.string()));
          }
          samples[job.exposure][job.frame] = std::move(sample.sample);
        }
      } catch (...) {
        errors[j] = std::current_exception();
      }
      const std::size_t d = ++done;
      if (options.progress) options.progress(d, jobs.size(), ref.display_name());
    }
  };
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, jobs.size()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }

  if (options.keep_overlay) {
    draw_overlay(anchor_image, result.chart, samples[anchor][0]);
    result.overlay = std::move(anchor_image);
  } else {
    anchor_image = {};
  }

  // One sample per exposure: median over its frames.
  for (std::size_t e = 0; e < capture.exposures.size(); ++e) {
    ExposureSamples x;
    x.ev = capture.exposures[e].ev;
    for (const auto& f : capture.exposures[e].frames) x.files.push_back(f.display_name());
    for (int p = 0; p < kChartPatches; ++p) {
      std::vector<Eigen::Vector3d> values;
      PatchSample& out = x.sample.patches[p];
      for (const ChartSample& s : samples[e]) {
        values.push_back(s.patches[p].value);
        out.flags |= s.patches[p].flags;
        out.pixel_count += s.patches[p].pixel_count;
      }
      out.value = median3(values);
      out.spread = samples[e].front().patches[p].spread;
      out.region = samples[e].front().patches[p].region;
    }
    const int clipped = x.sample.flagged_count(kPatchClipped);
    if (clipped > kMaxClippedPatches) {
      x.usable = false;
      result.warnings.push_back("EV " + format_ev(x.ev) + " (" + join(x.files) + "): " + std::to_string(clipped) +
                                " of 24 patches clipped, exposure not used");
    } else {
      flag_warnings(x, result.warnings);
    }
    result.exposures.push_back(std::move(x));
  }

  std::vector<std::size_t> usable;
  for (std::size_t e = 0; e < result.exposures.size(); ++e) {
    if (result.exposures[e].usable) usable.push_back(e);
  }
  if (usable.empty()) {
    bool all_clipped = true;
    std::vector<std::string> files;
    for (const auto& x : result.exposures) {
      all_clipped = all_clipped && x.sample.flagged_count(kPatchClipped) == kChartPatches;
      for (const auto& f : x.files) files.push_back(f);
    }
    throw Error(ErrorKind::invalid_input,
                std::string(all_clipped ? "all patches are clipped in every image" : "most patches are clipped in every image") +
                    " (" + join(files) + "): reduce the exposure",
                Location(manifest));
  }
  const std::size_t needed = capture.encoding == "fit" ? static_cast<std::size_t>(std::max(2, options.min_fit_exposures)) : 1;
  if (usable.size() < needed) {
    throw Error(ErrorKind::invalid_input,
                "too few usable exposures: " + std::to_string(usable.size()) + " of " +
                    std::to_string(result.exposures.size()) + " (\"encoding\": \"fit\" needs " + std::to_string(needed) +
                    " exposures without clipping, at different EVs)",
                Location(manifest, 0, "/exposures"));
  }

  // The neutral ramp of every usable exposure, for a fitted linearisation.
  auto neutral_ramps = [&] {
    std::vector<solver::NeutralSeries> series;
    for (std::size_t e : usable) {
      const ExposureSamples& x = result.exposures[e];
      solver::NeutralSeries s;
      s.ev = x.ev;
      for (int i = 0; i < 6; ++i) {
        const PatchSample& p = x.sample.patches[kColorCheckerFirstNeutral + i];
        // A clipped neutral is handed over at full code, which the curve fit leaves out.
        s.camera_codes.push_back((p.flags & kPatchClipped) ? Eigen::Vector3d::Ones() : p.value);
        // The reference includes the procedure's flare model, as the reference the matrix is
        // fitted to does, so curve and matrix agree on the neutrals.
        s.reference_linear.push_back(result.reference_aces[kColorCheckerFirstNeutral + i].mean() * std::exp2(x.ev));
        s.reference_linear_rgb.push_back(result.reference_aces[kColorCheckerFirstNeutral + i] * std::exp2(x.ev));
        s.code_sigma.push_back(median_standard_error(p));
      }
      series.push_back(std::move(s));
    }
    return series;
  };

  if (capture.flat_field) apply_flat_field(result, capture, options, transfer, neutral_ramps());

  // Linearisation: code value -> relative linear exposure, per channel.
  std::function<double(double, int)> linearise;
  std::vector<solver::NeutralSeries> neutral_series;
  Eigen::Vector3d neutral5_codes = Eigen::Vector3d::Ones();
  if (capture.encoding == "fit") {
    std::vector<solver::NeutralSeries>& series = neutral_series;
    series = neutral_ramps();
    const solver::NeutralSeries* nearest = &series.front();
    for (const auto& s : series) {
      if (std::abs(s.ev) < std::abs(nearest->ev)) nearest = &s;
    }
    neutral5_codes = nearest->camera_codes[3];
    result.curve = solver::fit_linearisation(series, options.curve);
    if (!result.curve->usable) {
      result.message = "the linearisation could not be fitted: " + result.curve->message;
      return result;
    }
    const solver::CurveFitResult& curve = *result.curve;
    linearise = [&curve](double code, int c) { return solver::apply_lut_channel(curve, code, c); };
  } else if (transfer) {
    linearise = [transfer](double code, int) { return transfer->to_linear(code); };
  } else {
    linearise = [](double code, int) { return code; };
  }

  // Exposures for the matrix, normalised to EV 0 and combined by median.
  std::vector<std::size_t> matrix_exposures;
  for (std::size_t e : usable) {
    static const std::vector<double> kAcademyRange = {-1.0, 0.0, 1.0};
    const std::vector<double>& evs = !options.matrix_evs.empty() ? options.matrix_evs : kAcademyRange;
    if (options.matrix_evs.empty() && !capture.academy_layout) {
      matrix_exposures.push_back(e);
      continue;
    }
    for (double ev : evs) {
      if (std::abs(result.exposures[e].ev - ev) < kEvMatch) matrix_exposures.push_back(e);
    }
  }
  if (matrix_exposures.empty()) {
    std::size_t best = usable.front();
    for (std::size_t e : usable) {
      if (std::abs(result.exposures[e].ev) < std::abs(result.exposures[best].ev)) best = e;
    }
    matrix_exposures.push_back(best);
  }
  for (std::size_t e : matrix_exposures) result.exposures[e].used_for_matrix = true;
  decode_for_matrix(result, matrix_exposures, linearise);
  if (!fit_matrix_stage(result, options)) return result;

  if (result.curve && options.joint_refinement) {
    refine_jointly(result, options, usable, matrix_exposures, neutral_series, neutral5_codes);
  }

  result.clf_matrix = result.fit.matrix * result.exposure_factor * result.white_balance.asDiagonal();
  for (int p = 0; p < kChartPatches; ++p) result.fitted_aces[p] = result.clf_matrix * result.camera_linear[p];

  // The encoding against the neutral ramp, then the whole IDT against what a ColorChecker allows.
  if (capture.encoding != "fit") {
    std::vector<NeutralPoint> neutrals;
    for (std::size_t e : usable) {
      for (int i = 0; i < 6; ++i) {
        const int p = kColorCheckerFirstNeutral + i;
        const PatchSample& ps = result.exposures[e].sample.patches[p];
        if (!(ps.flags & kPatchClipped)) neutrals.push_back({ps.value, result.reference_aces[p].mean() * std::exp2(result.exposures[e].ev)});
      }
    }
    std::vector<double> evs;
    for (std::size_t e : usable) evs.push_back(result.exposures[e].ev);
    std::sort(evs.begin(), evs.end());
    const int distinct_evs = static_cast<int>(std::unique(evs.begin(), evs.end()) - evs.begin());
    result.encoding_check = check_encoding(neutrals, capture.encoding, options.sampling.clip_level, distinct_evs);
    if (result.encoding_check->flagged) result.warnings.push_back("encoding: " + result.encoding_check->message);
  }
  result.plausibility = check_plausibility(result.fitted_aces, result.reference_aces, result.patch_used,
                                           result.fit.mean_delta_E_2000,
                                           result.encoding_check ? &*result.encoding_check : nullptr);

  aces::Pipeline& pipe = result.pipeline;
  pipe.name = result.camera_name + " to ACES2065-1";
  pipe.input_descriptor = result.camera_name + (capture.encoding == "fit" ? " (fitted linearisation)" : " (" + capture.encoding + ")");
  pipe.output_descriptor = "ACES2065-1";
  pipe.description = "Input Transform from a ColorChecker 24 shot under " + result.illuminant + ", made by aceslab idt";
  if (result.curve) {
    pipe.append(aces::Lut1DStep{result.curve->lut, false});
  } else if (transfer && !transfer->is_identity()) {
    pipe.append(aces::TransferStep{transfer, aces::Direction::forward});
  }
  pipe.append(aces::MatrixStep{result.clf_matrix, aces::Vec3::Zero()});
  result.usable = true;
  if (!result.plausibility.plausible) {
    if (options.force_fit) {
      result.forced = true;
      result.warnings.push_back(result.plausibility.message + " (kept: --force-fit)");
    } else {
      result.usable = false;
      result.message = result.plausibility.message;
    }
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> idt_info(const IdtResult& r) {
  auto num = [](double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
  };
  std::vector<std::pair<std::string, std::string>> info;
  info.emplace_back("Camera", r.camera_name);
  info.emplace_back("Illuminant", r.illuminant);
  info.emplace_back("Encoding", r.encoding);
  info.emplace_back("ChromaticAdaptation", std::string(aces::adaptation_id(r.cat)));
  info.emplace_back("ErrorSpace", std::string(solver::error_space_id(r.error_space)));
  std::string evs;
  for (const auto& x : r.exposures) {
    if (!evs.empty()) evs.append(" ");
    evs.append(format_ev(x.ev));
    if (!x.usable) evs.append("(unused)");
  }
  info.emplace_back("Exposures", evs);
  info.emplace_back("ChartLocation", r.chart_detected ? "detected automatically (confidence " +
                                                            num(r.detection ? r.detection->evidence.confidence : 0) + ")"
                                                      : "corners given");
  if (r.forced) info.emplace_back("Warning", "implausible fit kept with --force-fit: " + r.plausibility.message);
  info.emplace_back("WhiteBalance", num(r.white_balance[0]) + " " + num(r.white_balance[1]) + " " + num(r.white_balance[2]));
  info.emplace_back("ExposureFactor", num(r.exposure_factor));
  info.emplace_back("MeanDeltaE2000", num(r.fit.mean_delta_E_2000));
  info.emplace_back("MaxDeltaE2000", num(r.fit.max_delta_E_2000));
  if (r.curve) {
    info.emplace_back("CurveRmsErrorStops", num(r.curve->rms_log_error));
    info.emplace_back("CurveFit", r.joint_refined ? "neutral ramp, then refined jointly with the matrix on all exposures"
                                                  : "neutral ramp");
  }
  return info;
}

}  // namespace aceslab::idt
