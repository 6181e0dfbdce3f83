// SPDX-License-Identifier: Apache-2.0
#include "lmt/lut_steps.h"

#include <cmath>
#include <sstream>

#include <Eigen/LU>

#include "color/half_bits.h"

namespace OCIO = OCIO_NAMESPACE;

namespace aceslab::lmt {
namespace {

// Float noise of a LUT1D written as an identity with 6 decimals.
constexpr double kIdentityTolerance = 1e-6;

bool is_identity(const aces::Lut1DStep& s) {
  const std::size_t n = s.size();
  if (s.half_domain || n < 2) return false;
  for (std::size_t k = 0; k < n; ++k) {
    const double want = static_cast<double>(k) / (n - 1);
    for (int c = 0; c < 3; ++c) {
      if (std::fabs(s.values[3 * k + c] - want) > kIdentityTolerance) return false;
    }
  }
  return true;
}

// A half-domain LUT1D also holds entries for the Inf and NaN input codes; 16-bit float LUTs often
// store Inf or NaN there, which CLF cannot hold. Those entries never map a finite input (aceslab and
// the LMT's consumers see finite pixels): an infinite input takes the entry of the largest finite half
// of its sign, a NaN input maps to 0. Returns how many entries were replaced.
std::size_t settle_nonfinite_input_codes(aces::Lut1DStep& s) {
  std::size_t replaced = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const float in = aces::half_to_float(static_cast<std::uint16_t>(k));
    if (std::isfinite(in)) continue;
    for (int c = 0; c < 3; ++c) {
      float& v = s.values[3 * k + c];
      if (std::isfinite(v)) continue;
      const std::size_t neighbour = (k & 0x8000u) | aces::kHalfMaxCode;
      v = std::isnan(in) ? 0.0f : s.values[3 * neighbour + c];
      ++replaced;
    }
  }
  return replaced;
}

// The first entry of `values` (RGB triplets) that is not a finite number, or npos.
std::size_t first_nonfinite(const std::vector<float>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) return i;
  }
  return std::string::npos;
}

// Appends the steps of `group` to `out`; returns an empty string or why an op has no exact step.
// A table entry that is not a finite number for a finite input is bad input: `invalid` says which.
std::string convert(const OCIO::ConstGroupTransformRcPtr& group, aces::Pipeline& out, int& index,
                    std::string& invalid) {
  for (int i = 0; i < group->getNumTransforms(); ++i) {
    const OCIO::ConstTransformRcPtr t = group->getTransform(i);
    const int op = index++;
    auto why = [&](const std::string& what) {
      std::ostringstream o;
      o << what << " (op " << op + 1 << ")";
      return o.str();
    };
    if (auto g = OCIO::DynamicPtrCast<const OCIO::GroupTransform>(t)) {
      --index;
      const std::string r = convert(g, out, index, invalid);
      if (!invalid.empty()) return {};
      if (!r.empty()) return r;
    } else if (auto l1 = OCIO::DynamicPtrCast<const OCIO::Lut1DTransform>(t)) {
      if (l1->getDirection() != OCIO::TRANSFORM_DIR_FORWARD) return why("an inverse LUT1D");
      if (l1->getHueAdjust() != OCIO::HUE_NONE) return why("a LUT1D with hue adjustment");
      aces::Lut1DStep s;
      s.half_domain = l1->getInputHalfDomain();
      const unsigned long n = l1->getLength();
      s.values.resize(3 * static_cast<std::size_t>(n));
      for (unsigned long k = 0; k < n; ++k) l1->getValue(k, s.values[3 * k], s.values[3 * k + 1], s.values[3 * k + 2]);
      if (s.half_domain) settle_nonfinite_input_codes(s);
      if (const std::size_t at = first_nonfinite(s.values); at != std::string::npos) {
        std::ostringstream o;
        o << "LUT1D (op " << op + 1 << ") entry " << at / 3 << " (" << "RGB"[at % 3]
          << ") is not a finite number (" << s.values[at] << ")";
        if (s.half_domain) o << " for the finite input " << aces::half_to_float(static_cast<std::uint16_t>(at / 3));
        invalid = o.str();
        return {};
      }
      // An identity (a .cub InputLUT or .3dl mesh that maps nothing) is left out: it only clamps
      // to [0,1], which the 3D table that follows does too.
      if (!is_identity(s)) out.steps.emplace_back(std::move(s));
    } else if (auto l3 = OCIO::DynamicPtrCast<const OCIO::Lut3DTransform>(t)) {
      if (l3->getDirection() != OCIO::TRANSFORM_DIR_FORWARD) return why("an inverse LUT3D");
      aces::Lut3DStep s;
      s.size = static_cast<int>(l3->getGridSize());
      s.interpolation = l3->getInterpolation() == OCIO::INTERP_LINEAR ? aces::Interpolation3D::trilinear
                                                                      : aces::Interpolation3D::tetrahedral;
      const std::size_t n = static_cast<std::size_t>(s.size);
      s.values.resize(3 * n * n * n);
      std::size_t k = 0;
      // CLF order: blue varies fastest.
      for (unsigned long r = 0; r < n; ++r)
        for (unsigned long g = 0; g < n; ++g)
          for (unsigned long b = 0; b < n; ++b, k += 3) l3->getValue(r, g, b, s.values[k], s.values[k + 1], s.values[k + 2]);
      if (const std::size_t at = first_nonfinite(s.values); at != std::string::npos) {
        const std::size_t node = at / 3;
        std::ostringstream o;
        o << "LUT3D (op " << op + 1 << ") node (" << node / (n * n) << ", " << node / n % n << ", " << node % n
          << ") " << "RGB"[at % 3] << " is not a finite number (" << s.values[at] << ")";
        invalid = o.str();
        return {};
      }
      out.steps.emplace_back(std::move(s));
    } else if (auto m = OCIO::DynamicPtrCast<const OCIO::MatrixTransform>(t)) {
      double m44[16], offset[4];
      m->getMatrix(m44);
      m->getOffset(offset);
      aces::MatrixStep s;
      for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) s.m(r, c) = m44[4 * r + c];
        s.offset[r] = offset[r];
      }
      if (m->getDirection() != OCIO::TRANSFORM_DIR_FORWARD) {
        const aces::Mat3 inv = s.m.inverse();
        s.offset = -(inv * s.offset);
        s.m = inv;
      }
      out.steps.emplace_back(std::in_place_type<aces::MatrixStep>, s);
    } else if (auto rt = OCIO::DynamicPtrCast<const OCIO::RangeTransform>(t)) {
      if (rt->getDirection() != OCIO::TRANSFORM_DIR_FORWARD) return why("an inverse Range");
      aces::RangeStep s;
      if (rt->hasMinInValue()) s.min_in = rt->getMinInValue();
      if (rt->hasMaxInValue()) s.max_in = rt->getMaxInValue();
      if (rt->hasMinOutValue()) s.min_out = rt->getMinOutValue();
      if (rt->hasMaxOutValue()) s.max_out = rt->getMaxOutValue();
      s.clamp = rt->getStyle() == OCIO::RANGE_CLAMP;
      out.steps.emplace_back(std::in_place_type<aces::RangeStep>, s);
    } else {
      return why("an op with no CLF equivalent here (OpenColorIO transform type " +
                 std::to_string(static_cast<int>(t->getTransformType())) + ")");
    }
  }
  return {};
}

}  // namespace

LutSteps ocio_to_steps(const OCIO::ConstGroupTransformRcPtr& group) {
  LutSteps r;
  aces::Pipeline p;
  int index = 0;
  r.reason = convert(group, p, index, r.invalid);
  if (r.reason.empty() && r.invalid.empty()) r.steps = std::move(p);
  return r;
}

}  // namespace aceslab::lmt
