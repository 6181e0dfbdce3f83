// SPDX-License-Identifier: Apache-2.0
// The checks of check.h that concern one EXR file on its own: header rules of the profile and,
// when asked, its pixels. check.cpp adds what concerns sequences, names and manifests.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "deliver/check.h"
#include "image/exr_reader.h"

namespace aceslab::deliver {

struct FileCheck {
  std::optional<aces::ExrFileInfo> info;  // absent when the file could not be read
  std::vector<CheckFinding> findings;
};

// `rel`: the file's path relative to the delivery root, used in findings.
FileCheck check_exr_file(const std::filesystem::path& path, const std::string& rel, const CheckOptions& options);

// True when the file meets SMPTE ST 2065-4's structure: single part, scanline, flat, half R,G,B
// (and A) without subsampling, uncompressed, AP0 chromaticities, dataWindow = displayWindow.
bool is_st2065_4_compliant(const aces::ExrFileInfo& info);

// Statistics of the RGB values that tell log-encoded data from scene-linear (check.h DLV-W023):
// the 1st, 50th and 99th percentiles and the maximum of the finite values.
struct ValueStatistics {
  double p01 = 0, p50 = 0, p99 = 0, max = 0;
  std::uint64_t non_finite = 0;
  std::uint64_t samples = 0;
};
ValueStatistics value_statistics(const std::vector<float>& rgb);
// Evidence text when `s` looks like ACEScct (or another camera log) stored as linear, else empty.
std::string log_encoding_evidence(const ValueStatistics& s);

}  // namespace aceslab::deliver
