// SPDX-License-Identifier: Apache-2.0
// What a render reads: an image sequence (`A001C003.%06d.dpx`, `A001C003.######.dpx`; the frames
// present are found on disk), a single image, a movie (frames through OpenImageIO's FFmpeg reader,
// numbered from 0 in presentation order) or camera raw (LibRaw, linear sensor RGB; a DNG sequence
// is a sequence). A single image is frame 0.
//
// Not readable, by design: ARRIRAW (.ari), REDCODE (.r3d) and Blackmagic RAW (.braw) need their
// makers' SDKs, which are not free software; convert them to DPX, EXR or TIFF with the maker's
// tool first. Opening one says so.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "deliver/sequence.h"

namespace aceslab::deliver {

enum class SourceKind { sequence, image, movie };

class Source {
 public:
  // Throws aceslab::Error: io when the file (or, for a pattern, its folder) does not exist or
  // cannot be opened, unsupported for ARRIRAW / R3D / BRAW, invalid_input for a sequence pattern
  // that matches no file.
  static Source open(const std::string& spec);

  SourceKind kind() const { return m_kind; }
  const std::string& spec() const { return m_spec; }
  // Frame numbers present, ascending.
  const std::vector<long long>& frames() const { return m_frames; }
  // The file and the frame inside it (the movie frame; 0 otherwise) of a source frame number.
  std::filesystem::path file(long long frame) const;
  int index_in_file(long long frame) const { return m_kind == SourceKind::movie ? static_cast<int>(frame) : 0; }
  // "A001C003" for a sequence, the file's stem otherwise.
  const std::string& shot_name() const { return m_shot; }

 private:
  SourceKind m_kind = SourceKind::image;
  std::string m_spec;
  std::string m_shot;
  std::vector<long long> m_frames;
  std::map<long long, std::filesystem::path> m_files;  // sequence frames
  std::filesystem::path m_path;                         // image or movie
};

}  // namespace aceslab::deliver
