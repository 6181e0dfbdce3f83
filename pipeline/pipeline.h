// SPDX-License-Identifier: Apache-2.0
// aceslab's pipeline library: colour transforms as ordered lists of immutable steps, and their
// evaluation. This header is its public one: the Pipeline type and the free functions that apply it
// to a buffer of RGB triplets (exact CLF v3 semantics per step, step_apply.cpp), invert it, trace a
// value through it (the value after each step, as `ociochecklut -s` does) and describe it. Beside
// it: the pipelines of the colour spaces (color_space_pipeline.h), chains of pipelines and foreign
// transforms such as CLF files (transform_chain.h), and the Academy's registry of ACES transform
// ids (transform_registry.h). The LMT and the IDT are both pipelines; CLF export is in
// clf/writer.h. Depends on aces2/ (output transform steps) and color/.
//
//   namespace aces = aceslab::aces;
//   aces::Pipeline p = aces::to_aces(aces::find_color_space("slog3-sgamut3"));
//   p.append(aces::MatrixStep{aces::Mat3::Identity() * 0.5});
//   aces::apply(p, rgb, /*threads=*/0);
//   const aces::Pipeline back = aces::inverse(p);
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "color/steps.h"

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

// Applies every step in order to `rgb` (interleaved triplets, size a multiple of 3), in place,
// with the exact CLF v3 semantics of each node (see step_apply.cpp). Work is split into chunks
// over std::threads when `threads` != 1 (0 = all cores; small buffers stay on one thread).
// Throws aceslab::Error (invalid_input) for malformed steps (e.g. a LUT3D whose size does not
// match its values), rethrown from whichever thread met it.
void apply(const Pipeline& pipeline, std::span<float> rgb, unsigned threads = 1);
// The same for a vector: an exact-match overload, so an unqualified `apply(p, vec)` does not
// resolve to std::apply through argument-dependent lookup.
inline void apply(const Pipeline& pipeline, std::vector<float>& rgb, unsigned threads = 1) {
  apply(pipeline, std::span<float>(rgb), threads);
}
// One step on one buffer (the building block of `apply`).
void apply(const Step& step, std::span<float> rgb);

// The pipeline that undoes `pipeline` (steps reversed, each inverted): Matrix inverted (singular
// -> Error unsupported), Range with in/out bounds swapped (a clamp stays a clamp), Log/Exponent/
// ASC_CDL styles swapped, transfer and output transform steps flipped in direction. A LUT1D is
// inverted numerically when every channel is monotonic (Error unsupported otherwise): a uniform
// LUT1D becomes a normalising diagonal Matrix plus a dense LUT1D (4096..65536 entries) over its
// output range, a halfDomain LUT1D another halfDomain LUT1D. A LUT3D throws Error (unsupported).
Pipeline inverse(const Pipeline& pipeline);

// The value after each step: result[0] is the input, result[i] after step i.
std::vector<std::array<float, 3>> trace(const Pipeline& pipeline, std::array<float, 3> rgb);

}  // namespace aceslab::aces
