// SPDX-License-Identifier: Apache-2.0
// Display encodings (inverse EOTFs) against published values, round trips, and mirroring.
#include "aces2/display_encoding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <vector>

#include "aces2/fast_math.h"
#include "aces2/render.h"
#include "color/error.h"

namespace aceslab::aces {
namespace {

constexpr Eotf kAll[] = {Eotf::bt1886, Eotf::gamma2_6, Eotf::gamma2_2, Eotf::srgb, Eotf::pq, Eotf::hlg, Eotf::linear};

// Published values are given to 4-6 digits; compare at that precision.
constexpr double kPublishedTol = 2e-5;
// Round trips go through float: a few ulps of the code value.
constexpr double kRoundTripTol = 2e-6;

float enc(Eotf e, float x, double peak = 1000.0) {
  std::vector<float> v = {x, x, x};
  DisplayEncoding(e, peak).encode(v);
  return v[0];
}
float dec(Eotf e, float x, double peak = 1000.0) {
  std::vector<float> v = {x, x, x};
  DisplayEncoding(e, peak).decode(v);
  return v[0];
}

TEST(DisplayEncoding, PublishedValues) {
  // SMPTE ST 2084: 100 cd/m^2 -> 0.508078, 1000 -> 0.751827, 10000 -> 1 (display-linear 1.0 = 100 nit).
  EXPECT_NEAR(enc(Eotf::pq, 1.0f), 0.508078, kPublishedTol);
  EXPECT_NEAR(enc(Eotf::pq, 10.0f), 0.751827, kPublishedTol);
  EXPECT_NEAR(enc(Eotf::pq, 100.0f), 1.0, kPublishedTol);
  EXPECT_NEAR(enc(Eotf::pq, 0.0f), std::pow(3424.0 / 4096.0, 2523.0 / 4096.0 * 128.0), 1e-9);  // c1^m2
  // IEC 61966-2-1: 18 % grey -> 0.46135, white -> 1, and the linear toe.
  EXPECT_NEAR(enc(Eotf::srgb, 0.18f), 0.461356, kPublishedTol);
  EXPECT_NEAR(enc(Eotf::srgb, 1.0f), 1.0, kPublishedTol);
  EXPECT_NEAR(enc(Eotf::srgb, 0.001f), 0.0129, 1e-4);  // slope ~12.92
  // Pure powers.
  EXPECT_NEAR(enc(Eotf::bt1886, 0.18f), std::pow(0.18, 1 / 2.4), 1e-6);
  EXPECT_NEAR(enc(Eotf::gamma2_6, 0.18f), std::pow(0.18, 1 / 2.6), 1e-6);
  EXPECT_NEAR(enc(Eotf::gamma2_2, 0.18f), std::pow(0.18, 1 / 2.2), 1e-6);
  EXPECT_EQ(enc(Eotf::linear, 0.18f), 0.18f);
  // BT.2100 HLG at L_W = 1000 cd/m^2 (system gamma 1.2): signal 0.75 is HDR reference white,
  // 203 cd/m^2 (ITU-R BT.2408), and signal 1.0 is L_W.
  EXPECT_NEAR(dec(Eotf::hlg, 0.75f) * 100.0, 203.0, 0.5);
  EXPECT_NEAR(dec(Eotf::hlg, 1.0f) * 100.0, 1000.0, 0.01);
  EXPECT_NEAR(enc(Eotf::hlg, 10.0f), 1.0, 1e-6);
}

TEST(DisplayEncoding, RoundTripsAndMirroring) {
  for (Eotf e : kAll) {
    for (double x = 1e-4; x <= 100.0; x *= 1.7) {
      const float lin = static_cast<float>(x);
      const float code = enc(e, lin);
      EXPECT_NEAR(dec(e, code), lin, kRoundTripTol * 50 * std::max(1.0, x)) << eotf_id(e) << " x=" << x;
      // Negative light is mirrored through the curve.
      EXPECT_FLOAT_EQ(enc(e, -lin), -code) << eotf_id(e);
      EXPECT_FLOAT_EQ(dec(e, -code), dec(e, code) * -1.0f) << eotf_id(e);
    }
  }
}

TEST(DisplayEncoding, HlgOotfCouplesChannels) {
  // A saturated colour: the OOTF gain depends on luminance, so channels are not encoded independently.
  std::vector<float> v = {2.0f, 0.1f, 0.05f};
  const DisplayEncoding hlg(Eotf::hlg, 1000.0);
  hlg.encode(v);
  EXPECT_NE(v[0], enc(Eotf::hlg, 2.0f));
  hlg.decode(v);
  EXPECT_NEAR(v[0], 2.0f, 1e-5);
  EXPECT_NEAR(v[1], 0.1f, 1e-6);
  EXPECT_NEAR(v[2], 0.05f, 1e-6);
}

TEST(DisplayEncoding, NaNBecomesZero) {
  for (Eotf e : kAll) {
    std::vector<float> v = {std::nanf(""), 0.5f, 0.5f};
    DisplayEncoding(e).encode(v);
    EXPECT_EQ(v[0], enc(e, 0.0f)) << eotf_id(e);  // NaN light encodes as black
    EXPECT_FALSE(std::isnan(v[0])) << eotf_id(e);
  }
}

TEST(DisplayEncoding, Ids) {
  for (Eotf e : kAll) EXPECT_EQ(parse_eotf(eotf_id(e)), e);
  EXPECT_EQ(eotf_id(Eotf::gamma2_6), "gamma2.6");
  try {
    parse_eotf("gamma2.4");
    FAIL();
  } catch (const Error& err) {
    EXPECT_EQ(err.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(err.what()).find("bt1886"), std::string::npos);
  }
}

}  // namespace
}  // namespace aceslab::aces

namespace aceslab::aces {
namespace {

// The vectorised power behind the image paths and the pure-power/PQ encodes (fast_math.h) against
// double-precision std::pow over 80 stops and every exponent the transform uses. 5e-7 relative is
// about 4 float ulps: the bound that keeps the rendered code values within float noise of libm.
constexpr double kFastPowRelTol = 5e-7;

TEST(FastPow, MatchesStdPow) {
  const float exponents[] = {0.42f, 1.0f / 0.42f, 1.0f / 2.4f, 1.0f / 2.6f, 1.0f / 2.2f, 0.1593017578125f,
                             78.84375f, 1.15f, 1.0f / 1.15f, 0.54906f, 1.0f / 0.54906f};
  std::vector<float> x, v;
  for (int i = 0; i <= 8000; ++i) x.push_back(static_cast<float>(std::exp2(-40.0 + 80.0 * i / 8000.0)));
  for (const float y : exponents) {
    v = x;
    detail::pow_block(v.data(), v.size(), y);
    for (size_t i = 0; i < x.size(); ++i) {
      const double ref = std::pow(static_cast<double>(x[i]), static_cast<double>(y));
      if (ref < 1e-37 || ref > 1e37) continue;  // outside float's normal range
      // PQ's m2 = 78.8 is only applied to (c1 + c2 p) / (1 + c3 p), in [0.836, 1]; there the
      // exponent multiplies the absolute error of log2 x (~2.5e-8) by y.
      if (y > 10.0f && x[i] < 0.8f) continue;
      const double tol = kFastPowRelTol * std::max(1.0, static_cast<double>(y) / 10.0);
      ASSERT_NEAR(v[i] / ref, 1.0, tol) << "x=" << x[i] << " y=" << y;
    }
  }
  float special[] = {0.0f, -0.0f, -1.0f, std::nanf(""), 1e-40f, 1.0f, std::numeric_limits<float>::infinity()};
  detail::pow_block(special, 7, 0.42f);
  EXPECT_EQ(special[0], 0.0f);
  EXPECT_EQ(special[1], 0.0f);
  EXPECT_EQ(special[2], 0.0f);
  EXPECT_EQ(special[3], 0.0f);
  EXPECT_EQ(special[4], 0.0f);  // subnormal input: 0 (true value 1e-17, below anything rendered)
  EXPECT_EQ(special[5], 1.0f);
  EXPECT_TRUE(std::isinf(special[6]));
}

// The block encodes and decodes agree with the single-channel (libm) path.
TEST(DisplayEncoding, BlockEncodeMatchesChannelEncode) {
  constexpr double kBlockVsChannelTol = 1e-6;  // a few ulps of a code value <= ~1
  // PQ's outer exponent m2 = 78.84 multiplies any 1-ulp difference in the log of its argument by 79
  // (libm's powf sees the same amplification of the argument's own rounding).
  constexpr double kPqBlockVsChannelTol = 1e-5;
  for (const Eotf e : {Eotf::bt1886, Eotf::gamma2_6, Eotf::gamma2_2, Eotf::pq}) {
    const DisplayEncoding d(e, 1000.0);
    std::vector<float> v;
    for (int i = -300; i <= 3000; ++i) v.push_back(static_cast<float>(i) / 300.0f);
    std::vector<float> block = v;
    d.encode(block);
    for (size_t i = 0; i < v.size(); ++i) {
      EXPECT_NEAR(block[i], d.encode_channel(v[i]), e == Eotf::pq ? kPqBlockVsChannelTol : kBlockVsChannelTol)
          << eotf_id(e) << " x=" << v[i];
    }
    if (e == Eotf::pq) continue;  // PQ decodes one channel at a time (double precision)
    std::vector<float> decoded = v;
    d.decode(decoded);
    for (size_t i = 0; i < v.size(); ++i) {
      // Decoded light reaches 10^2.6: relative to max(1, |value|).
      EXPECT_NEAR(decoded[i], d.decode_channel(v[i]), kBlockVsChannelTol * std::max(1.0f, std::abs(decoded[i])))
          << eotf_id(e) << " code=" << v[i];
    }
  }
}

// The SIMD curves of the image paths (render.h), on both instruction-set paths: the power
// against double std::pow as for pow_block (with the mirroring and NaN rules of the encodes), the
// PQ encode and decode against the one-channel path (libm powf encode, double decode).
constexpr detail::SimdPath kPaths[] = {detail::SimdPath::avx2, detail::SimdPath::baseline};
// The float PQ decode against the double one: relative to the decoded light. Limited by the final
// 1/m1 = 6.28 power of a ratio known to ~2 float ulps (see pq_decode_v), so ~2e-6; 5e-6 keeps a
// margin and stays far below what the inverse tests measure (~1e-5 ACES relative).
constexpr double kPqDecodeRelTol = 5e-6;
// PQ encode to 10000 cd/m^2 against double: the outer m2 = 78.8 power turns the float rounding of
// its argument into ~1.2e-5 cv for libm's powf and for the fast power alike; 2e-5 bounds both.
constexpr double kPqEncodeTol = 2e-5;
constexpr double kPqDarkCode = 1e-3;  // 1.5e-4 cd/m^2: below, compare absolutely (light ~1e-6)

TEST(SimdCurves, PowMatchesStdPowOnEveryPath) {
  const float exponents[] = {0.42f, 1.0f / 0.42f, 1.0f / 2.4f, 1.0f / 2.6f, 1.0f / 2.2f, 2.4f, 2.6f, 2.2f, 1.15f};
  std::vector<float> x;
  for (int i = 0; i <= 8000; ++i) x.push_back(static_cast<float>(std::exp2(-40.0 + 80.0 * i / 8000.0)));
  for (const detail::SimdPath path : kPaths) {
    const detail::ScopedSimdPath simd(path);
    if (!simd.ok()) continue;
    SCOPED_TRACE(std::string(detail::simd_path_name(path)));
    for (const float y : exponents) {
      std::vector<float> v = x;
      for (float& f : v) f = -f;  // mirrored: the result keeps the sign
      detail::pow_mirrored(v.data(), v.size(), y);
      for (size_t i = 0; i < x.size(); ++i) {
        const double ref = std::pow(static_cast<double>(x[i]), static_cast<double>(y));
        if (ref < 1e-37 || ref > 1e37) continue;
        ASSERT_NEAR(-v[i] / ref, 1.0, kFastPowRelTol) << "x=" << x[i] << " y=" << y;
      }
    }
    // 11 values: two whole AVX2 groups and a partial one.
    float special[] = {0.0f, -0.0f, std::nanf(""), 1e-40f, 1.0f, -1.0f, std::numeric_limits<float>::infinity(),
                       4.0f, 4.0f, 4.0f, 4.0f};
    detail::pow_mirrored(special, 11, 0.5f);
    EXPECT_EQ(special[0], 0.0f);
    EXPECT_EQ(special[1], 0.0f);
    EXPECT_EQ(special[2], 0.0f);  // NaN -> 0
    EXPECT_EQ(special[3], 0.0f);
    EXPECT_EQ(special[4], 1.0f);
    EXPECT_EQ(special[5], -1.0f);
    EXPECT_TRUE(std::isinf(special[6]));
    for (int i = 7; i < 11; ++i) EXPECT_NEAR(special[i], 2.0f, 2.0 * kFastPowRelTol);
  }
}

TEST(SimdCurves, PqMatchesChannelPathOnEveryPath) {
  constexpr double kPqBlockVsChannelTol = 1e-5;  // as BlockEncodeMatchesChannelEncode (m2 = 78.8)
  const DisplayEncoding d(Eotf::pq, 1000.0);
  for (const detail::SimdPath path : kPaths) {
    const detail::ScopedSimdPath simd(path);
    if (!simd.ok()) continue;
    SCOPED_TRACE(std::string(detail::simd_path_name(path)));
    std::vector<float> lin, code;
    for (int i = -300; i <= 3000; ++i) lin.push_back(static_cast<float>(i) / 30.0f);  // to 10000 cd/m^2
    for (int i = 0; i <= 20; ++i) lin.push_back(static_cast<float>(std::exp2(-30.0 + i)));  // deep shadows
    std::vector<float> enc = lin;
    detail::pq_encode_mirrored(enc.data(), enc.size());
    double worst_enc = 0, worst_channel = 0;
    for (size_t i = 0; i < lin.size(); ++i) {
      // SMPTE ST 2084 in double as the truth; above 1000 cd/m^2 both float paths lose ~1e-5 to m2.
      const double y = std::pow(std::abs(static_cast<double>(lin[i])) / 100.0, 2610.0 / 16384.0);
      const double truth = std::copysign(
          std::pow((3424.0 / 4096.0 + 2413.0 / 128.0 * y) / (1.0 + 2392.0 / 128.0 * y), 2523.0 / 32.0), lin[i]);
      worst_enc = std::max(worst_enc, std::abs(enc[i] - truth));
      worst_channel = std::max(worst_channel, std::abs(d.encode_channel(lin[i]) - truth));
      if (std::abs(lin[i]) <= 10.0f) {  // to 1000 cd/m^2, as BlockEncodeMatchesChannelEncode
        EXPECT_NEAR(enc[i], d.encode_channel(lin[i]), kPqBlockVsChannelTol);
      }
    }
    EXPECT_LE(worst_enc, kPqEncodeTol);
    std::cout << detail::simd_path_name(path) << " PQ encode: max error vs double " << worst_enc
              << " (one-channel libm path " << worst_channel << ")\n";
    for (int i = -1000; i <= 10000; ++i) code.push_back(static_cast<float>(i) / 10000.0f);
    std::vector<float> dec = code;
    detail::pq_decode_mirrored(dec.data(), dec.size());
    double worst = 0;
    for (size_t i = 0; i < code.size(); ++i) {
      const double ref = d.decode_channel(code[i]);
      if (std::abs(code[i]) < kPqDarkCode) {
        EXPECT_NEAR(dec[i], ref, 1e-6) << "code=" << code[i];
        continue;
      }
      const double rel = std::abs(dec[i] - ref) / std::abs(ref);
      worst = std::max(worst, rel);
      EXPECT_LE(rel, kPqDecodeRelTol) << "code=" << code[i] << " float " << dec[i] << " double " << ref;
    }
    std::cout << detail::simd_path_name(path) << " PQ decode: max relative difference to double " << worst << "\n";
    float special[] = {std::nanf(""), 0.0f, -0.5f, 0.5f};
    detail::pq_decode_mirrored(special, 4);
    EXPECT_EQ(special[0], 0.0f);
    EXPECT_EQ(special[1], 0.0f);
    EXPECT_EQ(special[2], -special[3]);
    EXPECT_NEAR(special[3], d.decode_channel(0.5f), kPqDecodeRelTol * special[3]);
  }
}

}  // namespace
}  // namespace aceslab::aces
