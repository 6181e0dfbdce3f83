// SPDX-License-Identifier: Apache-2.0
#include "lmt/lmt_maker.h"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "clf/reader.h"
#include "color/color_space.h"
#include "color/error.h"
#include "color/parallel.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {

std::string_view shaper_mode_id(ShaperMode m) { return m == ShaperMode::acescct ? "acescct" : "camera"; }

ShaperMode parse_shaper_mode(std::string_view id) {
  if (id == "camera") return ShaperMode::camera;
  if (id == "acescct") return ShaperMode::acescct;
  throw Error(ErrorKind::usage, "unknown shaper \"" + std::string(id) + "\" (valid: camera, acescct)");
}

int default_cube_size(const ShowLut& lut, ShaperMode mode) {
  const int n = lut.core_lattice_size();
  if (mode == ShaperMode::acescct || n < 2) return kDefaultCubeSize;
  // At least twice the LUT's density, and at least kDefaultCubeSize, on a lattice that nests it.
  int factor = 2;
  while (factor * (n - 1) + 1 < kDefaultCubeSize) ++factor;
  const int nested = factor * (n - 1) + 1;
  return nested <= kMaxAutoCubeSize ? nested : std::min(n, aces::kMaxClfLut3DSize);
}

std::string sanitise_id_part(const std::string& text) {
  std::string out;
  bool pending_underscore = false;
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      if (pending_underscore && !out.empty()) out.push_back('_');
      pending_underscore = false;
      out.push_back(static_cast<char>(c));
    } else {
      pending_underscore = true;
    }
  }
  return out;
}

std::string look_transform_id(const std::string& look_namespace, const std::string& name) {
  const std::string ns = sanitise_id_part(look_namespace);
  if (ns.empty()) throw Error(ErrorKind::usage, "the look namespace needs at least one letter or digit");
  std::string n = sanitise_id_part(name);
  if (n.empty()) n = "Look";
  std::string id = "urn:ampas:aces:transformId:v2.0:Look.";
  id.append(ns).append(".").append(n).append(".a2.v1");
  return id;
}

namespace {

// Maps LUT code values (after an optional full -> legal conversion of camera code values) from
// `domain` onto [0,1] and clamps there, as the LUT itself clamps its input.
void append_domain_clamp(aces::Pipeline& p, const Domain& domain, bool legal_input) {
  const double s = legal_input ? kLegalScale : 1.0;
  const double o = legal_input ? kLegalBlack : 0.0;
  if (domain.uniform()) {
    aces::RangeStep r;
    r.min_in = (domain.min[0] - o) / s;
    r.max_in = (domain.max[0] - o) / s;
    r.min_out = 0.0;
    r.max_out = 1.0;
    p.append(r);
    return;
  }
  aces::MatrixStep m;
  for (int c = 0; c < 3; ++c) {
    const double w = domain.max[c] - domain.min[c];
    m.m(c, c) = s / w;
    m.offset[c] = (o - domain.min[c]) / w;
  }
  p.append(m);
  aces::RangeStep r;
  r.min_in = 0.0;
  r.max_in = 1.0;
  r.min_out = 0.0;
  r.max_out = 1.0;
  p.append(r);
}

// Lattice coordinates of an M^3 CLF LUT3D (blue varies fastest) over `domain`.
std::vector<float> lattice(int m, const Domain& domain) {
  std::vector<float> v;
  v.reserve(3 * static_cast<std::size_t>(m) * m * m);
  for (int r = 0; r < m; ++r)
    for (int g = 0; g < m; ++g)
      for (int b = 0; b < m; ++b) {
        const int idx[3] = {r, g, b};
        for (int c = 0; c < 3; ++c) {
          v.push_back(static_cast<float>(domain.min[c] + (domain.max[c] - domain.min[c]) * idx[c] / (m - 1)));
        }
      }
  return v;
}

std::string fixed(double v, int precision) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(precision) << v;
  return o.str();
}

std::string figures_text(const SetFigures& f) {
  std::ostringstream o;
  o << "samples " << f.samples << " (unreachable by the output transform, excluded: " << f.unreachable
    << "); dE2000 " << format_stats(f.delta_E_2000, 4) << "; 10-bit code error "
    << format_stats(f.code_10bit, 3);
  return o.str();
}

}  // namespace

LmtResult bake_lmt(const ShowLut& lut, const LmtSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  const LutEncoding enc(settings.lut_in, settings.lut_in_range, settings.lut_out, settings.lut_out_range);
  const aces::ColorSpace& acescct = aces::find_color_space("acescct");
  const aces::Pipeline to_acescct = aces::from_aces(acescct);
  const aces::Pipeline from_acescct = aces::to_aces(acescct);
  const aces::OutputTransform& ot = enc.output_transform();

  LmtResult r;
  r.warnings = lut.notes();
  r.cube_size = settings.cube_size > 0 ? settings.cube_size : default_cube_size(lut, settings.shaper);
  const int m = r.cube_size;
  if (m < 2 || m > aces::kMaxClfLut3DSize) {
    std::ostringstream msg;
    msg << "cube size " << m << " is out of range [2, " << aces::kMaxClfLut3DSize
        << "] (OpenColorIO 2.1 reads no larger LUT3D)";
    throw Error(ErrorKind::usage, msg.str());
  }

  aces::Pipeline& p = r.pipeline;
  const std::string stem = lut.path().stem().string();
  p.name = "LMT from " + (stem.empty() ? lut.title() : stem);
  p.input_descriptor = "ACES2065-1";
  p.output_descriptor = "ACES2065-1";
  {
    std::ostringstream d;
    d << "ACES 2.0 Look Modification Transform reproducing the show LUT \"" << lut.path().filename().string()
      << "\" (" << enc.input().name << ", " << code_range_id(settings.lut_in_range) << " range -> "
      << enc.output().user_name << ", " << code_range_id(settings.lut_out_range)
      << " range) through the ACES 2.0 Output Transform. Shaper: " << shaper_mode_id(settings.shaper) << ".";
    p.description = d.str();
  }

  std::vector<float> values;
  if (settings.shaper == ShaperMode::camera) {
    // ACES2065-1 -> the LUT's own input encoding, exactly.
    p.append(enc.from_aces_pipeline());
    append_domain_clamp(p, lut.input_domain(), settings.lut_in_range == CodeRange::legal);
    if (lut.shaper()) {
      aces::Lut1DStep l1;
      l1.values = lut.shaper()->values;
      p.append(l1);
      append_domain_clamp(p, lut.core_domain(), false);
    }
    const int n = lut.core_lattice_size();
    r.lattice_nests = n >= 2 && (m - 1) % (n - 1) == 0;
    if (n >= 2 && !r.lattice_nests) {
      std::ostringstream w;
      w << "cube size " << m << " does not nest the LUT's " << n << "-point lattice ((" << m << "-1) is not a multiple of ("
        << n << "-1)): expect larger errors; " << default_cube_size(lut, settings.shaper) << " nests";
      r.warnings.push_back(w.str());
    }
    if (!lut.core_is_table()) {
      r.warnings.push_back("LUT read through OpenColorIO: its input is taken as [0,1] and evaluated as a whole");
    }
    values = lattice(m, lut.core_domain());
    aces::for_chunks(std::span<float>(values), settings.threads, [&](std::span<float> chunk, std::size_t) {
      lut.apply_core(chunk);
      enc.output_to_display(chunk);
      ot.inverse(chunk);
      aces::apply(to_acescct, chunk);
    });
  } else {
    // The classic layout: AP1 / ACEScct over [0,1], clamped there.
    p.append(to_acescct);
    aces::RangeStep clamp;
    clamp.min_in = 0.0;
    clamp.max_in = 1.0;
    clamp.min_out = 0.0;
    clamp.max_out = 1.0;
    p.append(clamp);
    values = lattice(m, Domain{});
    aces::for_chunks(std::span<float>(values), settings.threads, [&](std::span<float> chunk, std::size_t) {
      aces::apply(from_acescct, chunk);
      enc.aces_to_input(chunk);
      lut.apply(chunk);
      enc.output_to_display(chunk);
      ot.inverse(chunk);
      aces::apply(to_acescct, chunk);
    });
    r.warnings.push_back(
        "shaper acescct: colours outside AP1 are clamped and looked up in the wrong place; "
        "compare the figures with the default camera shaper");
  }
  for (float& v : values) {
    if (!std::isfinite(v)) v = 0.0f;  // never write NaN into a CLF (the OT promises finite output)
  }
  aces::Lut3DStep l3;
  l3.size = m;
  l3.values = std::move(values);
  l3.interpolation = aces::Interpolation3D::tetrahedral;
  p.append(std::move(l3));
  p.append(from_acescct);
  p = aces::clf_exportable(p);

  // Metadata.
  const std::string name = settings.look_name.empty() ? (stem.empty() ? lut.title() : stem) : settings.look_name;
  r.metadata.flavor = settings.clf_flavor;
  r.metadata.aces_transform_id = look_transform_id(settings.look_namespace, name);
  r.metadata.aces_user_name = settings.user_name.empty()
                                  ? "aceslab LMT - " + (stem.empty() ? lut.title() : stem) + " (for " + enc.output().user_name + ")"
                                  : settings.user_name;
  auto& info = r.metadata.info;
  info.emplace_back("Generator", "aceslab lmt");
  info.emplace_back("SourceLUT", lut.path().filename().string());
  if (!lut.title().empty()) info.emplace_back("SourceLUTTitle", lut.title());
  info.emplace_back("SourceLUTFormat", lut.format());
  info.emplace_back("LUTInputEncoding", enc.input().id);
  info.emplace_back("LUTInputRange", std::string(code_range_id(settings.lut_in_range)));
  info.emplace_back("LUTOutputTransform", enc.output().transform_id);
  info.emplace_back("LUTOutputRange", std::string(code_range_id(settings.lut_out_range)));
  info.emplace_back("Shaper", std::string(shaper_mode_id(settings.shaper)));
  info.emplace_back("CubeSize", std::to_string(m));
  if (settings.shaper == ShaperMode::camera && lut.core_lattice_size() >= 2) {
    info.emplace_back("LatticeNesting", r.lattice_nests ? "yes" : "no");
  }
  r.bake_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

RgbFunction clf_file_function(const std::filesystem::path& clf_path) {
  // ClfTransform hands OpenColorIO a private copy of the file: OCIO caches file transforms by path,
  // so evaluating a path directly could return an earlier file written at the same path in this
  // process (a re-made LMT would be verified against its predecessor).
  auto clf = std::make_shared<const aces::ClfTransform>(clf_path);
  return [clf](std::span<float> rgb) { clf->apply(rgb); };
}

namespace {

void add_figures(LmtResult& r) {
  const Verification& v = *r.verification;
  auto& info = r.metadata.info;
  info.emplace_back("VerificationMethod",
                    "OT(LMT(ACES(c))) vs LUT(c); LMT evaluated from this file by OpenColorIO; CIEDE2000 on "
                    "display colours, 10-bit code error on channels >= 0.02");
  info.emplace_back("VerificationNaturalColours", figures_text(v.natural));
  info.emplace_back("VerificationWholeCube", figures_text(v.cube));
  info.emplace_back("VerificationMeetsTargets", v.meets_targets ? "yes" : "no");
  info.emplace_back("NaturalDeltaE2000Mean", fixed(v.natural.delta_E_2000.mean, 4));
  info.emplace_back("NaturalDeltaE2000P99", fixed(v.natural.delta_E_2000.p99, 4));
  info.emplace_back("CubeDeltaE2000Mean", fixed(v.cube.delta_E_2000.mean, 4));
  info.emplace_back("CubeDeltaE2000P99", fixed(v.cube.delta_E_2000.p99, 4));
}

}  // namespace

LmtResult make_lmt(const ShowLut& lut, const LmtSettings& settings, const std::filesystem::path& clf_path,
                   Overwrite overwrite) {
  check_writable(clf_path, overwrite);
  LmtResult r = bake_lmt(lut, settings);
  r.clf_path = clf_path;
  if (settings.verify) {
    // Verify the file as written (OCIO reads it back); only the Info figures differ afterwards.
    // Removed when done, and when a signal ends the process (color/atomic_file.h).
    const TemporaryFile verifying(clf_path.has_parent_path() ? clf_path.parent_path() : ".",
                                  clf_path.filename().string() + ".verifying", ".clf");
    const std::filesystem::path& temp = verifying.path();
    aces::write_clf_file(temp, r.pipeline, r.metadata, Overwrite::allow);
    VerifyOptions vo = settings.verify_options;
    if (vo.threads == 0) vo.threads = settings.threads;
    const LutEncoding enc(settings.lut_in, settings.lut_in_range, settings.lut_out, settings.lut_out_range);
    r.verification = verify_lmt(lut, enc, clf_file_function(temp), vo);
    add_figures(r);
    for (const auto& miss : r.verification->misses) r.warnings.push_back("verification: " + miss);
  }
  aces::write_clf_file(clf_path, r.pipeline, r.metadata, overwrite);
  return r;
}

}  // namespace aceslab::lmt
