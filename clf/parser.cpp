// SPDX-License-Identifier: Apache-2.0
#include "clf/parser.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <pugixml.hpp>

#include "color/error.h"
#include "color/input_file.h"
#include "color/text.h"
#include "color/half_bits.h"

namespace aceslab::aces {
namespace {

std::string local_name(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon ? std::string(colon + 1) : std::string(name);
}

pugi::xml_node child(const pugi::xml_node& node, const char* name) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && local_name(c.name()) == name) return c;
  }
  return {};
}

class Parser {
 public:
  Parser(const std::string& data, std::string name) : m_data(data), m_name(std::move(name)) {}

  Pipeline parse() {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed =
        doc.load_buffer(m_data.data(), m_data.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed) {
      std::string msg = "malformed XML: ";
      msg += parsed.description();
      throw Error(ErrorKind::invalid_input, msg, Location(m_name, line_at(parsed.offset)));
    }
    const pugi::xml_node root = doc.document_element();
    if (!root || local_name(root.name()) != "ProcessList") {
      throw Error(ErrorKind::invalid_input, "not a CLF document: expected <ProcessList>", Location(m_name));
    }
    Pipeline p;
    p.name = root.attribute("name").value();
    for (pugi::xml_node node : root.children()) {
      if (node.type() != pugi::node_element) continue;
      const std::string type = local_name(node.name());
      if (type == "Matrix" || type == "Range" || type == "Log" || type == "Exponent" || type == "LUT1D" ||
          type == "LUT3D" || type == "ASC_CDL") {
        scale_of(node, "inBitDepth");  // both are required on every node (CLF v3 section 6.2)
        scale_of(node, "outBitDepth");
      }
      if (type == "Description") {
        if (!p.description.empty()) p.description += '\n';
        p.description += trimmed(node.text().get());
      } else if (type == "InputDescriptor") {
        p.input_descriptor = trimmed(node.text().get());
      } else if (type == "OutputDescriptor") {
        p.output_descriptor = trimmed(node.text().get());
      } else if (type == "Matrix") {
        p.append(matrix(node));
      } else if (type == "Range") {
        p.append(range(node));
      } else if (type == "Log") {
        p.append(log(node));
      } else if (type == "Exponent") {
        p.append(exponent(node));
      } else if (type == "LUT1D") {
        p.append(lut1d(node));
      } else if (type == "LUT3D") {
        p.append(lut3d(node));
      } else if (type == "ASC_CDL") {
        p.append(cdl(node));
      } else if (type != "Info" && type != "Id") {
        fail(node, "unknown element <" + type + "> in <ProcessList>");
      }
    }
    if (p.steps.empty()) fail(root, "the ProcessList has no process node");
    return p;
  }

 private:
  const std::string& m_data;
  std::string m_name;

  static std::string trimmed(std::string s) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
  }

  int line_at(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    const auto end = m_data.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(m_data.size()));
    return 1 + static_cast<int>(std::count(m_data.begin(), end, '\n'));
  }

  [[noreturn]] void fail(const pugi::xml_node& node, const std::string& msg,
                         ErrorKind kind = ErrorKind::invalid_input) const {
    throw Error(kind, msg, Location(m_name, line_at(node.offset_debug()), node.name()));
  }

  double number(const pugi::xml_node& node, const char* text, const char* what) const {
    const std::string s = trimmed(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) {
      std::string msg = "expected a number for ";
      msg += what;
      msg += ", got \"";
      msg += s;
      msg += '"';
      fail(node, msg);
    }
    return v;
  }

  // All the text of an element, across comments and CDATA sections.
  static std::string text_of(const pugi::xml_node& node) {
    std::string text;
    for (pugi::xml_node c : node.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        text += c.value();
        text += ' ';
      }
    }
    return text;
  }

  std::vector<double> numbers(const pugi::xml_node& node, const char* text) const {
    std::vector<double> out;
    const char* p = text;
    while (true) {
      while (*p && (std::isspace(static_cast<unsigned char>(*p)) || *p == ',')) ++p;
      if (!*p) break;
      char* end = nullptr;
      const double v = std::strtod(p, &end);
      if (end == p || !std::isfinite(v)) {
        const std::string_view token(p, std::strcspn(p, " \t\r\n,"));
        fail(node, "expected a finite number in <" + local_name(node.name()) + ">, got " + quote_excerpt(token));
      }
      out.push_back(v);
      p = end;
    }
    return out;
  }

  // CLF v3 section 8: integer depths are scaled by 2^bits - 1, float depths by 1.
  double scale_of(const pugi::xml_node& node, const char* attribute) const {
    const std::string depth = node.attribute(attribute).value();
    if (depth == "8i") return 255.0;
    if (depth == "10i") return 1023.0;
    if (depth == "12i") return 4095.0;
    if (depth == "16i") return 65535.0;
    if (depth == "16f" || depth == "32f") return 1.0;
    if (depth.empty()) fail(node, std::string(attribute) + " is missing");
    fail(node, std::string(attribute) + " has an unknown value \"" + depth + '"');
  }

  // The Array's dimensions and values, checked against each other.
  std::pair<std::vector<int>, std::vector<double>> array(const pugi::xml_node& node) const {
    const pugi::xml_node a = child(node, "Array");
    if (!a) fail(node, "<Array> is missing");
    std::vector<int> dim;
    for (double d : numbers(a, a.attribute("dim").value())) {
      if (d < 1 || d != std::floor(d) || d > 1e8) fail(a, "Array dim values must be positive integers");
      dim.push_back(static_cast<int>(d));
    }
    if (dim.empty()) fail(a, "Array has no dim attribute");
    std::vector<double> values = numbers(a, text_of(a).c_str());
    return {dim, values};
  }

  void expect_count(const pugi::xml_node& node, std::size_t got, std::size_t want) const {
    if (got != want) {
      fail(child(node, "Array"), "Array holds " + std::to_string(got) + " values, dim says " + std::to_string(want));
    }
  }

  MatrixStep matrix(const pugi::xml_node& node) const {
    const double in = scale_of(node, "inBitDepth"), out = scale_of(node, "outBitDepth");
    auto [dim, v] = array(node);
    // "3 3" and "3 4"; CLF v2's "3 3 3" / "3 4 3" give the component count third.
    if (dim.size() == 3 && dim[2] == 3) dim.pop_back();
    if (dim.size() != 2 || dim[0] != 3 || (dim[1] != 3 && dim[1] != 4)) {
      fail(child(node, "Array"), "Matrix Array dim must be \"3 3\" or \"3 4\"");
    }
    const int cols = dim[1];
    expect_count(node, v.size(), static_cast<std::size_t>(3 * cols));
    MatrixStep m;
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) m.m(r, c) = v[static_cast<std::size_t>(r * cols + c)] * in / out;
      if (cols == 4) m.offset[r] = v[static_cast<std::size_t>(r * cols + 3)] / out;
    }
    return m;
  }

  RangeStep range(const pugi::xml_node& node) const {
    const double in = scale_of(node, "inBitDepth"), out = scale_of(node, "outBitDepth");
    RangeStep r;
    auto value = [&](const char* name, double scale) -> std::optional<double> {
      const pugi::xml_node c = child(node, name);
      if (!c) return std::nullopt;
      return number(c, c.text().get(), name) / scale;
    };
    r.min_in = value("minInValue", in);
    r.max_in = value("maxInValue", in);
    r.min_out = value("minOutValue", out);
    r.max_out = value("maxOutValue", out);
    const std::string style = node.attribute("style").value();
    if (style == "noClamp") {
      r.clamp = false;
    } else if (!style.empty() && style != "Clamp") {
      fail(node, "unknown Range style \"" + style + '"');
    }
    try {
      range_coefficients(r);
    } catch (const Error& e) {
      fail(node, e.detail());
    }
    if (!r.clamp && !(r.min_in && r.max_in)) fail(node, "a noClamp Range needs all four values");
    return r;
  }

  LogStep log(const pugi::xml_node& node) const {
    static const std::pair<const char*, LogStyle> kStyles[] = {
        {"log10", LogStyle::log10},       {"antiLog10", LogStyle::antiLog10},
        {"log2", LogStyle::log2},         {"antiLog2", LogStyle::antiLog2},
        {"linToLog", LogStyle::linToLog}, {"logToLin", LogStyle::logToLin},
        {"cameraLinToLog", LogStyle::cameraLinToLog}, {"cameraLogToLin", LogStyle::cameraLogToLin}};
    const std::string style = node.attribute("style").value();
    LogStep s;
    bool found = false;
    for (const auto& [name, value] : kStyles) {
      if (style == name) {
        s.style = value;
        found = true;
      }
    }
    if (!found) fail(node, "unknown Log style \"" + style + '"');
    const bool camera = s.style == LogStyle::cameraLinToLog || s.style == LogStyle::cameraLogToLin;
    for (pugi::xml_node p : node.children()) {
      if (p.type() != pugi::node_element || local_name(p.name()) != "LogParams") continue;
      LogParams params;
      auto attr = [&](const char* name, double fallback) {
        const pugi::xml_attribute a = p.attribute(name);
        return a ? number(p, a.value(), name) : fallback;
      };
      params.base = attr("base", 2.0);
      params.log_side_slope = attr("logSideSlope", 1.0);
      params.log_side_offset = attr("logSideOffset", 0.0);
      params.lin_side_slope = attr("linSideSlope", 1.0);
      params.lin_side_offset = attr("linSideOffset", 0.0);
      if (p.attribute("linSideBreak")) {
        if (!camera) fail(p, "linSideBreak is only allowed for the camera Log styles");
        params.lin_side_break = attr("linSideBreak", 0.0);
      }
      if (p.attribute("linearSlope")) params.linear_slope = attr("linearSlope", 1.0);
      if (camera && !params.lin_side_break) fail(p, "linSideBreak is required for style " + style);
      const std::string channel = p.attribute("channel").value();
      if (channel.empty()) {
        s.params = {params, params, params};
      } else if (channel == "R" || channel == "G" || channel == "B") {
        s.params[channel == "R" ? 0 : channel == "G" ? 1 : 2] = params;
      } else {
        fail(p, "unknown LogParams channel \"" + channel + '"');
      }
    }
    return s;
  }

  ExponentStep exponent(const pugi::xml_node& node) const {
    static const std::pair<const char*, ExponentStyle> kStyles[] = {
        {"basicFwd", ExponentStyle::basicFwd},
        {"basicRev", ExponentStyle::basicRev},
        {"basicMirrorFwd", ExponentStyle::basicMirrorFwd},
        {"basicMirrorRev", ExponentStyle::basicMirrorRev},
        {"basicPassThruFwd", ExponentStyle::basicPassThruFwd},
        {"basicPassThruRev", ExponentStyle::basicPassThruRev},
        {"monCurveFwd", ExponentStyle::monCurveFwd},
        {"monCurveRev", ExponentStyle::monCurveRev},
        {"monCurveMirrorFwd", ExponentStyle::monCurveMirrorFwd},
        {"monCurveMirrorRev", ExponentStyle::monCurveMirrorRev}};
    const std::string style = node.attribute("style").value();
    ExponentStep s;
    bool found = false;
    for (const auto& [name, value] : kStyles) {
      if (style == name) {
        s.style = value;
        found = true;
      }
    }
    if (!found) fail(node, "unknown Exponent style \"" + style + '"');
    const bool mon = style.rfind("monCurve", 0) == 0;
    bool any = false;
    for (pugi::xml_node p : node.children()) {
      if (p.type() != pugi::node_element || local_name(p.name()) != "ExponentParams") continue;
      any = true;
      if (!p.attribute("exponent")) fail(p, "ExponentParams needs an exponent");
      const double g = number(p, p.attribute("exponent").value(), "exponent");
      double k = 0.0;
      if (p.attribute("offset")) {
        if (!mon) fail(p, "offset is only allowed for the monCurve styles");
        k = number(p, p.attribute("offset").value(), "offset");
      } else if (mon) {
        fail(p, "the monCurve styles need an offset");
      }
      const std::string channel = p.attribute("channel").value();
      for (int c = 0; c < 3; ++c) {
        if (channel.empty() || channel == std::string(1, "RGB"[c])) {
          s.exponent[static_cast<std::size_t>(c)] = g;
          s.offset[static_cast<std::size_t>(c)] = k;
        }
      }
    }
    if (!any) fail(node, "<ExponentParams> is missing");
    return s;
  }

  Lut1DStep lut1d(const pugi::xml_node& node) const {
    const double out = scale_of(node, "outBitDepth");
    auto [dim, v] = array(node);
    if (dim.size() != 2 || (dim[1] != 1 && dim[1] != 3)) fail(child(node, "Array"), "LUT1D Array dim must be \"n 1\" or \"n 3\"");
    const auto n = static_cast<std::size_t>(dim[0]);
    const auto comps = static_cast<std::size_t>(dim[1]);
    expect_count(node, v.size(), n * comps);
    if (n < 2) fail(child(node, "Array"), "LUT1D needs at least 2 entries");
    Lut1DStep lut;
    const std::string half_domain = node.attribute("halfDomain").value();
    const std::string raw_halfs = node.attribute("rawHalfs").value();
    if (!half_domain.empty() && half_domain != "true") fail(node, "halfDomain must be \"true\" when present");
    if (!raw_halfs.empty() && raw_halfs != "true") fail(node, "rawHalfs must be \"true\" when present");
    lut.half_domain = half_domain == "true";
    if (lut.half_domain && n != static_cast<std::size_t>(kHalfCodes)) {
      fail(node, "a halfDomain LUT1D needs 65536 entries, found " + std::to_string(n));
    }
    lut.values.resize(3 * n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t c = 0; c < 3; ++c) {
        double x = v[i * comps + (comps == 3 ? c : 0)];
        if (raw_halfs == "true") {
          if (x < 0 || x > 65535 || x != std::floor(x)) fail(child(node, "Array"), "rawHalfs values must be 0..65535");
          x = half_to_float(static_cast<std::uint16_t>(x));
        }
        lut.values[3 * i + c] = static_cast<float>(x / out);
      }
    }
    return lut;
  }

  Lut3DStep lut3d(const pugi::xml_node& node) const {
    const double out = scale_of(node, "outBitDepth");
    auto [dim, v] = array(node);
    if (dim.size() != 4 || dim[3] != 3 || dim[0] != dim[1] || dim[0] != dim[2] || dim[0] < 2) {
      fail(child(node, "Array"), "LUT3D Array dim must be \"n n n 3\" with n >= 2");
    }
    const auto n = static_cast<std::size_t>(dim[0]);
    expect_count(node, v.size(), 3 * n * n * n);
    Lut3DStep lut;
    lut.size = dim[0];
    const std::string interp = node.attribute("interpolation").value();
    if (interp.empty() || interp == "trilinear") {
      lut.interpolation = Interpolation3D::trilinear;
    } else if (interp == "tetrahedral") {
      lut.interpolation = Interpolation3D::tetrahedral;
    } else {
      fail(node, "unknown LUT3D interpolation \"" + interp + '"');
    }
    lut.values.resize(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) lut.values[i] = static_cast<float>(v[i] / out);
    return lut;
  }

  Vec3 triple(const pugi::xml_node& sop, const char* name) const {
    const pugi::xml_node c = child(sop, name);
    if (!c) fail(sop, std::string("<") + name + "> is missing");
    const std::vector<double> v = numbers(c, text_of(c).c_str());
    if (v.size() != 3) fail(c, std::string("<") + name + "> needs 3 values");
    return Vec3(v[0], v[1], v[2]);
  }

  CdlStep cdl(const pugi::xml_node& node) const {
    CdlStep s;
    const std::string style = node.attribute("style").value();
    if (style.empty() || style == "Fwd" || style == "v1.2_Fwd") s.style = CdlStyle::Fwd;
    else if (style == "Rev" || style == "v1.2_Rev") s.style = CdlStyle::Rev;
    else if (style == "FwdNoClamp" || style == "noClampFwd") s.style = CdlStyle::FwdNoClamp;
    else if (style == "RevNoClamp" || style == "noClampRev") s.style = CdlStyle::RevNoClamp;
    else fail(node, "unknown ASC_CDL style \"" + style + '"');
    if (const pugi::xml_node sop = child(node, "SOPNode")) {
      s.slope = triple(sop, "Slope");
      s.offset = triple(sop, "Offset");
      s.power = triple(sop, "Power");
      for (int c = 0; c < 3; ++c) {
        if (s.slope[c] < 0) fail(sop, "Slope must be >= 0");
        if (!(s.power[c] > 0)) fail(sop, "Power must be > 0");
      }
    }
    if (const pugi::xml_node sat = child(node, "SatNode")) {
      const pugi::xml_node value = child(sat, "Saturation");
      if (!value) fail(sat, "<Saturation> is missing");
      s.saturation = number(value, value.text().get(), "Saturation");
      if (s.saturation < 0) fail(value, "Saturation must be >= 0");
    }
    return s;
  }
};

}  // namespace

Pipeline parse_clf_pipeline(const std::string& document, const std::string& name) {
  return Parser(document, name).parse();
}

Pipeline read_clf_pipeline(const std::filesystem::path& path, const ClfReadOptions& options) {
  const std::string bytes = read_input_file(path, options.max_file_bytes, "the CLF file");
  check_clf_document(bytes, path, options);  // encoding, DTD, depth, structure and number checks
  return parse_clf_pipeline(bytes, path.string());
}

}  // namespace aceslab::aces
