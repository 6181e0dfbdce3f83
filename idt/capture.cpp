// SPDX-License-Identifier: Apache-2.0
#include "idt/capture.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "color/error.h"

namespace aceslab::idt {
namespace fs = std::filesystem;
using nlohmann::json;

std::string FrameRef::display_name() const {
  std::string name = path.filename().string();
  if (frame != 0) {
    name.append("[");
    name.append(std::to_string(frame));
    name.append("]");
  }
  return name;
}

std::string Capture::camera_name() const {
  std::string name = camera_make;
  if (!camera_model.empty()) {
    if (!name.empty()) name.append(" ");
    name.append(camera_model);
  }
  return name.empty() ? std::string("Unknown camera") : name;
}

namespace {

// 1-based line of byte `offset` in `text`: the one place lines are counted for JSON errors.
int line_of_offset(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Typed accessors that name the JSON pointer of what is wrong.
class Reader {
 public:
  explicit Reader(const fs::path& path) : m_path(path) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw Error(ErrorKind::invalid_input, message, Location(m_path.string(), 0, pointer));
  }

  std::string string_at(const json& value, const std::string& pointer) const {
    if (!value.is_string()) fail(pointer, "expected a string");
    return value.get<std::string>();
  }

  double number_at(const json& value, const std::string& pointer) const {
    if (!value.is_number()) fail(pointer, "expected a number");
    const double v = value.get<double>();
    if (!std::isfinite(v)) fail(pointer, "expected a finite number");
    return v;
  }

  fs::path resolve(const std::string& relative, const std::string& pointer) const {
    if (relative.empty()) fail(pointer, "empty file name");
    fs::path p(relative);
    if (p.is_relative()) p = m_path.parent_path() / p;
    std::error_code ec;
    if (!fs::exists(p, ec)) {
      throw Error(ErrorKind::io, "image file not found: " + p.string(), Location(m_path.string(), 0, pointer));
    }
    if (fs::is_directory(p, ec)) {
      throw Error(ErrorKind::invalid_input, "expected an image file, got a folder: " + p.string(),
                  Location(m_path.string(), 0, pointer));
    }
    return p;
  }

  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

FrameRef parse_frame(const Reader& r, const json& entry, const std::string& pointer) {
  FrameRef f;
  f.element = pointer;
  if (entry.is_string()) {
    f.path = r.resolve(entry.get<std::string>(), pointer);
  } else if (entry.is_object()) {
    if (!entry.contains("file")) r.fail(pointer, "expected {\"file\": ..., \"frame\": N}");
    f.path = r.resolve(r.string_at(entry["file"], pointer + "/file"), pointer + "/file");
    if (entry.contains("frame")) {
      const json& fr = entry["frame"];
      if (!fr.is_number_integer() || fr.get<long long>() < 0 || fr.get<long long>() > 1000000000) {
        r.fail(pointer + "/frame", "expected a frame number >= 0");
      }
      f.frame = fr.get<int>();
    }
  } else {
    r.fail(pointer, "expected a file name or {\"file\": ..., \"frame\": N}");
  }
  return f;
}

// EVs compare equal when they name the same exposure to 1/1000 stop.
constexpr double kEvTolerance = 1e-3;

void sort_and_check_exposures(const Reader& r, std::vector<Exposure>& exposures,
                              const std::vector<std::string>& pointers) {
  if (exposures.empty()) r.fail("/exposures", "no exposures listed");
  std::vector<std::size_t> order(exposures.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return exposures[a].ev < exposures[b].ev; });
  for (std::size_t k = 1; k < order.size(); ++k) {
    if (std::abs(exposures[order[k]].ev - exposures[order[k - 1]].ev) < kEvTolerance) {
      std::ostringstream msg;
      msg << "duplicate EV " << exposures[order[k]].ev << " (also at " << pointers[order[k - 1]]
          << "); list all shots of one exposure in its \"files\"";
      r.fail(pointers[order[k]], msg.str());
    }
  }
  std::vector<Exposure> sorted;
  for (std::size_t i : order) sorted.push_back(std::move(exposures[i]));
  exposures = std::move(sorted);
}

std::optional<double> parse_ev_text(std::string text) {
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

Capture parse_aceslab(const Reader& r, const json& doc) {
  Capture c;
  c.manifest_path = r.path();
  static const std::set<std::string> kKnown = {"camera", "illuminant", "encoding", "chart", "exposures", "cat", "flat_field", "$schema", "comment"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!kKnown.count(it.key())) r.fail("/" + it.key(), "unknown key (expected one of camera, illuminant, encoding, chart, exposures, cat, flat_field)");
  }
  if (doc.contains("camera")) {
    const json& cam = doc["camera"];
    if (!cam.is_object()) r.fail("/camera", "expected {\"make\": ..., \"model\": ...}");
    if (cam.contains("make")) c.camera_make = r.string_at(cam["make"], "/camera/make");
    if (cam.contains("model")) c.camera_model = r.string_at(cam["model"], "/camera/model");
  }
  if (doc.contains("illuminant")) c.illuminant = doc["illuminant"];
  if (doc.contains("encoding")) {
    c.encoding = r.string_at(doc["encoding"], "/encoding");
    if (c.encoding.empty()) r.fail("/encoding", "empty encoding (use \"fit\", \"linear\" or a transfer-function id)");
  }
  if (doc.contains("cat")) c.cat = r.string_at(doc["cat"], "/cat");
  if (doc.contains("flat_field")) c.flat_field = parse_frame(r, doc["flat_field"], "/flat_field");
  if (doc.contains("chart")) {
    const json& chart = doc["chart"];
    if (!chart.is_object()) r.fail("/chart", "expected an object");
    if (chart.contains("type")) {
      c.chart.type = r.string_at(chart["type"], "/chart/type");
      if (c.chart.type != "colorchecker24") {
        throw Error(ErrorKind::unsupported, "unsupported chart type \"" + c.chart.type + "\" (supported: colorchecker24)",
                    Location(r.path().string(), 0, "/chart/type"));
      }
    }
    if (chart.contains("corners") && !chart["corners"].is_null()) {
      const json& corners = chart["corners"];
      if (!corners.is_array() || corners.size() != 4) r.fail("/chart/corners", "expected 4 corners [[x, y], ...]");
      ChartCorners cc;
      for (std::size_t i = 0; i < 4; ++i) {
        const std::string p = "/chart/corners/" + std::to_string(i);
        if (!corners[i].is_array() || corners[i].size() != 2) r.fail(p, "expected [x, y]");
        cc[i] = {r.number_at(corners[i][0], p + "/0"), r.number_at(corners[i][1], p + "/1")};
      }
      c.chart.corners = cc;
    }
  }
  if (!doc.contains("exposures")) r.fail("/exposures", "missing \"exposures\"");
  const json& exps = doc["exposures"];
  if (!exps.is_array()) r.fail("/exposures", "expected an array of {\"ev\": ..., \"files\": [...]}");
  std::vector<std::string> pointers;
  for (std::size_t i = 0; i < exps.size(); ++i) {
    const std::string p = "/exposures/" + std::to_string(i);
    const json& e = exps[i];
    if (!e.is_object()) r.fail(p, "expected {\"ev\": ..., \"files\": [...]}");
    if (!e.contains("ev")) r.fail(p, "missing \"ev\"");
    Exposure x;
    x.ev = r.number_at(e["ev"], p + "/ev");
    const char* key = e.contains("files") ? "files" : (e.contains("file") ? "file" : nullptr);
    if (!key) r.fail(p, "missing \"files\"");
    const json& files = e[key];
    const std::string fp = p + "/" + key;
    if (files.is_array()) {
      if (files.empty()) r.fail(fp, "no files listed");
      for (std::size_t k = 0; k < files.size(); ++k) x.frames.push_back(parse_frame(r, files[k], fp + "/" + std::to_string(k)));
    } else {
      x.frames.push_back(parse_frame(r, files, fp));
    }
    c.exposures.push_back(std::move(x));
    pointers.push_back(p + "/ev");
  }
  sort_and_check_exposures(r, c.exposures, pointers);
  return c;
}

Capture parse_academy(const Reader& r, const json& doc) {
  Capture c;
  c.manifest_path = r.path();
  c.academy_layout = true;
  if (doc.contains("header")) {
    const json& h = doc["header"];
    if (!h.is_object()) r.fail("/header", "expected an object");
    if (h.contains("camera_make") && h["camera_make"].is_string()) c.camera_make = h["camera_make"].get<std::string>();
    if (h.contains("camera_model") && h["camera_model"].is_string()) c.camera_model = h["camera_model"].get<std::string>();
    // The calculator's default illuminant is D60 (its project settings); a name it gives is kept.
    if (h.contains("illuminant") && h["illuminant"].is_string() && !h["illuminant"].get<std::string>().empty()) {
      c.illuminant = h["illuminant"];
      c.illuminant_element = "/header/illuminant";
    }
    if (h.contains("cat") && h["cat"].is_string()) c.cat = h["cat"].get<std::string>();
  }
  const json& data = doc["data"];
  if (!data.is_object() || !data.contains("colour_checker") || !data["colour_checker"].is_object()) {
    r.fail("/data/colour_checker", "expected an object of EV -> [files]");
  }
  std::vector<std::string> pointers;
  for (auto it = data["colour_checker"].begin(); it != data["colour_checker"].end(); ++it) {
    const std::string p = "/data/colour_checker/" + it.key();
    const auto ev = parse_ev_text(it.key());
    if (!ev) r.fail(p, "EV key is not a number");
    Exposure x;
    x.ev = *ev;
    const json& files = it.value();
    if (!files.is_array() || files.empty()) r.fail(p, "expected a non-empty list of files");
    for (std::size_t k = 0; k < files.size(); ++k) x.frames.push_back(parse_frame(r, files[k], p + "/" + std::to_string(k)));
    c.exposures.push_back(std::move(x));
    pointers.push_back(p);
  }
  sort_and_check_exposures(r, c.exposures, pointers);
  return c;
}

bool is_image_name(const fs::path& p) {
  // Stills OIIO reads; the camera-raw extensions are the common ones of its LibRaw reader. Movies
  // are not scanned: a movie needs a frame number, which only a manifest can give.
  static const std::set<std::string> kExt = {".tif", ".tiff", ".exr", ".dpx", ".png", ".jpg", ".jpeg",
                                             ".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".sr2",
                                             ".srf", ".raf", ".orf", ".rw2", ".rwl", ".pef", ".srw", ".3fr",
                                             ".iiq", ".erf", ".kdc", ".dcr", ".mrw", ".x3f"};
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return kExt.count(ext) > 0;
}

// An Academy folder without a JSON: data/colour_checker/<EV>/<images>.
Capture scan_academy_folder(const fs::path& folder) {
  const fs::path cc = folder / "data" / "colour_checker";
  std::error_code ec;
  if (!fs::is_directory(cc, ec)) {
    throw Error(ErrorKind::invalid_input,
                "not a capture folder: expected a manifest JSON or data/colour_checker/<EV>/ inside",
                Location(folder.string()));
  }
  Reader r(folder / "data" / "colour_checker");
  Capture c;
  c.manifest_path = folder;
  c.academy_layout = true;
  std::vector<std::string> pointers;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(cc)) {
    if (entry.is_directory()) dirs.push_back(entry.path());
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    const auto ev = parse_ev_text(dir.filename().string());
    if (!ev) continue;
    Exposure x;
    x.ev = *ev;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file() && is_image_name(entry.path())) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      throw Error(ErrorKind::invalid_input, "no image files in exposure folder", Location(dir.string()));
    }
    for (const auto& f : files) x.frames.push_back(FrameRef{f, 0, {}});
    c.exposures.push_back(std::move(x));
    pointers.push_back(dir.filename().string());
  }
  sort_and_check_exposures(r, c.exposures, pointers);
  return c;
}

}  // namespace

json read_json_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(ErrorKind::io, "file not found", Location(path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot open file", Location(path.string()));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line L, column C: "; keep the reason.
    if (auto pos = what.find(": "); pos != std::string::npos) {
      what = what.substr(pos + 2);
    }
    throw Error(ErrorKind::invalid_input, "malformed JSON: " + what, Location(path.string(), line_of_offset(text, e.byte)));
  }
}

Capture parse_capture(const json& doc, const fs::path& manifest_path) {
  Reader r(manifest_path);
  if (!doc.is_object()) r.fail("", "expected a JSON object");
  if (doc.contains("data") && doc.contains("header")) return parse_academy(r, doc);
  if (doc.contains("data") && !doc.contains("exposures")) return parse_academy(r, doc);
  return parse_aceslab(r, doc);
}

Capture load_capture(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw Error(ErrorKind::io, "capture manifest not found", Location(path.string()));
  if (fs::is_directory(path, ec)) {
    // An Academy project folder: its JSON if it has exactly one at the top, else the folder scan.
    std::vector<fs::path> jsons;
    for (const auto& entry : fs::directory_iterator(path)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") jsons.push_back(entry.path());
    }
    std::sort(jsons.begin(), jsons.end());
    for (const auto& j : jsons) {
      json doc = read_json_file(j);
      if (doc.is_object() && doc.contains("data")) return parse_capture(doc, j);
    }
    return scan_academy_folder(path);
  }
  return parse_capture(read_json_file(path), path);
}

}  // namespace aceslab::idt
