// SPDX-License-Identifier: Apache-2.0
// A colour transform as an ordered list of immutable steps, with free functions that apply it to a
// buffer of RGB triplets, invert it, trace a value through it (the value after each step, as
// `ociochecklut -s` does) and describe it. The LMT and the IDT are both pipelines; CLF export lives
// in clf_writer.h.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "aces/steps.h"

namespace aceslab::aces {

struct Pipeline {
  std::string name;               // short name, e.g. "ARRI LogC3 EI800 AWG3 to ACES2065-1"
  std::string description;        // free text (CLF Description)
  std::string input_descriptor;   // CLF InputDescriptor
  std::string output_descriptor;  // CLF OutputDescriptor
  std::vector<Step> steps;

  Pipeline& append(Step step) {
    steps.push_back(std::move(step));
    return *this;
  }
  Pipeline& append(const Pipeline& other) {
    steps.insert(steps.end(), other.steps.begin(), other.steps.end());
    return *this;
  }
};

// Applies every step in order to `rgb` (interleaved triplets, size a multiple of 3), in place.
// Work is split over threads when `threads` != 1 (0 = all cores).
void apply(const Pipeline& pipeline, std::span<float> rgb, unsigned threads = 1);
// One step on one buffer (the building block of `apply`).
void apply(const Step& step, std::span<float> rgb);

// The pipeline that undoes `pipeline`. Throws aceslab::Error (unsupported) for steps without an
// exact inverse (LUT3D, clamping ranges keep their clamp).
Pipeline inverse(const Pipeline& pipeline);

// The value after each step: result[0] is the input, result[i] after step i.
std::vector<std::array<float, 3>> trace(const Pipeline& pipeline, std::array<float, 3> rgb);

}  // namespace aceslab::aces
