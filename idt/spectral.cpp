// SPDX-License-Identifier: Apache-2.0
#include "idt/spectral.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "color/data_dir.h"
#include "color/input_file.h"

namespace aceslab::idt {

namespace {

constexpr double kGridTolerance = 1e-9;  // nm; wavelengths closer than this are the same sample

// Sprague (1880) boundary coefficients for the two extra points at each end, CIE 167:2005 table V
// (as tabulated by colour-science's SpragueInterpolator), divided by 209.
constexpr double kSpragueBoundary[4][6] = {
    {884, -1960, 3033, -2648, 1080, -180},
    {508, -540, 488, -367, 144, -24},
    {-24, 144, -367, 488, -540, 508},
    {-180, 1080, -2648, 3033, -1960, 884},
};

// Weights of the fifth-order polynomial coefficients a1..a5 on r[i-2..i+3], divided by 24
// (CIE 167:2005 eq. 5).
constexpr double kSpragueWeights[5][6] = {
    {2, -16, 0, 16, -2, 0},
    {-1, 16, -30, 16, -1, 0},
    {-9, 39, -70, 66, -33, 7},
    {13, -64, 126, -124, 61, -12},
    {-5, 25, -50, 50, -25, 5},
};

bool is_uniform(const std::vector<double>& wl) {
  if (wl.size() < 2) return false;
  const double step = wl[1] - wl[0];
  for (size_t i = 2; i < wl.size(); ++i)
    if (std::abs((wl[i] - wl[i - 1]) - step) > 1e-6) return false;
  return true;
}

double linear_at(const Spectrum& s, double nm) {
  const auto& w = s.wavelengths;
  if (nm <= w.front()) return s.values.front();
  if (nm >= w.back()) return s.values.back();
  const auto it = std::upper_bound(w.begin(), w.end(), nm);
  const size_t i = static_cast<size_t>(it - w.begin());
  const double t = (nm - w[i - 1]) / (w[i] - w[i - 1]);
  return s.values[i - 1] + t * (s.values[i] - s.values[i - 1]);
}

// Sprague interpolation inside [w0, wn] of uniformly spaced data (at least 6 samples).
class Sprague {
 public:
  explicit Sprague(const Spectrum& s) : m_start(s.wavelengths.front()) {
    const auto& y = s.values;
    const size_t n = y.size();
    m_step = s.wavelengths[1] - s.wavelengths[0];
    double pad[4] = {0, 0, 0, 0};
    for (int r = 0; r < 4; ++r) {
      for (int k = 0; k < 6; ++k) pad[r] += kSpragueBoundary[r][k] * (r < 2 ? y[k] : y[n - 6 + k]);
      pad[r] /= 209.0;
    }
    m_r.reserve(n + 4);
    m_r.push_back(pad[0]);
    m_r.push_back(pad[1]);
    m_r.insert(m_r.end(), y.begin(), y.end());
    m_r.push_back(pad[2]);
    m_r.push_back(pad[3]);
    m_count = n;
  }

  double operator()(double nm) const {
    const double u = (nm - m_start) / m_step;
    // Exact samples return their value (the polynomial reproduces them only up to rounding).
    const double nearest = std::round(u);
    if (std::abs(u - nearest) * m_step < kGridTolerance) return m_r[static_cast<size_t>(nearest) + 2];
    size_t k = static_cast<size_t>(std::floor(u));     // interval [k, k+1] of the original samples
    if (k >= m_count - 1) k = m_count - 2;
    const double X = u - static_cast<double>(k);
    const size_t i = k + 2;                            // index of sample k in the padded array
    double value = m_r[i];
    double power = 1.0;
    for (int a = 0; a < 5; ++a) {
      double coefficient = 0.0;
      for (int j = 0; j < 6; ++j) coefficient += kSpragueWeights[a][j] * m_r[i - 2 + j];
      power *= X;
      value += coefficient / 24.0 * power;
    }
    return value;
  }

 private:
  double m_start = 0, m_step = 1;
  size_t m_count = 0;
  std::vector<double> m_r;
};

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(trim(cell));
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

double parse_number(const std::string& text, const Location& where) {
  try {
    size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(v)) throw std::invalid_argument(text);
    return v;
  } catch (const std::exception&) {
    std::string msg = "expected a number, got \"";
    msg.append(text).append("\"");
    throw Error(ErrorKind::invalid_input, msg, where);
  }
}

void check_increasing(const std::vector<double>& wl, const std::string& path) {
  for (size_t i = 1; i < wl.size(); ++i) {
    if (!(wl[i] > wl[i - 1])) {
      std::ostringstream msg;
      msg << "wavelengths must increase strictly (" << wl[i - 1] << " then " << wl[i] << " nm)";
      throw Error(ErrorKind::invalid_input, msg.str(), {path});
    }
  }
}

// Spectral data files are tens of kB; the limit only stops a device or a huge file.
constexpr std::uintmax_t kMaxSpectralFileBytes = 16u << 20;

nlohmann::json read_json(const std::filesystem::path& path) {
  const std::string text = read_input_file(path, kMaxSpectralFileBytes, "the spectral data file");
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // syntax, and numbers out of range ("1e400")
    throw Error(ErrorKind::invalid_input, std::string("malformed JSON: ") + e.what(), {path.string()});
  }
}

std::array<Spectrum, 3> three(const std::vector<Spectrum>& v, const std::filesystem::path& path) {
  if (v.size() != 3) {
    throw Error(ErrorKind::invalid_input, "expected 3 data columns, got " + std::to_string(v.size()),
                {path.string()});
  }
  return {v[0], v[1], v[2]};
}

}  // namespace

double Spectrum::value_at(double nm) const {
  if (wavelengths.empty()) return 0.0;
  return linear_at(*this, nm);
}

int WavelengthGrid::size() const {
  return static_cast<int>(std::floor((end - start) / step + 1e-9)) + 1;
}

Spectrum resample(const Spectrum& s, const WavelengthGrid& grid, Interpolation method) {
  if (s.wavelengths.size() < 2 || s.wavelengths.size() != s.values.size()) {
    throw Error(ErrorKind::invalid_input, "spectrum \"" + s.name + "\" needs at least 2 samples");
  }
  Spectrum out;
  out.name = s.name;
  const int n = grid.size();
  out.wavelengths.resize(static_cast<size_t>(n));
  out.values.resize(static_cast<size_t>(n));
  const bool sprague = method == Interpolation::sprague && s.wavelengths.size() >= 6 && is_uniform(s.wavelengths);
  std::optional<Sprague> interpolator;
  if (sprague) interpolator.emplace(s);
  const double lo = s.wavelengths.front(), hi = s.wavelengths.back();
  for (int i = 0; i < n; ++i) {
    const double nm = grid.at(i);
    out.wavelengths[static_cast<size_t>(i)] = nm;
    double v;
    if (nm <= lo) v = s.values.front();
    else if (nm >= hi) v = s.values.back();
    else v = sprague ? (*interpolator)(nm) : linear_at(s, nm);
    out.values[static_cast<size_t>(i)] = v;
  }
  return out;
}

std::vector<Spectrum> read_spectral_csv(const std::filesystem::path& path) {
  std::istringstream in(read_input_file(path, kMaxSpectralFileBytes, "the spectral data file"));
  std::string line;
  int line_number = 0;
  std::vector<Spectrum> spectra;
  size_t columns = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty() || trim(line)[0] == '#') continue;
    const auto cells = split_csv(line);
    if (columns == 0) {
      if (cells.size() < 2) {
        throw Error(ErrorKind::invalid_input, "expected a header: wavelength, then one column per spectrum",
                    {path.string(), line_number});
      }
      columns = cells.size();
      for (size_t c = 1; c < cells.size(); ++c) spectra.push_back(Spectrum{cells[c], {}, {}});
      continue;
    }
    if (cells.size() != columns) {
      std::ostringstream msg;
      msg << "expected " << columns << " values, got " << cells.size();
      throw Error(ErrorKind::invalid_input, msg.str(), {path.string(), line_number});
    }
    const double nm = parse_number(cells[0], {path.string(), line_number, "wavelength"});
    for (size_t c = 1; c < cells.size(); ++c) {
      if (cells[c].empty()) continue;  // a spectrum tabulated over a shorter range than others
      spectra[c - 1].wavelengths.push_back(nm);
      spectra[c - 1].values.push_back(parse_number(cells[c], {path.string(), line_number, spectra[c - 1].name}));
    }
  }
  if (spectra.empty()) {
    throw Error(ErrorKind::invalid_input, "no spectral data (need a header and at least 2 rows)", {path.string()});
  }
  for (const auto& s : spectra) {
    if (s.wavelengths.size() < 2) {
      throw Error(ErrorKind::invalid_input, "spectrum \"" + s.name + "\" has fewer than 2 samples", {path.string()});
    }
    check_increasing(s.wavelengths, path.string());
  }
  return spectra;
}

std::vector<Spectrum> read_rawtoaces_json(const std::filesystem::path& path) {
  const nlohmann::json j = read_json(path);
  const auto index_ptr = nlohmann::json::json_pointer("/spectral_data/index/main");
  const auto data_ptr = nlohmann::json::json_pointer("/spectral_data/data/main");
  if (!j.contains(index_ptr) || !j.at(index_ptr).is_array()) {
    throw Error(ErrorKind::invalid_input, "missing channel names", {path.string(), 0, index_ptr.to_string()});
  }
  if (!j.contains(data_ptr) || !j.at(data_ptr).is_object()) {
    throw Error(ErrorKind::invalid_input, "missing spectral data", {path.string(), 0, data_ptr.to_string()});
  }
  std::vector<Spectrum> spectra;
  for (const auto& name : j.at(index_ptr)) {
    if (!name.is_string()) {
      throw Error(ErrorKind::invalid_input, "channel names must be strings", {path.string(), 0, index_ptr.to_string()});
    }
    spectra.push_back(Spectrum{name.get<std::string>(), {}, {}});
  }
  // JSON objects are unordered: collect (wavelength, values) and sort.
  std::vector<std::pair<double, const nlohmann::json*>> rows;
  for (const auto& [key, value] : j.at(data_ptr).items()) {
    const std::string element = data_ptr.to_string() + "/" + key;
    const double nm = parse_number(key, {path.string(), 0, element});
    if (!value.is_array() || value.size() != spectra.size()) {
      std::ostringstream msg;
      msg << "expected " << spectra.size() << " values";
      throw Error(ErrorKind::invalid_input, msg.str(), {path.string(), 0, element});
    }
    for (const auto& v : value) {
      if (!v.is_number()) throw Error(ErrorKind::invalid_input, "expected numbers", {path.string(), 0, element});
    }
    rows.emplace_back(nm, &value);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [nm, values] : rows) {
    for (size_t c = 0; c < spectra.size(); ++c) {
      spectra[c].wavelengths.push_back(nm);
      spectra[c].values.push_back((*values)[c].get<double>());
    }
  }
  if (spectra.empty() || spectra.front().wavelengths.size() < 2) {
    throw Error(ErrorKind::invalid_input, "no spectral data (need at least 2 wavelengths)", {path.string()});
  }
  check_increasing(spectra.front().wavelengths, path.string());
  return spectra;
}

// What camera sensitivities must cover (see read_camera_sensitivities).
constexpr double kVisibleFrom = 400.0, kVisibleTo = 700.0, kMaxSensitivityStep = 20.0;

CameraSensitivities read_camera_sensitivities(const std::filesystem::path& path) {
  CameraSensitivities camera;
  const nlohmann::json j = read_json(path);
  if (j.contains("header") && j["header"].is_object()) {
    auto text = [&](const char* key) {
      const auto& h = j["header"];
      if (!h.contains(key)) return std::string();
      if (!h[key].is_string()) {
        throw Error(ErrorKind::invalid_input, std::string("expected a string, got ") + h[key].type_name(),
                    {path.string(), 0, std::string("/header/") + key});
      }
      return h[key].get<std::string>();
    };
    camera.manufacturer = text("manufacturer");
    camera.model = text("model");
  }
  const auto channels = read_rawtoaces_json(path);
  const char* expected[3] = {"R", "G", "B"};
  if (channels.size() != 3) {
    throw Error(ErrorKind::invalid_input, "camera sensitivities need channels R, G, B, got " +
                    std::to_string(channels.size()),
                {path.string(), 0, "/spectral_data/index/main"});
  }
  for (int c = 0; c < 3; ++c) {
    if (channels[static_cast<size_t>(c)].name != expected[c]) {
      throw Error(ErrorKind::invalid_input,
                  "camera sensitivities need channels R, G, B in that order, got \"" +
                      channels[static_cast<size_t>(c)].name + "\"",
                  {path.string(), 0, "/spectral_data/index/main"});
    }
    camera.rgb[static_cast<size_t>(c)] = channels[static_cast<size_t>(c)];
  }
  // A handful of wavelengths cannot describe a sensor: the fit would match its few samples
  // exactly and report an error of 0. Ask for the visible range, sampled at least every 20 nm.
  const auto& wl = channels.front().wavelengths;
  double widest = 0.0;
  for (size_t i = 1; i < wl.size(); ++i) widest = std::max(widest, wl[i] - wl[i - 1]);
  if (wl.front() > kVisibleFrom || wl.back() < kVisibleTo || widest > kMaxSensitivityStep) {
    std::ostringstream msg;
    msg << "camera sensitivities cover " << wl.front() << "-" << wl.back() << " nm in " << wl.size()
        << " samples (widest step " << widest << " nm); a spectral IDT needs " << kVisibleFrom << "-" << kVisibleTo
        << " nm sampled at least every " << kMaxSensitivityStep << " nm";
    throw Error(ErrorKind::invalid_input, msg.str(), {path.string(), 0, "/spectral_data/data/main"});
  }
  return camera;
}

Spectrum read_spd_file(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  std::vector<Spectrum> spectra = (ext == ".json") ? read_rawtoaces_json(path) : read_spectral_csv(path);
  if (spectra.size() != 1) {
    throw Error(ErrorKind::invalid_input,
                "an SPD file must hold exactly one spectrum, got " + std::to_string(spectra.size()),
                {path.string()});
  }
  return spectra.front();
}

Spectrum cie_daylight(double cct, const std::array<Spectrum, 3>& S012) {
  // CIE 15:2004 section 3.1, eqs. 3.3-3.6.
  if (!(cct >= 4000.0 && cct <= 25000.0)) {
    std::ostringstream msg;
    msg << "daylight CCT must be within 4000..25000 K, got " << cct;
    throw Error(ErrorKind::usage, msg.str());
  }
  const double t = cct, t2 = t * t, t3 = t2 * t;
  const double xD = t <= 7000.0 ? -4.6070e9 / t3 + 2.9678e6 / t2 + 0.09911e3 / t + 0.244063
                                : -2.0064e9 / t3 + 1.9018e6 / t2 + 0.24748e3 / t + 0.237040;
  const double yD = -3.0 * xD * xD + 2.870 * xD - 0.275;
  const double M = 0.0241 + 0.2562 * xD - 0.7341 * yD;
  const double M1 = (-1.3515 - 1.7703 * xD + 5.9114 * yD) / M;
  const double M2 = (0.0300 - 31.4424 * xD + 30.0717 * yD) / M;
  Spectrum out;
  std::ostringstream name;
  name << "daylight " << cct << " K";
  out.name = name.str();
  out.wavelengths = S012[0].wavelengths;
  out.values.resize(out.wavelengths.size());
  for (size_t i = 0; i < out.values.size(); ++i)
    out.values[i] = S012[0].values[i] + M1 * S012[1].values[i] + M2 * S012[2].values[i];
  return out;
}

Spectrum blackbody(double cct, const WavelengthGrid& grid) {
  if (!(cct >= 100.0 && cct <= 100000.0)) {
    std::ostringstream msg;
    msg << "blackbody temperature must be within 100..100000 K, got " << cct;
    throw Error(ErrorKind::usage, msg.str());
  }
  // Second radiation constant c2 = 1.4388e-2 m K (ITS-90, CIE 15:2004 eq. 1.1); c1 cancels in
  // the normalisation.
  constexpr double c2 = 1.4388e-2;
  const auto planck = [&](double nm) {
    const double lambda = nm * 1e-9;
    return 1.0 / (std::pow(lambda, 5) * std::expm1(c2 / (lambda * cct)));
  };
  const double norm = planck(560.0);
  Spectrum out;
  std::ostringstream name;
  name << "blackbody " << cct << " K";
  out.name = name.str();
  for (int i = 0; i < grid.size(); ++i) {
    out.wavelengths.push_back(grid.at(i));
    out.values.push_back(planck(grid.at(i)) / norm);
  }
  return out;
}

namespace {

template <typename T, typename Load>
const T& cached(std::once_flag& flag, T& storage, Load load) {
  std::call_once(flag, [&] { storage = load(); });
  return storage;
}

}  // namespace

const std::array<Spectrum, 3>& cie1931_2deg_cmfs() {
  static std::once_flag flag;
  static std::array<Spectrum, 3> data;
  return cached(flag, data, [] {
    const auto path = data_file("colour/cie1931_2deg_xyz_cmfs_360-830-1.csv");
    return three(read_spectral_csv(path), path);
  });
}

const std::array<Spectrum, 3>& aces_ricd() {
  static std::once_flag flag;
  static std::array<Spectrum, 3> data;
  return cached(flag, data, [] {
    const auto path = data_file("colour/aces_ricd_360-830-1.csv");
    return three(read_spectral_csv(path), path);
  });
}

const std::array<Spectrum, 3>& cie_daylight_basis() {
  static std::once_flag flag;
  static std::array<Spectrum, 3> data;
  return cached(flag, data, [] {
    const auto path = data_file("colour/cie_daylight_basis_S0_S1_S2_300-830-5.csv");
    return three(read_spectral_csv(path), path);
  });
}

const std::vector<Spectrum>& colorchecker_classic_ohta() {
  static std::once_flag flag;
  static std::vector<Spectrum> data;
  return cached(flag, data, [] {
    const auto path = data_file("colour/colorchecker_classic_ohta_iso17321-1_380-780-5.csv");
    auto spectra = read_spectral_csv(path);
    if (spectra.size() != 24) {
      throw Error(ErrorKind::invalid_input, "expected 24 ColorChecker patches, got " + std::to_string(spectra.size()),
                  {path.string()});
    }
    return spectra;
  });
}

const std::vector<Spectrum>& cie_standard_illuminants() {
  static std::once_flag flag;
  static std::vector<Spectrum> data;
  return cached(flag, data, [] { return read_spectral_csv(data_file("colour/cie_illuminants_A_D50_D55_D60_D65_D75.csv")); });
}

const std::vector<Spectrum>& iso7589_illuminants() {
  static std::once_flag flag;
  static std::vector<Spectrum> data;
  return cached(flag, data, [] { return read_spectral_csv(data_file("colour/iso7589_illuminants.csv")); });
}

const std::vector<Spectrum>& cie_fluorescent_and_led_illuminants() {
  static std::once_flag flag;
  static std::vector<Spectrum> data;
  return cached(flag, data, [] { return read_spectral_csv(data_file("colour/cie_illuminants_FL_LED_380-780-5.csv")); });
}

namespace {

// The tabulated illuminant a manifest name means beyond A and D: CIE FL1-FL12 (also written F1-F12),
// the CIE LED series, and the lamp names camera makers tune to: CWF (cool white fluorescent, FL2)
// and TL84 (FL11). Null when the name is none of them.
const Spectrum* table_illuminant(const std::string& name) {
  std::string n = name == "CWF" ? "FL2" : name == "TL84" ? "FL11" : name;
  if (n.size() >= 2 && n[0] == 'F' && n[1] >= '1' && n[1] <= '9') n = "FL" + n.substr(1);
  for (const auto& s : cie_fluorescent_and_led_illuminants()) {
    if (s.name == n) return &s;
  }
  return nullptr;
}

}  // namespace

const Spectrum& ampas_iso7589_tungsten() {
  static std::once_flag flag;
  static Spectrum data;
  return cached(flag, data, [] { return read_spd_file(data_file("colour/ampas_iso7589_studio_tungsten_380-780-5.csv")); });
}

IlluminantSpec IlluminantSpec::from_json(const nlohmann::json& j, const Location& where) {
  IlluminantSpec spec;
  static const char* kNames[] = {"D50", "D55", "D60", "D65", "D75", "A", "ISO7589-tungsten"};
  if (j.is_string()) {
    const std::string name = j.get<std::string>();
    for (const char* known : kNames) {
      if (name == known) {
        spec.kind = Kind::named;
        spec.name = name;
        return spec;
      }
    }
    if (const Spectrum* table = table_illuminant(name)) {
      spec.kind = Kind::named;
      spec.name = table->name;
      return spec;
    }
    std::string msg = "unknown illuminant \"";
    msg.append(name).append("\" (expected D50, D55, D60, D65, D75, A, ISO7589-tungsten, FL1..FL12 (F1..F12, CWF = "
                            "FL2, TL84 = FL11), LED-B1..LED-B5, LED-BH1, LED-RGB1, LED-V1, LED-V2, or an object "
                            "with daylight_cct, blackbody_cct or spd_file)");
    throw Error(ErrorKind::invalid_input, msg, where);
  }
  if (j.is_object() && j.size() == 1) {
    // Not `*j.items().begin()`: that is a reference into a temporary proxy, dangling after this
    // statement (ASan: stack-use-after-scope).
    const auto first = j.begin();
    const std::string key = first.key();
    const auto& value = first.value();
    Location at = where;
    at.element += "/" + key;
    if (key == "daylight_cct" || key == "blackbody_cct") {
      if (!value.is_number()) throw Error(ErrorKind::invalid_input, "expected a temperature in kelvin", at);
      spec.kind = key == "daylight_cct" ? Kind::daylight_cct : Kind::blackbody_cct;
      spec.cct = value.get<double>();
      const bool ok = spec.kind == Kind::daylight_cct ? (spec.cct >= 4000 && spec.cct <= 25000)
                                                      : (spec.cct >= 1000 && spec.cct <= 25000);
      if (!ok) {
        std::ostringstream msg;
        msg << "temperature " << spec.cct << " K is out of range ("
            << (spec.kind == Kind::daylight_cct ? "4000..25000" : "1000..25000") << " K)";
        throw Error(ErrorKind::invalid_input, msg.str(), at);
      }
      return spec;
    }
    if (key == "spd_file") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        throw Error(ErrorKind::invalid_input, "expected a file path", at);
      }
      spec.kind = Kind::spd_file;
      spec.file = value.get<std::string>();
      return spec;
    }
    throw Error(ErrorKind::invalid_input, "unknown illuminant key \"" + key +
                                              "\" (expected daylight_cct, blackbody_cct or spd_file)", at);
  }
  throw Error(ErrorKind::invalid_input,
              "illuminant must be a name or an object with one key (daylight_cct, blackbody_cct, spd_file)", where);
}

std::string IlluminantSpec::describe() const {
  std::ostringstream out;
  switch (kind) {
    case Kind::named: out << name; break;
    case Kind::daylight_cct: out << "daylight " << cct << " K"; break;
    case Kind::blackbody_cct: out << "blackbody " << cct << " K"; break;
    case Kind::spd_file: out << "spd_file " << file.string(); break;
  }
  return out.str();
}

Spectrum illuminant_spd(const IlluminantSpec& spec, const std::filesystem::path& base_dir) {
  switch (spec.kind) {
    case IlluminantSpec::Kind::named: {
      if (spec.name == "ISO7589-tungsten") return ampas_iso7589_tungsten();
      for (const auto& s : cie_standard_illuminants())
        if (s.name == spec.name) return s;
      if (const Spectrum* table = table_illuminant(spec.name)) return *table;
      throw Error(ErrorKind::usage, "unknown illuminant \"" + spec.name + "\"");
    }
    case IlluminantSpec::Kind::daylight_cct: return cie_daylight(spec.cct, cie_daylight_basis());
    case IlluminantSpec::Kind::blackbody_cct: return blackbody(spec.cct);
    case IlluminantSpec::Kind::spd_file: {
      const auto path = spec.file.is_absolute() ? spec.file : base_dir / spec.file;
      return read_spd_file(path);
    }
  }
  throw Error(ErrorKind::internal, "unhandled illuminant kind");
}

std::array<double, 3> spectrum_to_XYZ(const Spectrum& s) {
  const auto& cmfs = cie1931_2deg_cmfs();
  const auto& wl = cmfs[0].wavelengths;
  const Spectrum r = resample(s, {wl.front(), wl.back(), wl[1] - wl[0]});
  std::array<double, 3> XYZ{0, 0, 0};
  for (size_t i = 0; i < wl.size(); ++i)
    for (size_t c = 0; c < 3; ++c) XYZ[c] += r.values[i] * cmfs[c].values[i];
  return XYZ;
}

}  // namespace aceslab::idt
