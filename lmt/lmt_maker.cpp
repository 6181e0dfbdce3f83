// SPDX-License-Identifier: Apache-2.0
#include "lmt/lmt_maker.h"

#include <chrono>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "clf/ocio_bridge.h"
#include "clf/reader.h"
#include "color/color_space.h"
#include "color/error.h"
#include "color/parallel.h"
#include "lmt/display_container.h"
#include "lmt/neutral_table.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {

std::string_view layout_id(Layout l) {
  switch (l) {
    case Layout::automatic:
      return "auto";
    case Layout::split:
      return "split";
    case Layout::merged:
      return "merged";
  }
  return "auto";
}

Layout parse_layout(std::string_view id) {
  for (Layout l : {Layout::automatic, Layout::split, Layout::merged}) {
    if (id == layout_id(l)) return l;
  }
  throw Error(ErrorKind::usage, "unknown layout \"" + std::string(id) + "\" (valid: auto, split, merged)");
}

std::string_view shaper_mode_id(ShaperMode m) { return m == ShaperMode::acescct ? "acescct" : "camera"; }

ShaperMode parse_shaper_mode(std::string_view id) {
  if (id == "camera") return ShaperMode::camera;
  if (id == "acescct") return ShaperMode::acescct;
  throw Error(ErrorKind::usage, "unknown shaper \"" + std::string(id) + "\" (valid: camera, acescct)");
}

LutEncoding lut_encoding(const LmtSettings& s) {
  if (!s.lut_in_clf.empty()) {
    return LutEncoding(LutEncoding::ClfInput{s.lut_in_clf}, s.lut_in_range, s.lut_out, s.lut_out_range, s.lut_out_encoding);
  }
  return LutEncoding(s.lut_in, s.lut_in_range, s.lut_out, s.lut_out_range, s.lut_out_encoding);
}

int default_cube_size(const ShowLut& lut, ShaperMode mode, bool hdr, bool unclamped) {
  const int n = lut.core_lattice_size();
  const int minimum = unclamped ? kDefaultCubeSizeUnclamped : hdr ? kDefaultCubeSizeHdr : kDefaultCubeSize;
  if (mode == ShaperMode::acescct || n < 2) return minimum;
  // At least twice the LUT's density, and at least the minimum, on a lattice that nests it.
  int factor = 2;
  while (factor * (n - 1) + 1 < minimum) ++factor;
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

// The CLF Info "NodeValues": what the LMT's LUT3D holds.
std::string node_values_text(Layout layout, bool fitted) {
  const std::string target = layout == Layout::split ? "the exact inverse output transform" : "the exact sandwich";
  return fitted ? "least-squares fit of the interpolated LMT to " + target : "point samples of " + target;
}

// Full-range code values -> SMPTE legal range (`to_legal`), or back, unclamped.
aces::MatrixStep legal_range_step(bool to_legal) {
  aces::MatrixStep m;
  m.m = aces::Mat3::Identity() * (to_legal ? kLegalScale : 1.0 / kLegalScale);
  m.offset = aces::Vec3::Constant(to_legal ? kLegalBlack : -kLegalBlack / kLegalScale);
  return m;
}

// The largest display code value the output transform produces: over bright neutrals and the
// AP1 primaries and secondaries from 1 to 65504 (an HLG display's saturated highlights exceed its
// neutral peak code: the HLG OOTF's inverse divides by a lower luminance).
double display_peak_code(const aces::OutputTransform& ot) {
  static const aces::Mat3 ap1_to_ap0 = aces::rgb_to_rgb_matrix(aces::primaries::kAP1, aces::primaries::kAP0);
  std::vector<float> probe;
  for (double k = 1.0; k <= 65504.0; k *= 2.0) {
    for (int c = 1; c < 8; ++c) {
      const aces::Vec3 a = ap1_to_ap0 * aces::Vec3((c & 4) ? k : 0.0, (c & 2) ? k : 0.0, (c & 1) ? k : 0.0);
      probe.insert(probe.end(), {static_cast<float>(a[0]), static_cast<float>(a[1]), static_cast<float>(a[2])});
    }
  }
  ot.forward(probe);
  double peak = 0.0;
  for (float v : probe) {
    if (std::isfinite(v)) peak = std::max(peak, static_cast<double>(v));
  }
  return peak > 0.0 ? peak : 1.0;
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
  o << "samples " << f.samples << " (unreachable by the output transform, excluded: " << f.unreachable;
  if (f.uncarried > 0) o << "; not carried through ACES2065-1 in float, excluded: " << f.uncarried;
  o << "); dE2000 " << format_stats(f.delta_E_2000, 4) << "; 10-bit code error "
    << format_stats(f.code_10bit, 3);
  return o.str();
}

}  // namespace

LmtResult bake_lmt(const ShowLut& lut, const LmtSettings& settings) {
  lut.require_unfolded_shaper();
  const auto start = std::chrono::steady_clock::now();
  const LutEncoding enc = lut_encoding(settings);
  const aces::ColorSpace& acescct = aces::find_color_space("acescct");
  const aces::Pipeline to_acescct = aces::from_aces(acescct);
  const aces::Pipeline from_acescct = aces::to_aces(acescct);
  const aces::OutputTransform& ot = enc.output_transform();

  LmtResult r;
  r.warnings = lut.notes();
  double outside_range = 0.0;
  if (settings.aces1_output.empty()) {
    const LutDiagnosis diagnosis = diagnose_lut(lut, enc, settings.threads);
    r.lut_checks = diagnosis.findings;
    outside_range = diagnosis.outside_range_share;
    for (const auto& f : r.lut_checks) r.warnings.push_back("LUT check (" + f.id + "): " + f.message);
  }
  const aces::Eotf eotf = ot.params().eotf;
  const bool hdr = eotf == aces::Eotf::pq || eotf == aces::Eotf::hlg;
  const bool split_applies = settings.shaper == ShaperMode::camera && lut.core_is_table();
  // Automatic: split wherever it applies (HLG through its PQ twin, display_container.h).
  const bool split = split_applies && (settings.layout == Layout::split || settings.layout == Layout::automatic);
  r.layout = split ? Layout::split : Layout::merged;
  if (settings.layout == Layout::split && !split) {
    r.warnings.push_back(std::string("layout split needs a LUT with exact steps and the camera shaper (") +
                         (settings.shaper != ShaperMode::camera ? "--shaper acescct" : "this LUT is read as a black box") +
                         "): merged layout");
  }
  r.unclamped = outside_range >= kUnclampedShare;
  r.cube_size = settings.cube_size > 0 ? settings.cube_size
                : split                ? kDefaultCubeSizeSplit
                : !settings.aces1_output.empty() ? kMaxAutoCubeSize  // a function: no lattice to nest (aces1_look.h)
                                       : default_cube_size(lut, settings.shaper, hdr, r.unclamped);
  // Merged layout: an unclamped LUT at its automatic size is fitted whatever the size (see
  // kDefaultCubeSizeUnclamped).
  const bool unclamped_default = !split && r.unclamped && settings.cube_size <= 0 && settings.shaper == ShaperMode::camera;
  if (unclamped_default) {
    std::ostringstream note;
    note << fixed(100.0 * outside_range, 1) << "% of the LUT's lattice outputs lie above " << enc.output().alias
         << "'s peak or below its black (an unclamped LUT): the LMT gets a " << r.cube_size
         << "^3 lattice with fitted node values (a slower bake)";
    r.warnings.push_back(note.str());
  }
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
      << "\" (" << enc.input_name() << ", " << code_range_id(settings.lut_in_range) << " range -> "
      << enc.output().user_name << ", " << code_range_id(settings.lut_out_range)
      << " range) through the ACES 2.0 Output Transform. Layout: " << layout_id(r.layout)
      << (split ? " (the LUT as it is, then a table of the inverse output transform)" : "")
      << ". Shaper: " << shaper_mode_id(settings.shaper) << ".";
    p.description = d.str();
  }

  std::vector<float> values;
  LmtLattice lat;
  lat.size = m;
  std::optional<aces::Pipeline> pre_inverse;
  std::optional<DisplayWarp> warp;
  // The output transform the LMT's table inverts: `ot`, or in the split layout of a display limited
  // inside its container (Rec.2100 PQ or DCDM limited to P3-D65) its twin (display_container.h).
  std::unique_ptr<aces::OutputTransform> twin;
  // HLG in the split layout: the PQ display of the same light, which the LUT's code values are
  // converted to first (display_container.h, hlg_pq_twin).
  std::unique_ptr<aces::OutputTransform> hlg_pq;
  const aces::OutputTransform* table_ot = &ot;
  if (split) {
    // ACES2065-1 -> the LUT's input code values, the LUT's own steps as they are, its output as
    // display code values, the warp; the LUT3D holds the inverse output transform there.
    p.append(enc.from_aces_pipeline());
    if (settings.lut_in_range == CodeRange::legal) {
      p.append(legal_range_step(true));
    }
    p.append(lut.pre());
    p.append(lut.core());
    // A LUT in the output transform's own encoding: its legal range undone by a matrix, the warp
    // over [0, the display's peak code value]. A LUT in another display encoding (a DCI-P3 cinema
    // LUT): the warp over its own code values, the conversion inside the table.
    const bool own_encoding = enc.output_encoding() == nullptr;
    double peak = 1.0;
    if (own_encoding) {
      if (settings.lut_out_range == CodeRange::legal) {
        p.append(legal_range_step(false));
      }
      hlg_pq = hlg_pq_twin(ot);
      if (hlg_pq) {
        p.append(hlg_to_pq_steps(ot, *hlg_pq, hlg_max_code(ot, *hlg_pq), kHlgToPqSize, settings.threads));
        table_ot = hlg_pq.get();
      }
      twin = limited_twin(*table_ot);
      if (twin) {
        p.append(container_to_twin_steps(*table_ot, *twin));
        table_ot = twin.get();
      }
      peak = display_peak_code(*table_ot);
    }
    const aces::OutputTransform& tot = *table_ot;
    // HDR: the warp's density over a gamma-2.4 code of the display light (display_warp.h).
    std::function<double(double)> light;
    if (hdr && own_encoding) {
      const aces::Mat3 to_XYZ = tot.encoding_to_XYZ();
      auto luminance = [table_ot, to_XYZ](double c) {
        float rgb[3] = {static_cast<float>(c), static_cast<float>(c), static_cast<float>(c)};
        table_ot->decode_display(rgb);
        return (to_XYZ * aces::Vec3(rgb[0], rgb[1], rgb[2]))[1];
      };
      // The neutral white: the code value the brightest neutral comes out at.
      float white[3] = {65504.0f, 65504.0f, 65504.0f};
      tot.forward(white);
      const double top = luminance(std::min(static_cast<double>(white[1]), peak));
      if (top > 0.0) light = [luminance, top](double c) { return luminance(c) / top; };
    }
    warp.emplace(peak, default_warp_density(), kWarpEntries, light);
    p.append(warp->steps());
    r.lattice_nests = true;  // the LUT's own table is in the LMT
    lat.display = [&, own_encoding](std::span<float> u) {
      warp->to_display(u);
      if (!own_encoding) enc.output_to_display(u);
    };
    lat.scene = [table_ot, display = lat.display](std::span<float> u) {
      display(u);
      table_ot->inverse(u);
    };
    lat.neutral_weight = kNeutralWeight;
  } else if (settings.shaper == ShaperMode::camera) {
    // ACES2065-1 -> the LUT's own input encoding, exactly, then the LUT's own steps up to its core.
    p.append(enc.from_aces_pipeline());
    const bool legal_in = settings.lut_in_range == CodeRange::legal;
    if (lut.pre().steps.empty()) {
      p.append(domain_clamp(lut.core_domain(), legal_in));
    } else {
      if (legal_in) {
        p.append(legal_range_step(true));
      }
      p.append(lut.pre());
      p.append(domain_clamp(lut.core_domain()));
    }
    const int n = lut.core_lattice_size();
    r.lattice_nests = n >= 2 && (m - 1) % (n - 1) == 0;
    if (r.lattice_nests && m > n) lat.fixed_stride = (m - 1) / (n - 1);
    if (n >= 2 && !r.lattice_nests) {
      std::ostringstream w;
      w << "cube size " << m << " does not nest the LUT's " << n << "-point lattice ((" << m << "-1) is not a multiple of ("
        << n << "-1)): expect larger errors; " << default_cube_size(lut, settings.shaper, hdr, r.unclamped) << " nests";
      r.warnings.push_back(w.str());
    }
    if (!lut.core_is_table() && settings.aces1_output.empty()) {
      r.warnings.push_back("LUT read through OpenColorIO as a black box: its input is taken as [0,1] and evaluated as a whole");
    }
    // Lattice coordinates u in [0,1]^3 -> the core's domain.
    const Domain cd = lut.core_domain();
    auto to_core = [cd](std::span<float> u) {
      for (std::size_t i = 0; i < u.size(); ++i) {
        const int c = static_cast<int>(i % 3);
        u[i] = static_cast<float>(cd.min[c] + (cd.max[c] - cd.min[c]) * u[i]);
      }
    };
    lat.display = [&, to_core](std::span<float> u) {
      to_core(u);
      lut.apply_core(u);
      enc.output_to_display(u);
    };
    // The scene colour at u: back through the LUT's own steps (inverted numerically where they
    // are LUT1Ds) to its input code values, then the camera's IDT.
    try {
      pre_inverse = aces::inverse(lut.pre());
    } catch (const Error&) {
      r.warnings.push_back("the LUT's steps before its 3D table have no inverse: the fit weights all colours alike");
    }
    if (pre_inverse) {
      lat.scene = [&, to_core](std::span<float> u) {
        to_core(u);
        aces::apply(*pre_inverse, u);
        enc.input_to_aces(u);
      };
    }
  } else {
    // The classic layout: AP1 / ACEScct over [0,1], clamped there.
    p.append(to_acescct);
    aces::RangeStep clamp;
    clamp.min_in = 0.0;
    clamp.max_in = 1.0;
    clamp.min_out = 0.0;
    clamp.max_out = 1.0;
    p.append(clamp);
    lat.display = [&](std::span<float> u) {
      aces::apply(from_acescct, u);
      enc.aces_to_input(u);
      lut.apply(u);
      enc.output_to_display(u);
    };
    lat.scene = [&](std::span<float> u) { aces::apply(from_acescct, u); };
    r.warnings.push_back(
        "shaper acescct: colours outside AP1 are clamped and looked up in the wrong place; "
        "compare the figures with the default camera shaper");
  }
  const NodeEncoding nodes(*table_ot, settings.node_space);
  values = lattice(m, Domain{});
  aces::for_chunks(std::span<float>(values), settings.threads, [&](std::span<float> chunk, std::size_t) {
    lat.display(chunk);
    display_to_nodes(*table_ot, nodes, chunk);
  });
  for (float& v : values) {
    if (!std::isfinite(v)) v = 0.0f;  // never write NaN into a CLF (the OT promises finite output)
  }
  // Automatic: fit where the LUT's own lattice stays exact (it nests, every k-th node with k >= 2)
  // and the lattice is small enough for the fit to be quick.
  const bool fit_helps = split ? m <= kMaxAutoFitSize : lat.fixed_stride >= 2 && (m <= kMaxAutoFitSize || unclamped_default);
  const bool fit = settings.fit == FitMode::least_squares || (settings.fit == FitMode::automatic && fit_helps);
  std::vector<float> point_values;
  if (fit) {
    point_values = values;
    r.fit = fit_lmt_lattice(lat, *table_ot, nodes, values, settings.threads);
  } else if (settings.fit == FitMode::automatic) {
    std::ostringstream note;
    if (split) {
      note << "point samples (the automatic fit stops above " << kMaxAutoFitSize << "^3 nodes; --fit least-squares forces it)";
    } else {
      note << "point samples (the automatic fit needs a LUT lattice nested at every 2nd node or more and at most "
           << kMaxAutoFitSize << "^3 nodes; --fit least-squares forces it)";
    }
    r.fit_note = note.str();
  }
  aces::Lut3DStep l3;
  l3.size = m;
  l3.values = std::move(values);
  l3.interpolation = aces::Interpolation3D::tetrahedral;
  // The neutral-axis table (neutral_table.h) after the table, built for the node values it follows.
  const bool neutral = settings.neutral_table;
  const int neutral_size = std::clamp(m, kNeutralTableSize, kMaxNeutralTableSize);
  const auto exact_nodes = [&](std::span<float> u) {
    lat.display(u);
    display_to_nodes(*table_ot, nodes, u);
  };
  // The LMT from its steps before the table (`head`), a table and, when `report`, its neutral table.
  const aces::Pipeline head = p;
  auto finish = [&](const aces::Lut3DStep& table, NeutralTable* report) {
    aces::Pipeline out = head;
    out.append(table);
    if (report != nullptr) {
      *report = make_neutral_table(table, exact_nodes, settings.threads, neutral_size);
      out.append(report->steps);
      report->steps = {};
    }
    out.append(nodes.decode_steps());
    return aces::clf_exportable(out);
  };
  std::optional<aces::Lut3DStep> points;
  if (fit) {
    points.emplace();
    points->size = m;
    points->values = std::move(point_values);
  }
  if (neutral) {
    r.neutral_table.emplace();
    p = finish(l3, &*r.neutral_table);
    r.without_neutral = finish(l3, nullptr);
  } else {
    p = finish(l3, nullptr);
  }
  // Point sampling without a neutral-axis table, what a careful hand-made sandwich gives: the
  // verification's comparison, and what the fit is judged against (make_lmt).
  if (points) r.point_pipeline = finish(*points, nullptr);

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
  info.emplace_back("LUTInputEncoding", enc.input_id());
  info.emplace_back("LUTInputRange", std::string(code_range_id(settings.lut_in_range)));
  info.emplace_back("LUTOutputTransform", enc.output().transform_id);
  info.emplace_back("LUTOutputRange", std::string(code_range_id(settings.lut_out_range)));
  info.emplace_back("Layout", std::string(layout_id(r.layout)));
  if (hlg_pq) {
    info.emplace_back("SplitTableDisplay", std::string(kHlgTableNote) + (twin ? std::string("; ") + kTwinTableNote : ""));
  } else if (twin) {
    info.emplace_back("SplitTableDisplay", kTwinTableNote);
  }
  info.emplace_back("Shaper", std::string(shaper_mode_id(settings.shaper)));
  info.emplace_back("CubeSize", std::to_string(m));
  info.emplace_back("NodeSpace", std::string(node_space_id(settings.node_space)));
  info.emplace_back("NodeValues", node_values_text(r.layout, fit));
  if (r.neutral_table) {
    const NeutralTable& nt = *r.neutral_table;
    std::ostringstream o;
    o << nt.nodes << " nodes (" << neutral_size << "^3), " << nt.corrected
      << " of them correcting the table within " << fixed(nt.tube, 4) << " of the neutral axis (node values; largest "
      << fixed(nt.max_correction, 5) << ")";
    if (nt.unsolved > 0) o << "; " << nt.unsolved << " left as they are (not reached by the table)";
    info.emplace_back("NeutralAxisTable", o.str());
  }
  if (!split && settings.shaper == ShaperMode::camera && lut.core_lattice_size() >= 2) {
    info.emplace_back("LatticeNesting", r.lattice_nests ? "yes" : "no");
  }
  r.bake_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

RgbFunction pipeline_function(const aces::Pipeline& pipeline) {
  auto cpu = aces::ocio_cpu_processor(aces::pipeline_to_ocio(pipeline), aces::OcioOptimization::none, "LMT");
  return [cpu](std::span<float> rgb) { aces::ocio_apply(cpu, rgb); };
}

RgbFunction clf_file_function(const std::filesystem::path& clf_path) {
  // ClfTransform hands OpenColorIO a private copy of the file: OCIO caches file transforms by path,
  // so evaluating a path directly could return an earlier file written at the same path in this
  // process (a re-made LMT would be verified against its predecessor).
  auto clf = std::make_shared<const aces::ClfTransform>(clf_path);
  return [clf](std::span<float> rgb) { clf->apply(rgb); };
}

FitVerdict judge_fit(const Verification& fitted, const Verification& points) {
  FitVerdict v;
  double loss = 0.0, gain = 0.0;
  bool natural_worse = false;
  auto text = [](const char* what, double pts, double fit) {
    return std::string(what) + " " + fixed(pts, 3) + " -> " + fixed(fit, 3);
  };
  auto check = [&](const char* what, double fit, double pts, bool natural) {
    const double change = pts > 0.0 ? (fit - pts) / pts : 0.0;
    if (natural && -change > gain) {
      gain = -change;
      v.gain = text(what, pts, fit);
    }
    if (!(fit > pts * (1.0 + kFitNoWorseRelative) + kFitNoWorseAbsolute)) return;
    v.worse += (v.worse.empty() ? "" : ", ") + text(what, pts, fit);
    loss = std::max(loss, change);
    natural_worse = natural_worse || natural;
  };
  check("natural dE2000 mean", fitted.natural.delta_E_2000.mean, points.natural.delta_E_2000.mean, true);
  check("natural dE2000 p99", fitted.natural.delta_E_2000.p99, points.natural.delta_E_2000.p99, true);
  check("whole cube dE2000 mean", fitted.cube.delta_E_2000.mean, points.cube.delta_E_2000.mean, false);
  check("whole cube dE2000 p99", fitted.cube.delta_E_2000.p99, points.cube.delta_E_2000.p99, false);
  v.keep = v.worse.empty() || (!natural_worse && gain >= loss);
  return v;
}

namespace {

void add_figures(LmtResult& r) {
  const Verification& v = *r.verification;
  auto& info = r.metadata.info;
  info.emplace_back("VerificationMethod",
                    "OT(LMT(ACES(c))) vs LUT(c); LMT evaluated from this file by OpenColorIO; CIEDE2000 on "
                    "display light with " + fixed(v.lab_white_nits, 0) +
                        " cd/m^2 as the CIELAB white, 10-bit code error on channels >= 0.02");
  info.emplace_back("VerificationNaturalColours", figures_text(v.natural));
  info.emplace_back("VerificationWholeCube", figures_text(v.cube));
  info.emplace_back("VerificationMeetsTargets", v.meets_targets ? "yes" : "no");
  info.emplace_back("NaturalDeltaE2000Mean", fixed(v.natural.delta_E_2000.mean, 4));
  info.emplace_back("NaturalDeltaE2000P99", fixed(v.natural.delta_E_2000.p99, 4));
  info.emplace_back("CubeDeltaE2000Mean", fixed(v.cube.delta_E_2000.mean, 4));
  info.emplace_back("CubeDeltaE2000P99", fixed(v.cube.delta_E_2000.p99, 4));
  if (r.point_verification) {
    const Verification& p = *r.point_verification;
    info.emplace_back("PointSampledNaturalColours", figures_text(p.natural));
    info.emplace_back("PointSampledWholeCube", figures_text(p.cube));
  }
  if (r.without_neutral_verification) {
    const Verification& w = *r.without_neutral_verification;
    info.emplace_back("WithoutNeutralAxisTableNaturalColours", figures_text(w.natural));
    info.emplace_back("WithoutNeutralAxisTableWholeCube", figures_text(w.cube));
  }
}

// The written LMT against the same LMT without its neutral-axis table: kept when no worse
// (judge_fit); otherwise the file holds the LMT without it, verified again from the file.
void judge_neutral_table(LmtResult& r, const ShowLut& lut, const LutEncoding& enc, const std::filesystem::path& temp,
                         const VerifyOptions& vo) {
  if (!r.without_neutral_verification) {
    r.without_neutral_verification = verify_lmt(lut, enc, pipeline_function(*r.without_neutral), vo);
  }
  const FitVerdict verdict = judge_fit(*r.verification, *r.without_neutral_verification);
  if (verdict.keep) {
    if (!verdict.worse.empty()) {
      r.warnings.push_back("neutral-axis table: " + (verdict.gain.empty() ? std::string("no gain") : verdict.gain) +
                           ", at a cost of " + verdict.worse + " against the LMT without it (--neutral-table none)");
    }
    return;
  }
  r.rejected_neutral_verification = std::move(r.verification);
  r.without_neutral_verification.reset();
  r.pipeline = std::move(*r.without_neutral);
  r.without_neutral.reset();
  r.neutral_note = "neutral-axis table left out: the LMT verified worse with it (" + verdict.worse +
                   (verdict.gain.empty() ? std::string() : "; it gained only " + verdict.gain) + ")";
  r.warnings.push_back(r.neutral_note);
  for (auto& [key, value] : r.metadata.info) {
    if (key == "NeutralAxisTable") value = r.neutral_note;
  }
  r.neutral_table.reset();
  aces::write_clf_file(temp, r.pipeline, r.metadata, Overwrite::allow);
  r.verification = verify_lmt(lut, enc, clf_file_function(temp), vo);
}

}  // namespace

LmtResult make_lmt(const ShowLut& lut, const LmtSettings& settings, const std::filesystem::path& clf_path,
                   Overwrite overwrite, const ShowLut* reference) {
  const ShowLut& truth = reference != nullptr ? *reference : lut;
  check_writable(clf_path, overwrite);
  if (!settings.cdl_path.empty()) {
    check_cdl_path(settings.cdl_path);
    check_writable(settings.cdl_path, overwrite);
  }
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
    const LutEncoding enc = lut_encoding(settings);
    r.verification = verify_lmt(truth, enc, clf_file_function(temp), vo);
    // The fit against point sampling, both without the neutral-axis table: the fit is judged on
    // its own, then the table on top of what is written (judge_neutral_table).
    FitVerdict verdict;
    if (r.point_pipeline) {
      r.point_verification = verify_lmt(truth, enc, pipeline_function(*r.point_pipeline), vo);
      if (r.without_neutral) r.without_neutral_verification = verify_lmt(truth, enc, pipeline_function(*r.without_neutral), vo);
      verdict = judge_fit(r.without_neutral_verification ? *r.without_neutral_verification : *r.verification,
                          *r.point_verification);
    }
    if (!verdict.keep && settings.fit == FitMode::automatic) {
      // The fit broke its promise on this LUT: write (and verify, from the file) the point samples,
      // baked again with their own neutral-axis table.
      LmtSettings points = settings;
      points.fit = FitMode::none;
      LmtResult again = bake_lmt(lut, points);
      again.bake_seconds += r.bake_seconds;
      again.clf_path = r.clf_path;
      again.fit = std::move(r.fit);
      again.rejected_fit_verification = r.without_neutral_verification ? std::move(r.without_neutral_verification)
                                                                       : std::move(r.verification);
      // Without a neutral-axis table, point samples are what the fit was judged against.
      if (again.without_neutral) again.without_neutral_verification = std::move(r.point_verification);
      r = std::move(again);
      for (auto& [key, value] : r.metadata.info) {
        if (key == "NodeValues") value = node_values_text(r.layout, false) + " (the least-squares fit verified worse)";
      }
      aces::write_clf_file(temp, r.pipeline, r.metadata, Overwrite::allow);
      r.verification = verify_lmt(truth, enc, clf_file_function(temp), vo);
      // The unclamped LUT's note promised fitted node values: say what the file holds instead.
      const std::string promised = "with fitted node values (a slower bake)";
      for (std::string& w : r.warnings) {
        if (const auto at = w.find(promised); at != std::string::npos) {
          w.replace(at, promised.size(), "with point-sampled node values (its least-squares fit verified worse)");
        }
      }
      r.fit_note = "point samples: the least-squares fit verified worse than point sampling (" + verdict.worse +
                   (verdict.gain.empty() ? std::string() : "; it gained only " + verdict.gain) +
                   "); --fit least-squares keeps it";
      r.warnings.push_back(r.fit_note);
    } else if (!verdict.worse.empty()) {
      // Kept (a natural-colour gain larger than the loss, or --fit least-squares): say what it costs.
      r.warnings.push_back("least-squares fit: " + (verdict.gain.empty() ? std::string("no gain") : verdict.gain) +
                           ", at a cost of " + verdict.worse + " against point sampling (--fit none)");
    }
    if (r.neutral_table) judge_neutral_table(r, truth, enc, temp, vo);
    add_figures(r);
    for (const SetFigures* f : {&r.verification->cube, &r.verification->natural}) {
      if (f->uncarried == 0) continue;
      std::ostringstream w;
      w << "verification: " << f->uncarried << " of the " << f->name << " set's " << f->samples
        << " LUT input code values cannot be carried through ACES2065-1 in float by " << enc.input_id() << " (e.g. "
        << f->uncarried_example[0] << " " << f->uncarried_example[1] << " " << f->uncarried_example[2]
        << " comes back more than " << kCarryTolerance
        << " away: outside [0,1], the smaller channels of a colour do not survive float matrices beside a very "
           "large one, and a LUT domain beyond the camera's code range has many such inputs): left out";
      r.warnings.push_back(w.str());
    }
    for (const auto& miss : r.verification->misses) r.warnings.push_back("verification: " + miss);
  }
  if (!settings.cdl_path.empty()) {
    const LutEncoding enc = lut_encoding(settings);
    r.cdl = fit_lmt_cdl(truth, enc, pipeline_function(r.pipeline), settings.threads);
    if (!r.cdl->fit.usable) throw Error(ErrorKind::internal, r.cdl->summary, Location(settings.cdl_path.string()));
    r.metadata.info.emplace_back("CDLApproximation", settings.cdl_path.filename().string() + ": " + r.cdl->summary);
    if (r.cdl->verdict == "not good") r.warnings.push_back(r.cdl->summary);
  }
  aces::write_clf_file(clf_path, r.pipeline, r.metadata, overwrite);
  if (r.cdl) {
    write_cdl_file(settings.cdl_path, r.cdl->fit.cdl, r.metadata.aces_transform_id,
                   "ASC CDL approximating " + r.metadata.aces_user_name + " in ACEScct; " + r.cdl->summary, overwrite);
  }
  return r;
}

}  // namespace aceslab::lmt
