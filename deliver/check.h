// SPDX-License-Identifier: Apache-2.0
// Validation of a delivery folder against its profile (profile.h), with stable finding ids and the
// file each concerns. Headers only by default (OpenEXR's header and offset table, read in
// parallel); with `pixels`, every frame's pixels too.
//
//   id        severity  what
//   DLV-E001  error     chromaticities missing or not AP0
//   DLV-E002  error     a channel that is not half float
//   DLV-E003  error     compression the profile does not allow (lossless)
//   DLV-E004  error     lossy compression
//   DLV-E005  error     tiled (or multi-resolution) file
//   DLV-E006  error     multi-part file
//   DLV-E007  error     deep file
//   DLV-E008  error     channels other than R, G, B (and A), or subsampled
//   DLV-E009  error     dataWindow differs from displayWindow
//   DLV-E010  error     resolution or a header attribute changes within a sequence (time code,
//                       image counter and capture date are per frame and not compared)
//   DLV-E011  error     smaller than the profile's minimum (nam: 3840x2160) or --min-size
//   DLV-E012  error     gap in a sequence's frame numbers
//   DLV-E013  error     a frame number spelled twice (same number, different padding)
//   DLV-E014  error     mixed padding within a sequence
//   DLV-E015  error     numbering does not start at --start-frame (start - 1 is taken as a slate)
//   DLV-E016  error     acesImageContainerFlag on a file that is not ST 2065-4 compliant
//   DLV-E017  error     st2065-4: a compliant file without acesImageContainerFlag = 1 or
//                       adoptedNeutral
//   DLV-E018  error     file or folder name outside [A-Za-z0-9._-]
//   DLV-E019  error     no manifest (nam: an MHL at the root or a checksum.txt per sequence
//                       folder; a warning for the other profiles)
//   DLV-E020  error     manifest stale: files added, removed or modified after it
//   DLV-E021  error     manifest mismatch: a file's size differs from the MHL's, or the newest
//                       generation (a verification) recorded it as altered
//   DLV-E022  error     (pixels) NaN or infinite values
//   DLV-W023  warning   (pixels) values distributed as log-encoded data (ACEScct written as if
//                       linear), with the statistics as evidence
//   DLV-E024  error     not a readable or complete OpenEXR file, or an image file of another
//                       format in the delivery
//   DLV-W025  warning   temporary file left by an interrupted render
//   DLV-E026  error     archive (zip, tar...) in the delivery: deliveries are not zipped
//   DLV-I027  info      frame start - 1 taken as a slate
//   DLV-E028  error     a FIFO, socket or device in the delivery (tree_entry.h)
//   DLV-E029  error     a symbolic link (named with its target; "outside the delivery" or
//                       "dangling" when it leads nowhere inside it): deliveries hold the files
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "deliver/profile.h"

namespace aceslab::deliver {

enum class Severity { error, warning, info };
const char* severity_name(Severity severity);

struct CheckFinding {
  std::string id;       // "DLV-E001"
  Severity severity = Severity::error;
  std::string file;     // relative to the delivery root ("" for the root itself)
  std::string message;  // what is wrong, with its evidence
};

struct CheckOptions {
  Profile profile = Profile::nam;
  std::optional<long long> start_frame;
  std::optional<FrameSize> min_size;  // instead of the profile's minimum
  bool pixels = false;
  unsigned threads = 0;  // 0 = all cores
};

struct CheckReport {
  std::filesystem::path root;
  std::size_t exr_files = 0;
  std::size_t sequences = 0;
  double seconds = 0.0;
  std::vector<CheckFinding> findings;
  bool ok() const;  // no error
};

// Throws aceslab::Error (io) when `root` is not a folder; everything about its content is a finding.
CheckReport check_delivery(const std::filesystem::path& root, const CheckOptions& options,
                           const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace aceslab::deliver
