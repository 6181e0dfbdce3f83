// SPDX-License-Identifier: Apache-2.0
#include "idt/shader_export.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "color/error.h"
#include "color/steps.h"

namespace aceslab::idt {

namespace {

// Spelling of the two languages.
struct Syntax {
  bool dctl;
  const char* pow() const { return dctl ? "_powf" : "pow"; }
  const char* log() const { return dctl ? "_logf" : "log"; }
  const char* exp() const { return dctl ? "_expf" : "exp"; }
  const char* max() const { return dctl ? "_fmaxf" : "max"; }
  const char* min() const { return dctl ? "_fminf" : "min"; }
};

// 9 significant digits: every float reads back exactly. DCTL constants get the f suffix.
std::string num(double v, const Syntax& s) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  std::string out = buf;
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
  if (s.dctl && out.find_first_of("n") == std::string::npos) out += "f";
  return out;
}

const char* kChannel[3] = {"r", "g", "b"};

class Emitter {
 public:
  explicit Emitter(const Syntax& s) : m_s(s) {}

  std::ostringstream globals, body;

  void step(const aces::Step& step, int index) {
    std::visit(
        [&](const auto& st) {
          using T = std::decay_t<decltype(st)>;
          if constexpr (std::is_same_v<T, aces::MatrixStep>) matrix(st, index);
          else if constexpr (std::is_same_v<T, aces::RangeStep>) range(st);
          else if constexpr (std::is_same_v<T, aces::LogStep>) log(st);
          else if constexpr (std::is_same_v<T, aces::ExponentStep>) exponent(st);
          else if constexpr (std::is_same_v<T, aces::Lut1DStep>) lut1d(st, index);
          else {
            throw Error(ErrorKind::unsupported, "step " + std::to_string(index) + " (" + aces::describe(aces::Step(st)) +
                                                    ") cannot be written as DCTL or CTL");
          }
        },
        step);
  }

 private:
  void line(const std::string& text) { body << "  " << text << "\n"; }

  void matrix(const aces::MatrixStep& m, int index) {
    // Built by appending: g++ 12 reports a false -Wrestrict for "literal" + std::string&&.
    std::string t = "t";
    t += std::to_string(index);
    t += '_';
    for (int r = 0; r < 3; ++r) {
      line("float " + t + kChannel[r] + " = " + num(m.m(r, 0), m_s) + " * r + " + num(m.m(r, 1), m_s) + " * g + " +
           num(m.m(r, 2), m_s) + " * b + " + num(m.offset[r], m_s) + ";");
    }
    for (int r = 0; r < 3; ++r) line(std::string(kChannel[r]) + " = " + t + kChannel[r] + ";");
  }

  void range(const aces::RangeStep& st) {
    const aces::RangeCoefficients k = aces::range_coefficients(st);
    for (const char* c : kChannel) {
      line(std::string(c) + " = " + c + " * " + num(k.scale, m_s) + " + " + num(k.offset, m_s) + ";");
      if (st.clamp && st.min_out) line(std::string(c) + " = " + m_s.max() + "(" + c + ", " + num(*st.min_out, m_s) + ");");
      if (st.clamp && st.max_out) line(std::string(c) + " = " + m_s.min() + "(" + c + ", " + num(*st.max_out, m_s) + ");");
    }
  }

  // log_b(max(slope x + offset, FLT_MIN)) x logSlope + logOffset, as CLF section 7.5.
  std::string lin_to_log(const aces::LogParams& p, const std::string& x) const {
    return num(p.log_side_slope / std::log(p.base), m_s) + " * " + m_s.log() + "(" + m_s.max() + "(" +
           num(p.lin_side_slope, m_s) + " * " + x + " + " + num(p.lin_side_offset, m_s) + ", " + num(1.17549435e-38, m_s) +
           ")) + " + num(p.log_side_offset, m_s);
  }
  std::string log_to_lin(const aces::LogParams& p, const std::string& x) const {
    return std::string("(") + m_s.exp() + "((" + x + " - " + num(p.log_side_offset, m_s) + ") * " +
           num(std::log(p.base) / p.log_side_slope, m_s) + ") - " + num(p.lin_side_offset, m_s) + ") / " +
           num(p.lin_side_slope, m_s);
  }

  void log(const aces::LogStep& st) {
    using aces::LogStyle;
    for (int c = 0; c < 3; ++c) {
      const std::string x = kChannel[c];
      const aces::LogParams& p = st.params[c];
      switch (st.style) {
        case LogStyle::log10:
          line(x + " = " + num(1 / std::log(10.0), m_s) + " * " + m_s.log() + "(" + m_s.max() + "(" + x + ", " +
               num(1.17549435e-38, m_s) + "));");
          break;
        case LogStyle::log2:
          line(x + " = " + num(1 / std::log(2.0), m_s) + " * " + m_s.log() + "(" + m_s.max() + "(" + x + ", " +
               num(1.17549435e-38, m_s) + "));");
          break;
        case LogStyle::antiLog10: line(x + " = " + m_s.exp() + "(" + num(std::log(10.0), m_s) + " * " + x + ");"); break;
        case LogStyle::antiLog2: line(x + " = " + m_s.exp() + "(" + num(std::log(2.0), m_s) + " * " + x + ");"); break;
        case LogStyle::linToLog: line(x + " = " + lin_to_log(p, x) + ";"); break;
        case LogStyle::logToLin: line(x + " = " + log_to_lin(p, x) + ";"); break;
        case LogStyle::cameraLinToLog: {
          const aces::CameraLogSegments seg = aces::camera_log_segments(p);
          line("if (" + x + " <= " + num(*p.lin_side_break, m_s) + ") { " + x + " = " + num(seg.linear_slope, m_s) + " * " +
               x + " + " + num(seg.linear_offset, m_s) + "; } else { " + x + " = " + lin_to_log(p, x) + "; }");
          break;
        }
        case LogStyle::cameraLogToLin: {
          const aces::CameraLogSegments seg = aces::camera_log_segments(p);
          line("if (" + x + " <= " + num(seg.log_side_break, m_s) + ") { " + x + " = (" + x + " - " +
               num(seg.linear_offset, m_s) + ") / " + num(seg.linear_slope, m_s) + "; } else { " + x + " = " +
               log_to_lin(p, x) + "; }");
          break;
        }
      }
    }
  }

  void exponent(const aces::ExponentStep& st) {
    using aces::ExponentStyle;
    const std::string zero = num(0.0, m_s), one = num(1.0, m_s);
    const bool rev = st.style == ExponentStyle::basicRev || st.style == ExponentStyle::basicMirrorRev ||
                     st.style == ExponentStyle::basicPassThruRev || st.style == ExponentStyle::monCurveRev ||
                     st.style == ExponentStyle::monCurveMirrorRev;
    const bool mirror = st.style == ExponentStyle::basicMirrorFwd || st.style == ExponentStyle::basicMirrorRev ||
                        st.style == ExponentStyle::monCurveMirrorFwd || st.style == ExponentStyle::monCurveMirrorRev;
    const bool pass = st.style == ExponentStyle::basicPassThruFwd || st.style == ExponentStyle::basicPassThruRev;
    const bool mon = st.style == ExponentStyle::monCurveFwd || st.style == ExponentStyle::monCurveRev ||
                     st.style == ExponentStyle::monCurveMirrorFwd || st.style == ExponentStyle::monCurveMirrorRev;
    for (int c = 0; c < 3; ++c) {
      const std::string x = kChannel[c], a = std::string("a_") + kChannel[c];
      const double g = st.exponent[c], k = st.offset[c];
      // The curve for a >= 0 written as statements "out = f(in)" (CLF v3 section 7.6; the monCurve
      // constants as pipeline/step_apply.cpp derives them).
      auto curve = [&](const std::string& in, const std::string& out) {
        if (!mon || (k == 0.0 && g != 1.0)) {
          line(out + " = " + m_s.pow() + "(" + in + ", " + num(rev ? 1 / g : g, m_s) + ");");
        } else if (g == 1.0) {
          line(out + " = " + (rev ? num(1 + k, m_s) + " * " + in + " - " + num(k, m_s)
                                  : "(" + in + " + " + num(k, m_s) + ") / " + num(1 + k, m_s)) + ";");
        } else {
          const double x_break = k / (g - 1), y_break = std::pow(k * g / ((g - 1) * (1 + k)), g);
          const double slope = (g - 1) / k * y_break;
          if (rev) {
            line("if (" + in + " >= " + num(y_break, m_s) + ") { " + out + " = " + num(1 + k, m_s) + " * " + m_s.pow() + "(" +
                 in + ", " + num(1 / g, m_s) + ") - " + num(k, m_s) + "; } else { " + out + " = " + in + " / " + num(slope, m_s) +
                 "; }");
          } else {
            line("if (" + in + " >= " + num(x_break, m_s) + ") { " + out + " = " + m_s.pow() + "((" + in + " + " + num(k, m_s) +
                 ") / " + num(1 + k, m_s) + ", " + num(g, m_s) + "); } else { " + out + " = " + in + " * " + num(slope, m_s) +
                 "; }");
          }
        }
      };
      if (mirror) {
        line("float " + a + " = " + x + ";");
        line("float s_" + x + " = " + one + ";");
        line("if (" + x + " < " + zero + ") { " + a + " = -" + x + "; s_" + x + " = -" + one + "; }");
        curve(a, a);
        line(x + " = s_" + x + " * " + a + ";");
      } else if (pass) {
        line("if (" + x + " >= " + zero + ") {");
        curve(x, x);
        line("}");
      } else if (mon && g == 1.0) {
        curve(x, x);
      } else if (mon && k != 0.0) {
        curve(x, x);  // monCurve below its break is linear through 0: negative inputs follow it
      } else {
        line("float " + a + " = " + m_s.max() + "(" + x + ", " + zero + ");");
        curve(a, x);
      }
    }
  }

  void lut1d(const aces::Lut1DStep& st, int index) {
    if (st.half_domain) throw Error(ErrorKind::unsupported, "a halfDomain LUT1D cannot be written as DCTL or CTL");
    const std::size_t n = st.size();
    for (int c = 0; c < 3; ++c) {
      const std::string name = "lut" + std::to_string(index) + "_" + kChannel[c];
      globals << (m_s.dctl ? "__CONSTANT__ float " : "const float ") << name << "[" << n << "] = {";
      for (std::size_t i = 0; i < n; ++i) {
        if (i % 8 == 0) globals << "\n  ";
        globals << num(st.values[3 * i + c], m_s) << (i + 1 < n ? ", " : "");
      }
      globals << "\n};\n";
      if (m_s.dctl) {
        line(std::string(kChannel[c]) + " = lut1d(" + name + ", " + std::to_string(n) + ", " + kChannel[c] + ");");
      } else {
        line(std::string(kChannel[c]) + " = lookup1D(" + name + ", 0.0, 1.0, " + kChannel[c] + ");");
      }
    }
    m_uses_lut = true;
  }

 public:
  bool m_uses_lut = false;

 private:
  const Syntax& m_s;
};

}  // namespace

std::string write_shader(const aces::Pipeline& p, ShaderLanguage language, const ShaderMetadata& meta) {
  const Syntax syntax{language == ShaderLanguage::dctl};
  Emitter e(syntax);
  for (std::size_t i = 0; i < p.steps.size(); ++i) e.step(p.steps[i], static_cast<int>(i + 1));
  std::ostringstream out;
  if (!syntax.dctl && !meta.transform_id.empty()) out << "// <ACEStransformID>" << meta.transform_id << "</ACEStransformID>\n";
  if (!meta.name.empty()) out << "// <ACESuserName>" << meta.name << "</ACESuserName>\n";
  out << "//\n// " << (syntax.dctl ? "DaVinci Resolve DCTL" : "ACES CTL") << " written by aceslab idt: "
      << (p.input_descriptor.empty() ? std::string("camera code values") : p.input_descriptor) << " -> ACES2065-1.\n";
  for (const auto& [k, v] : meta.info) out << "// " << k << ": " << v << "\n";
  out << "// Steps: ";
  for (std::size_t i = 0; i < p.steps.size(); ++i) out << (i ? ", " : "") << aces::describe(p.steps[i]);
  out << "\n\n" << e.globals.str();
  if (syntax.dctl) {
    if (e.m_uses_lut) {
      out << "\n// CLF LUT1D: input clamped to [0, 1], linear interpolation between entries.\n"
             "__DEVICE__ float lut1d(__CONSTANTREF__ float* t, int n, float x) {\n"
             "  x = _fminf(_fmaxf(x, 0.0f), 1.0f);\n"
             "  float pos = x * (float)(n - 1);\n"
             "  int lo = (int)pos;\n"
             "  if (lo > n - 2) lo = n - 2;\n"
             "  float f = pos - (float)lo;\n"
             "  return t[lo] + f * (t[lo + 1] - t[lo]);\n"
             "}\n";
    }
    out << "\n__DEVICE__ float3 transform(int p_Width, int p_Height, int p_X, int p_Y, float p_R, float p_G, float p_B) {\n"
           "  float r = p_R;\n  float g = p_G;\n  float b = p_B;\n"
        << e.body.str() << "  return make_float3(r, g, b);\n}\n";
  } else {
    out << "\nvoid main(input varying float rIn, input varying float gIn, input varying float bIn, input varying float aIn,\n"
           "          output varying float rOut, output varying float gOut, output varying float bOut,\n"
           "          output varying float aOut) {\n"
           "  float r = rIn;\n  float g = gIn;\n  float b = bIn;\n"
        << e.body.str() << "  rOut = r;\n  gOut = g;\n  bOut = b;\n  aOut = aIn;\n}\n";
  }
  return out.str();
}

}  // namespace aceslab::idt
