// SPDX-License-Identifier: Apache-2.0
#include "lmt/lmt_cdl.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "color/color_difference.h"
#include "color/color_space.h"
#include "color/error.h"
#include "color/parallel.h"
#include "lmt/natural_colours.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {
namespace {

const aces::Pipeline& to_acescct() {
  static const aces::Pipeline p = aces::from_aces(aces::find_color_space("acescct"));
  return p;
}
const aces::Pipeline& from_acescct() {
  static const aces::Pipeline p = aces::to_aces(aces::find_color_space("acescct"));
  return p;
}

constexpr float kCdlFitMaxCct = 1.25f, kCdlFitMinCct = -0.1f;

const NaturalColourSet& natural() {
  static const NaturalColourSet set = natural_colours();
  return set;
}

std::vector<float> natural_aces() {
  std::vector<float> v;
  for (const auto& a : natural().aces) v.insert(v.end(), a.begin(), a.end());
  return v;
}

// CIEDE2000 between two ACES2065-1 -> ACES2065-1 functions seen through the output transform.
ErrorStats compare(const RgbFunction& a, const RgbFunction& b, const LutEncoding& enc, unsigned threads) {
  const aces::OutputTransform& ot = enc.output_transform();
  const aces::Mat3 to_XYZ = ot.encoding_to_XYZ();
  const aces::Vec3 w = lab_white(ot);
  const double white[3] = {w[0], w[1], w[2]};
  std::vector<float> x = natural_aces(), y = x;
  std::vector<double> de(x.size() / 3, 0.0);
  aces::for_chunks(std::span<float>(x), threads, [&](std::span<float> chunk, std::size_t first) {
    std::span<float> other(y.data() + 3 * first, chunk.size());
    a(chunk);
    b(other);
    ot.forward(chunk);
    ot.forward(other);
    ot.decode_display(chunk);
    ot.decode_display(other);
    for (std::size_t i = 0; i < chunk.size() / 3; ++i) {
      const aces::Vec3 p = to_XYZ * aces::Vec3(chunk[3 * i], chunk[3 * i + 1], chunk[3 * i + 2]);
      const aces::Vec3 q = to_XYZ * aces::Vec3(other[3 * i], other[3 * i + 1], other[3 * i + 2]);
      const double xp[3] = {p[0], p[1], p[2]}, xq[3] = {q[0], q[1], q[2]};
      double lp[3], lq[3];
      aces::XYZ_to_Lab(xp, white, lp);
      aces::XYZ_to_Lab(xq, white, lq);
      de[first + i] = aces::delta_E_2000(lp, lq);
    }
  });
  return summarize(std::move(de));
}

std::string fixed(double v, int precision) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(precision) << v;
  return o.str();
}

std::string triplet(const Eigen::Vector3d& v) {
  char b[96];
  std::snprintf(b, sizeof b, "%.6f %.6f %.6f", v[0], v[1], v[2]);
  return b;
}

}  // namespace

CdlAmfMode parse_cdl_amf_mode(const std::string& id) {
  if (id == "alternative") return CdlAmfMode::alternative;
  if (id == "instead") return CdlAmfMode::instead;
  if (id == "none") return CdlAmfMode::none;
  throw Error(ErrorKind::usage, "unknown CDL placement in the AMF \"" + id + "\"; valid: alternative, instead, none");
}

const char* cdl_amf_mode_id(CdlAmfMode mode) {
  switch (mode) {
    case CdlAmfMode::alternative: return "alternative";
    case CdlAmfMode::instead: return "instead";
    case CdlAmfMode::none: return "none";
  }
  return "alternative";
}

RgbFunction cdl_function(const solver::CdlParams& cdl) {
  return [cdl](std::span<float> rgb) {
    aces::apply(to_acescct(), rgb);
    for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
      const Eigen::Vector3d out = solver::apply_cdl(cdl, Eigen::Vector3d(rgb[i], rgb[i + 1], rgb[i + 2]));
      for (int c = 0; c < 3; ++c) rgb[i + c] = static_cast<float>(out[c]);
    }
    aces::apply(from_acescct(), rgb);
  };
}

LmtCdl fit_lmt_cdl(const ShowLut& lut, const LutEncoding& enc, const RgbFunction& lmt, unsigned threads) {
  LmtCdl r;
  std::vector<float> in = natural_aces(), out = in;
  lmt(out);
  aces::apply(to_acescct(), in);
  aces::apply(to_acescct(), out);
  std::vector<solver::CdlSample> samples;
  samples.reserve(in.size() / 3);
  for (std::size_t i = 0; i + 2 < in.size(); i += 3) {
    // Colours the LMT sends far beyond any display (ACEScct above 1.25, about 2^15 x grey, or below
    // -0.1) say nothing a CDL could match on a monitor; they are left out of the fit (not the figures).
    const auto far = [&](std::size_t j) { return out[j] > kCdlFitMaxCct || out[j] < kCdlFitMinCct; };
    if (far(i) || far(i + 1) || far(i + 2)) continue;
    samples.push_back({Eigen::Vector3d(in[i], in[i + 1], in[i + 2]), Eigen::Vector3d(out[i], out[i + 1], out[i + 2]), 1.0});
  }
  r.fit = solver::fit_cdl(samples);
  if (!r.fit.usable) {
    r.verdict = "not usable";
    r.summary = "CDL: " + r.fit.message;
    return r;
  }
  const RgbFunction cdl = cdl_function(r.fit.cdl);
  r.vs_lmt = compare(cdl, lmt, enc, threads);
  std::vector<float> codes = natural_aces();
  enc.aces_to_input(codes);
  const Domain& d = lut.input_domain();
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const int c = static_cast<int>(i % 3);
    codes[i] = std::clamp(codes[i], static_cast<float>(d.min[c]), static_cast<float>(d.max[c]));
  }
  r.vs_lut = measure_set("natural", lut, enc, cdl, std::move(codes), threads, &natural().labels);
  const double mean = r.vs_lut.delta_E_2000.mean;
  r.verdict = mean <= kCdlGoodDeltaE ? "close" : mean <= kCdlPoorDeltaE ? "approximate" : "not good";
  r.summary = "CDL " + r.verdict + ": natural colours dE2000 against the LUT mean " + fixed(mean, 2) + ", p99 " +
              fixed(r.vs_lut.delta_E_2000.p99, 2) + " (against the LMT mean " + fixed(r.vs_lmt.mean, 2) + ")";
  if (r.verdict == "not good") {
    r.summary += "; a CDL cannot carry this look (hue crossovers, roll-offs): use the LMT where the system takes one";
  }
  return r;
}

namespace {
std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}
}  // namespace

void check_cdl_path(const std::filesystem::path& path) {
  const std::string ext = lower_extension(path);
  if (ext != ".cdl" && ext != ".ccc" && ext != ".cc") {
    throw Error(ErrorKind::usage, "a CDL file ends in .cdl, .ccc or .cc", Location(path.string()));
  }
}

void write_cdl_file(const std::filesystem::path& path, const solver::CdlParams& cdl, const std::string& id,
                    const std::string& description, Overwrite overwrite) {
  check_cdl_path(path);
  const std::string ext = lower_extension(path);
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node parent;
  if (ext == ".cdl") {
    parent = doc.append_child("ColorDecisionList");
    parent.append_attribute("xmlns") = "urn:ASC:CDL:v1.01";
    parent = parent.append_child("ColorDecision");
  } else if (ext == ".ccc") {
    parent = doc.append_child("ColorCorrectionCollection");
    parent.append_attribute("xmlns") = "urn:ASC:CDL:v1.01";
  } else {
    parent = doc;
  }
  pugi::xml_node cc = parent.append_child("ColorCorrection");
  if (ext == ".cc") cc.append_attribute("xmlns") = "urn:ASC:CDL:v1.01";
  cc.append_attribute("id") = id.c_str();
  if (!description.empty()) cc.append_child("Description").text() = description.c_str();
  pugi::xml_node sop = cc.append_child("SOPNode");
  sop.append_child("Slope").text() = triplet(cdl.slope).c_str();
  sop.append_child("Offset").text() = triplet(cdl.offset).c_str();
  sop.append_child("Power").text() = triplet(cdl.power).c_str();
  pugi::xml_node sat = cc.append_child("SATNode");
  sat.append_child("Saturation").text() = fixed(cdl.saturation, 6).c_str();
  std::ostringstream text;
  doc.save(text, "  ");
  write_file_atomically(path, text.str(), overwrite);
}

}  // namespace aceslab::lmt
