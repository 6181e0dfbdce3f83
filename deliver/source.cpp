// SPDX-License-Identifier: Apache-2.0
#include "deliver/source.h"

#include <algorithm>
#include <cctype>

#include "color/error.h"
#include "image/image_io.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;

namespace {

struct ClosedFormat {
  const char* extension;
  const char* what;
};

constexpr ClosedFormat kClosedFormats[] = {
    {".ari", "ARRIRAW needs ARRI's SDK: convert it with ARRI Reference Tool (to DPX, EXR or ProRes) first"},
    {".arx", "ARRIRAW HDE needs ARRI's SDK: convert it with ARRI Reference Tool first"},
    {".r3d", "REDCODE RAW needs RED's SDK: convert it with REDCINE-X PRO (to DPX or EXR) first"},
    {".braw", "Blackmagic RAW needs Blackmagic's SDK: convert it with DaVinci Resolve or Blackmagic RAW Player first"},
};

void refuse_closed_format(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const ClosedFormat& f : kClosedFormats) {
    if (ext == f.extension) throw Error(ErrorKind::unsupported, std::string("cannot read this file: ") + f.what, {path.string()});
  }
}

}  // namespace

Source Source::open(const std::string& spec) {
  Source s;
  s.m_spec = spec;
  const fs::path path(spec);
  refuse_closed_format(path);
  if (const auto pattern = SequencePattern::parse(path)) {
    std::error_code ec;
    if (!fs::is_directory(pattern->folder(), ec)) {
      throw Error(ErrorKind::io, "the sequence's folder does not exist", {pattern->folder().string()});
    }
    s.m_kind = SourceKind::sequence;
    s.m_files = list_frames(*pattern);
    if (s.m_files.empty()) throw Error(ErrorKind::invalid_input, "no file matches the sequence pattern", {spec});
    for (const auto& [frame, file] : s.m_files) s.m_frames.push_back(frame);
    s.m_shot = pattern->shot_name();
    return s;
  }
  s.m_path = path;
  s.m_shot = path.stem().string();
  aces::ImageReader reader(path);  // io error naming the file when it is missing or unreadable
  const int count = reader.frame_count();
  if (reader.metadata().format == "FFmpeg movie") {
    s.m_kind = SourceKind::movie;
    for (int f = 0; f < std::max(count, 1); ++f) s.m_frames.push_back(f);
  } else {
    s.m_kind = SourceKind::image;
    s.m_frames.push_back(0);
  }
  return s;
}

fs::path Source::file(long long frame) const {
  if (m_kind == SourceKind::sequence) {
    const auto it = m_files.find(frame);
    return it == m_files.end() ? fs::path() : it->second;
  }
  return m_path;
}

}  // namespace aceslab::deliver
