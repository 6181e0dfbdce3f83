// SPDX-License-Identifier: Apache-2.0
#include "lmt/natural_colours.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "color/chromaticity.h"
#include "color/data_dir.h"
#include "color/error.h"

namespace aceslab::lmt {
namespace {

// A numeric CSV table: a header row of names, then rows of numbers; column 0 is the wavelength.
struct Table {
  std::vector<std::string> names;
  std::vector<std::vector<double>> columns;

  int column(const std::string& name, const std::string& path) const {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == name) return static_cast<int>(i);
    }
    throw Error(ErrorKind::invalid_input, "no column \"" + name + "\"", Location(path, 1));
  }
  // Linear interpolation of column `c` at wavelength `nm`; 0 outside the table.
  double at(int c, double nm) const {
    const auto& wl = columns[0];
    if (wl.empty() || nm < wl.front() || nm > wl.back()) return 0.0;
    std::size_t i = 0;
    while (i + 1 < wl.size() && wl[i + 1] < nm) ++i;
    if (i + 1 >= wl.size()) return std::isnan(columns[c][i]) ? 0.0 : columns[c][i];
    const double t = (nm - wl[i]) / (wl[i + 1] - wl[i]);
    const double v = columns[c][i] + t * (columns[c][i + 1] - columns[c][i]);
    return std::isnan(v) ? 0.0 : v;
  }
};

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream s(line);
  while (std::getline(s, cell, ',')) {
    while (!cell.empty() && (cell.back() == '\r' || cell.back() == ' ')) cell.pop_back();
    out.push_back(cell);
  }
  return out;
}

Table read_table(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::io, "cannot open the spectral table", Location(path.string()));
  Table t;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const auto cells = split_csv(line);
    if (t.names.empty()) {
      t.names = cells;
      t.columns.resize(cells.size());
      continue;
    }
    if (cells.size() != t.names.size()) {
      std::ostringstream m;
      m << "expected " << t.names.size() << " values, got " << cells.size();
      throw Error(ErrorKind::invalid_input, m.str(), Location(path.string(), line_no));
    }
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (cells[i].empty() && i > 0) {  // a column that is not tabulated at this wavelength
        t.columns[i].push_back(std::nan(""));
        continue;
      }
      double v = 0.0;
      const auto [end, ec] = std::from_chars(cells[i].data(), cells[i].data() + cells[i].size(), v);
      if (ec != std::errc() || end != cells[i].data() + cells[i].size() || !std::isfinite(v)) {
        throw Error(ErrorKind::invalid_input, "not a number: \"" + cells[i] + "\"",
                    Location(path.string(), line_no, t.names[i]));
      }
      t.columns[i].push_back(v);
    }
  }
  if (t.names.size() < 2 || t.columns[0].size() < 2) {
    throw Error(ErrorKind::invalid_input, "empty spectral table", Location(path.string()));
  }
  return t;
}

// Tables shipped in data/colour (copied from /work/shared/data/colour, see SOURCE.txt there).
constexpr const char* kCmfFile = "cie1931_2deg_xyz_cmfs_360-830-1.csv";
constexpr const char* kIlluminantFile = "cie_illuminants_A_D50_D55_D60_D65_D75.csv";
constexpr const char* kColorCheckerFile = "colorchecker_classic_ohta_iso17321-1_380-780-5.csv";
constexpr const char* kTrainingFile = "rawtoaces_training_190_patches_380-780-5.csv";

// Both reflectance sets are tabulated over 380-780 nm; integrate there at 1 nm (the CMF spacing).
constexpr int kFirstNm = 380;
constexpr int kLastNm = 780;

}  // namespace

NaturalColourSet natural_colours(const NaturalColourOptions& options, const std::filesystem::path& colour_dir) {
  const std::filesystem::path dir = colour_dir.empty() ? data_dir() / "colour" : colour_dir;
  const Table cmf = read_table(dir / kCmfFile);
  const Table illuminants = read_table(dir / kIlluminantFile);
  const std::pair<std::string, Table> reflectance_sets[] = {
      {"colorchecker", read_table(dir / kColorCheckerFile)},
      {"training190", read_table(dir / kTrainingFile)},
  };
  const int xbar = cmf.column("xbar", (dir / kCmfFile).string());
  const int ybar = cmf.column("ybar", (dir / kCmfFile).string());
  const int zbar = cmf.column("zbar", (dir / kCmfFile).string());

  const aces::Vec3 aces_white = aces::xy_to_XYZ(aces::primaries::kWhiteACES);
  const aces::Mat3 XYZ_to_AP0 = aces::XYZ_to_rgb_matrix(aces::primaries::kAP0);

  NaturalColourSet out;
  for (const auto& ill_name : options.illuminants) {
    const int ic = illuminants.column(ill_name, (dir / kIlluminantFile).string());
    // Illuminant white and the normalisation that gives a perfect diffuser Y = 1.
    aces::Vec3 white = aces::Vec3::Zero();
    std::vector<aces::Vec3> weighted;  // S(l) * cmf(l)
    for (int nm = kFirstNm; nm <= kLastNm; ++nm) {
      const double s = illuminants.at(ic, nm);
      const aces::Vec3 w(s * cmf.at(xbar, nm), s * cmf.at(ybar, nm), s * cmf.at(zbar, nm));
      weighted.push_back(w);
      white += w;
    }
    const double k = 1.0 / white.y();
    white *= k;
    // CAT02 to the ACES white, as the Academy's IDT procedure adapts scene colours.
    const aces::Mat3 to_aces =
        XYZ_to_AP0 * aces::adaptation_matrix(white, aces_white, aces::Adaptation::cat02);
    for (const auto& [set_name, table] : reflectance_sets) {
      for (std::size_t p = 1; p < table.names.size(); ++p) {
        aces::Vec3 XYZ = aces::Vec3::Zero();
        for (int nm = kFirstNm; nm <= kLastNm; ++nm) {
          XYZ += std::max(0.0, table.at(static_cast<int>(p), nm)) * weighted[nm - kFirstNm];
        }
        const aces::Vec3 aces0 = to_aces * (k * XYZ);
        for (int ev = options.min_ev; ev <= options.max_ev; ++ev) {
          const aces::Vec3 a = aces0 * std::ldexp(1.0, ev);
          out.aces.push_back({static_cast<float>(a[0]), static_cast<float>(a[1]), static_cast<float>(a[2])});
          std::ostringstream label;
          label << set_name << '/' << table.names[p] << '/' << ill_name << '/' << (ev >= 0 ? "+" : "") << ev << "EV";
          out.labels.push_back(label.str());
        }
      }
    }
  }
  return out;
}

}  // namespace aceslab::lmt
