// SPDX-License-Identifier: Apache-2.0
// Film density encodings: Kodak Cineon printing density (the 95 / 685 log of film scans, transfer
// function "cineon") and the Academy Density Exchange, ADX (SMPTE ST 2065-3). An ADX CSC is not a
// curve plus a matrix: code values become channel-dependent density, a matrix mixes them into
// channel-independent density, a table turns that into log exposure ("adx-density" transfer
// function: CID -> relative exposure) and a second matrix gives ACES2065-1. The constants are those
// of the Academy's CTL (aces-input-and-colorspaces ADX/CSC.Academy.ADX10_to_ACES.ctl and
// ADX16_to_ACES.ctl) and of S-2008-001 / ST 2065-3.
#pragma once

#include "color/steps.h"

namespace aceslab::aces {

enum class AdxBits { adx10, adx16 };

// Normalised ADX code values -> channel-independent density: the bit depth's code scale and
// offset (ADX10: (1023 v - 95) / 500; ADX16: (65535 v - 1520) / 8000) followed by CDD -> CID.
MatrixStep adx_code_to_cid(AdxBits bits);
// Relative exposure (after the "adx-density" curve) -> ACES2065-1.
Mat3 adx_exposure_to_aces();

}  // namespace aceslab::aces
