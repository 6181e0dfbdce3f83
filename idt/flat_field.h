// SPDX-License-Identifier: Apache-2.0
// Flat-field correction: a frame of a uniform grey card under the same light, framed like the
// chart shots, measures how the light falls off across the chart (a key light to one side, a lens'
// vignetting). Its sampled squares give each patch's relative illumination (linear value over the
// median of the 24, through the capture's linearisation), and every patch sample of every exposure
// is divided by it in linear light and re-encoded, before anything is fitted.
#pragma once

#include <array>
#include <functional>

#include "idt/chart_geometry.h"
#include "idt/patch_sampling.h"

namespace aceslab::idt {

using Linearise = std::function<double(double code, int channel)>;

// Relative illumination of each patch (median 1). Throws aceslab::Error (invalid_input) naming
// `name` when the card is clipped or reads zero somewhere.
std::array<double, kChartPatches> relative_illumination(const ChartSample& flat, const Linearise& decode,
                                                        const std::string& name);

// Divides the samples' linear values by the illumination (clipped patches are left alone).
void correct_illumination(ChartSample& sample, const std::array<double, kChartPatches>& illumination,
                          const Linearise& decode, const Linearise& encode);

}  // namespace aceslab::idt
