// SPDX-License-Identifier: Apache-2.0
// Display encodings (inverse EOTFs) against published values, round trips, and mirroring.
#include "aces/display_encoding.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "aces/error.h"

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
