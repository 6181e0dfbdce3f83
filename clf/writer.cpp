// SPDX-License-Identifier: Apache-2.0
#include "clf/writer.h"

#include <cmath>
#include <cstdio>
#include <random>
#include <sstream>

#include <pugixml.hpp>

#include "clf/st2136.h"
#include "color/error.h"
#include "color/text.h"
#include "color/half_bits.h"
#include "color/transfer_function.h"

namespace aceslab::aces {
namespace {

// "%.9g": nine significant digits always round-trip a float32 (IEEE 754 binary32 needs 9).
std::string number(double v) {
  if (!std::isfinite(v)) {
    throw Error(ErrorKind::invalid_input, "a value to write is not finite (NaN or Inf), which CLF cannot hold");
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void set_number(pugi::xml_node node, const char* attribute, double v) {
  node.append_attribute(attribute).set_value(number(v).c_str());
}

pugi::xml_node add_node(pugi::xml_node parent, const char* type) {
  pugi::xml_node node = parent.append_child(type);
  node.append_attribute("inBitDepth").set_value("32f");
  node.append_attribute("outBitDepth").set_value("32f");
  return node;
}

// Text from outside (LUT titles and file names, user flags) may be Latin-1 or hold control
// characters: written as valid XML 1.0 text (color/text.h), never as bytes that make the file invalid.
void add_text_child(pugi::xml_node parent, const char* name, const std::string& text) {
  parent.append_child(name).text().set(to_xml_text(text).c_str());
}

// --- baking transfer functions ----------------------------------------------------------------

Pipeline bake_decode(const TransferFunction& tf) {
  const auto [lo, hi] = tf.code_domain();
  Pipeline out;
  if (lo != 0.0 || hi != 1.0) {
    RangeStep range;  // code domain -> [0,1], clamped like the LUT would clamp anyway
    range.min_in = lo;
    range.max_in = hi;
    range.min_out = 0.0;
    range.max_out = 1.0;
    out.append(range);
  }
  Lut1DStep lut;
  lut.values.resize(3 * kBakedDecodeEntries);
  for (std::size_t i = 0; i < kBakedDecodeEntries; ++i) {
    const double code = lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(kBakedDecodeEntries - 1);
    const auto v = static_cast<float>(tf.to_linear(code));
    lut.values[3 * i] = lut.values[3 * i + 1] = lut.values[3 * i + 2] = v;
  }
  out.append(std::move(lut));
  return out;
}

Lut1DStep bake_encode(const TransferFunction& tf) {
  Lut1DStep lut;
  lut.half_domain = true;
  lut.values.resize(3 * kHalfCodes);
  for (int code = 0; code < kHalfCodes; ++code) {
    const float x = half_to_float(static_cast<std::uint16_t>(code));
    // Infinities and NaNs read the neighbouring finite value's entry: a curve is not defined there.
    float v;
    if (std::isnan(x)) {
      v = static_cast<float>(tf.to_code(0.0));
    } else {
      v = static_cast<float>(tf.to_code(std::clamp(static_cast<double>(x), -65504.0, 65504.0)));
    }
    const auto i = static_cast<std::size_t>(code);
    lut.values[3 * i] = lut.values[3 * i + 1] = lut.values[3 * i + 2] = v;
  }
  return lut;
}

void append_transfer(Pipeline& out, const TransferStep& s) {
  if (s.tf == nullptr) throw Error(ErrorKind::internal, "transfer step without a transfer function");
  const TransferFunction& tf = *s.tf;
  if (tf.is_identity()) return;
  const bool decode = s.direction == Direction::forward;
  if (std::optional<LogStep> log = tf.clf_log_decode()) {
    if (!decode) out.append(inverse(Pipeline{}.append(*log)));
    else out.append(*log);
    return;
  }
  if (std::optional<ExponentStep> exponent = tf.clf_exponent_decode()) {
    if (!decode) out.append(inverse(Pipeline{}.append(*exponent)));
    else out.append(*exponent);
    return;
  }
  if (decode) out.append(bake_decode(tf));
  else out.append(bake_encode(tf));
}

// --- nodes -------------------------------------------------------------------------------------

void write_matrix(pugi::xml_node list, const MatrixStep& s) {
  pugi::xml_node node = add_node(list, "Matrix");
  const bool offset = !s.offset.isZero();
  std::string text = "\n";
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      text += (c ? " " : "");
      text += number(s.m(r, c));
    }
    if (offset) {
      text += ' ';
      text += number(s.offset[r]);
    }
    text += '\n';
  }
  pugi::xml_node array = node.append_child("Array");
  array.append_attribute("dim").set_value(offset ? "3 4" : "3 3");
  array.text().set(text.c_str());
}

void write_range(pugi::xml_node list, const RangeStep& s) {
  range_coefficients(s);  // validates the bound pairs
  if (!s.clamp && !(s.min_in && s.max_in)) {
    throw Error(ErrorKind::invalid_input, "a noClamp Range needs both bound pairs (CLF v3 section 7.4)");
  }
  pugi::xml_node node = add_node(list, "Range");
  node.append_attribute("style").set_value(s.clamp ? "Clamp" : "noClamp");
  if (s.min_in) add_text_child(node, "minInValue", number(*s.min_in));
  if (s.max_in) add_text_child(node, "maxInValue", number(*s.max_in));
  if (s.min_out) add_text_child(node, "minOutValue", number(*s.min_out));
  if (s.max_out) add_text_child(node, "maxOutValue", number(*s.max_out));
}

bool same_log_params(const LogParams& a, const LogParams& b) {
  return a.base == b.base && a.log_side_slope == b.log_side_slope && a.log_side_offset == b.log_side_offset &&
         a.lin_side_slope == b.lin_side_slope && a.lin_side_offset == b.lin_side_offset &&
         a.lin_side_break == b.lin_side_break && a.linear_slope == b.linear_slope;
}

void write_log_params(pugi::xml_node node, const LogParams& p, bool camera, const char* channel) {
  pugi::xml_node params = node.append_child("LogParams");
  if (channel) params.append_attribute("channel").set_value(channel);
  set_number(params, "base", p.base);
  set_number(params, "logSideSlope", p.log_side_slope);
  set_number(params, "logSideOffset", p.log_side_offset);
  set_number(params, "linSideSlope", p.lin_side_slope);
  set_number(params, "linSideOffset", p.lin_side_offset);
  if (camera) {
    if (!p.lin_side_break) throw Error(ErrorKind::invalid_input, "camera Log step without linSideBreak");
    set_number(params, "linSideBreak", *p.lin_side_break);
    if (p.linear_slope) set_number(params, "linearSlope", *p.linear_slope);
  }
}

void write_log(pugi::xml_node list, const LogStep& s) {
  pugi::xml_node node = add_node(list, "Log");
  node.append_attribute("style").set_value(to_string(s.style));
  const bool basic = s.style == LogStyle::log10 || s.style == LogStyle::antiLog10 || s.style == LogStyle::log2 ||
                     s.style == LogStyle::antiLog2;
  if (basic) return;
  const bool camera = s.style == LogStyle::cameraLinToLog || s.style == LogStyle::cameraLogToLin;
  if (s.params[0].base != s.params[1].base || s.params[0].base != s.params[2].base) {
    throw Error(ErrorKind::unsupported, "CLF Log needs the same base on all channels (CLF v3 section 7.5)");
  }
  if (same_log_params(s.params[0], s.params[1]) && same_log_params(s.params[0], s.params[2])) {
    write_log_params(node, s.params[0], camera, nullptr);
  } else {
    const char* channels[3] = {"R", "G", "B"};
    for (int c = 0; c < 3; ++c) write_log_params(node, s.params[c], camera, channels[c]);
  }
}

bool is_mon_curve(ExponentStyle s) {
  return s == ExponentStyle::monCurveFwd || s == ExponentStyle::monCurveRev || s == ExponentStyle::monCurveMirrorFwd ||
         s == ExponentStyle::monCurveMirrorRev;
}

void write_exponent(pugi::xml_node list, const ExponentStep& s) {
  pugi::xml_node node = add_node(list, "Exponent");
  node.append_attribute("style").set_value(to_string(s.style));
  const bool mon = is_mon_curve(s.style);
  auto params = [&](int c, const char* channel) {
    pugi::xml_node p = node.append_child("ExponentParams");
    if (channel) p.append_attribute("channel").set_value(channel);
    set_number(p, "exponent", s.exponent[c]);
    if (mon) set_number(p, "offset", s.offset[c]);
  };
  const bool shared = s.exponent[0] == s.exponent[1] && s.exponent[0] == s.exponent[2] &&
                      (!mon || (s.offset[0] == s.offset[1] && s.offset[0] == s.offset[2]));
  if (shared) {
    params(0, nullptr);
  } else {
    params(0, "R");
    params(1, "G");
    params(2, "B");
  }
}

void write_array_rows(pugi::xml_node array, const std::vector<float>& values, bool single_column) {
  std::string text = "\n";
  text.reserve(values.size() * (single_column ? 5 : 14));
  for (std::size_t i = 0; i + 2 < values.size(); i += 3) {
    text += number(values[i]);
    if (!single_column) {
      text += ' ';
      text += number(values[i + 1]);
      text += ' ';
      text += number(values[i + 2]);
    }
    text += '\n';
  }
  array.text().set(text.c_str());
}

void write_lut1d(pugi::xml_node list, const Lut1DStep& s) {
  if (s.values.size() % 3 != 0 || s.size() < 2) throw Error(ErrorKind::invalid_input, "LUT1D needs at least 2 entries");
  if (s.half_domain && s.size() != static_cast<std::size_t>(kHalfCodes)) {
    throw Error(ErrorKind::invalid_input, "halfDomain LUT1D needs 65536 entries");
  }
  pugi::xml_node node = add_node(list, "LUT1D");
  if (s.half_domain) node.append_attribute("halfDomain").set_value("true");
  bool single = true;
  for (std::size_t i = 0; single && i < s.size(); ++i) {
    single = s.values[3 * i] == s.values[3 * i + 1] && s.values[3 * i] == s.values[3 * i + 2];
  }
  pugi::xml_node array = node.append_child("Array");
  const std::string dim = std::to_string(s.size()) + (single ? " 1" : " 3");
  array.append_attribute("dim").set_value(dim.c_str());
  write_array_rows(array, s.values, single);
}

void write_lut3d(pugi::xml_node list, const Lut3DStep& s) {
  const auto n = static_cast<std::size_t>(s.size);
  if (s.size < 2 || s.values.size() != 3 * n * n * n) {
    throw Error(ErrorKind::invalid_input, "LUT3D needs size >= 2 and size^3 entries");
  }
  if (s.size > kMaxClfLut3DSize) {
    throw Error(ErrorKind::unsupported, "LUT3D size " + std::to_string(s.size) + " is larger than " +
                                            std::to_string(kMaxClfLut3DSize) +
                                            ", the largest OpenColorIO 2.1 reads: nothing could use the file");
  }
  pugi::xml_node node = add_node(list, "LUT3D");
  node.append_attribute("interpolation")
      .set_value(s.interpolation == Interpolation3D::tetrahedral ? "tetrahedral" : "trilinear");
  pugi::xml_node array = node.append_child("Array");
  std::ostringstream dim;
  dim << n << ' ' << n << ' ' << n << " 3";
  array.append_attribute("dim").set_value(dim.str().c_str());
  write_array_rows(array, s.values, false);
}

std::string triple(const Vec3& v) {
  std::string text = number(v[0]);
  text += ' ';
  text += number(v[1]);
  text += ' ';
  text += number(v[2]);
  return text;
}

void write_cdl(pugi::xml_node list, const CdlStep& s) {
  pugi::xml_node node = add_node(list, "ASC_CDL");
  node.append_attribute("style").set_value(to_string(s.style));
  pugi::xml_node sop = node.append_child("SOPNode");
  add_text_child(sop, "Slope", triple(s.slope));
  add_text_child(sop, "Offset", triple(s.offset));
  add_text_child(sop, "Power", triple(s.power));
  add_text_child(node.append_child("SatNode"), "Saturation", number(s.saturation));
}

bool is_xml_name(const std::string& key) {
  if (key.empty()) return false;
  const auto c0 = static_cast<unsigned char>(key[0]);
  if (!(std::isalpha(c0) || c0 == '_')) return false;
  if (key.size() >= 3 && (key[0] == 'x' || key[0] == 'X') && (key[1] == 'm' || key[1] == 'M') &&
      (key[2] == 'l' || key[2] == 'L')) {
    return false;
  }
  for (char ch : key) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.')) return false;
  }
  return true;
}

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), size); }
};

}  // namespace

const char* clf_flavor_id(ClfFlavor flavor) {
  return flavor == ClfFlavor::smpte_st2136_1 ? "smpte-st2136-1" : "academy-v3";
}

ClfFlavor parse_clf_flavor(std::string_view id) {
  if (id == "academy-v3") return ClfFlavor::academy_v3;
  if (id == "smpte-st2136-1") return ClfFlavor::smpte_st2136_1;
  throw Error(ErrorKind::usage, "unknown CLF format \"" + std::string(id) + "\" (valid: academy-v3, smpte-st2136-1)");
}

std::string random_urn_uuid() {
  std::random_device rd;  // /dev/urandom on Linux
  unsigned char bytes[16];
  for (unsigned char& b : bytes) b = static_cast<unsigned char>(rd() & 0xFF);
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // RFC 4122 section 4.4: version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // variant 10xx
  std::string s = "urn:uuid:";
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
    s += hex;
  }
  return s;
}

Pipeline clf_exportable(const Pipeline& pipeline) {
  Pipeline out;
  out.name = pipeline.name;
  out.description = pipeline.description;
  out.input_descriptor = pipeline.input_descriptor;
  out.output_descriptor = pipeline.output_descriptor;
  for (std::size_t i = 0; i < pipeline.steps.size(); ++i) {
    const Step& step = pipeline.steps[i];
    if (const auto* t = std::get_if<TransferStep>(&step)) {
      append_transfer(out, *t);
    } else if (std::holds_alternative<OutputTransformStep>(step)) {
      std::string msg = "step ";
      msg += std::to_string(i + 1);
      msg += " is an ACES output transform, which CLF v3 cannot express; bake the pipeline into a LUT3D "
             "(with a shaper) before exporting it";
      throw Error(ErrorKind::unsupported, msg);
    } else {
      out.steps.push_back(step);
    }
  }
  return out;
}

std::string write_clf(const Pipeline& pipeline, const ClfMetadata& meta) {
  const Pipeline p = clf_exportable(pipeline);
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node list = doc.append_child("ProcessList");
  const std::string id = random_urn_uuid();
  const bool smpte = meta.flavor == ClfFlavor::smpte_st2136_1;
  if (smpte) {
    // OpenColorIO 2.6's order: compCLFversion, the namespace, id, name; then <Id> first.
    list.append_attribute("compCLFversion").set_value("3");
    list.append_attribute("xmlns").set_value(std::string(kSt2136Namespace).c_str());
  }
  list.append_attribute("id").set_value(id.c_str());
  if (!p.name.empty()) list.append_attribute("name").set_value(to_xml_text(p.name).c_str());
  if (smpte) {
    add_text_child(list, "Id", id);
  } else {
    list.append_attribute("compCLFversion").set_value("3.0");
  }
  if (!p.description.empty()) add_text_child(list, "Description", p.description);
  if (!p.input_descriptor.empty()) add_text_child(list, "InputDescriptor", p.input_descriptor);
  if (!p.output_descriptor.empty()) add_text_child(list, "OutputDescriptor", p.output_descriptor);
  if (!meta.aces_transform_id.empty() || !meta.aces_user_name.empty() || !meta.info.empty()) {
    pugi::xml_node info = list.append_child("Info");
    if (!meta.aces_transform_id.empty()) add_text_child(info, "ACEStransformID", meta.aces_transform_id);
    if (!meta.aces_user_name.empty()) add_text_child(info, "ACESuserName", meta.aces_user_name);
    for (const auto& [key, value] : meta.info) {
      if (!is_xml_name(key)) {
        std::string msg = "CLF Info key \"";
        msg += key;
        msg += "\" is not a valid XML element name";
        throw Error(ErrorKind::usage, msg, Location({}, 0, "Info"));
      }
      add_text_child(info, key.c_str(), value);
    }
  }
  for (const Step& step : p.steps) {
    std::visit(
        [&](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, MatrixStep>) write_matrix(list, s);
          else if constexpr (std::is_same_v<T, RangeStep>) write_range(list, s);
          else if constexpr (std::is_same_v<T, LogStep>) write_log(list, s);
          else if constexpr (std::is_same_v<T, ExponentStep>) write_exponent(list, s);
          else if constexpr (std::is_same_v<T, Lut1DStep>) write_lut1d(list, s);
          else if constexpr (std::is_same_v<T, Lut3DStep>) write_lut3d(list, s);
          else if constexpr (std::is_same_v<T, CdlStep>) write_cdl(list, s);
          else throw Error(ErrorKind::internal, "clf_exportable left a non-CLF step");
        },
        step);
  }
  if (p.steps.empty()) {
    write_matrix(list, MatrixStep{});  // CLF needs at least one process node: the identity
  }
  StringWriter writer;
  doc.save(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
  return writer.out;
}

void write_clf_file(const std::filesystem::path& path, const Pipeline& pipeline, const ClfMetadata& meta,
                    Overwrite overwrite) {
  check_writable(path, overwrite);
  write_file_atomically(path, write_clf(pipeline, meta), overwrite);
}

}  // namespace aceslab::aces
