// SPDX-License-Identifier: Apache-2.0
// Spectral data for Input Transforms: sampled spectra (illuminants, reflectances, sensitivities),
// resampling them onto a common wavelength grid, reading the two tabular formats aceslab meets (CSV
// tables with a wavelength column, and the rawtoaces-data JSON format used for camera sensitivities,
// training sets, illuminants and CMFs), and the analytic illuminants: CIE D-series daylight from its
// S0/S1/S2 basis (CIE 15:2004 section 3.1) and Planck's blackbody.
#pragma once

#include <array>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "color/error.h"

namespace aceslab::idt {

struct Spectrum {
  std::string name;
  std::vector<double> wavelengths;  // nm, strictly increasing
  std::vector<double> values;

  bool empty() const { return wavelengths.empty(); }
  // Linear interpolation inside the sampled range, the end value held outside it.
  double value_at(double nm) const;
};

enum class Interpolation {
  linear,
  // Sprague (1880) 6-point fifth-order interpolation of uniformly spaced data, with the end
  // coefficients of CIE 167:2005 -- what colour-science (and so the Academy's idt-calculator) uses
  // when it reshapes uniformly spaced spectra; falls back to linear for non-uniform data.
  sprague,
};

struct WavelengthGrid {
  double start = 360, end = 830, step = 1;
  int size() const;
  double at(int i) const { return start + step * i; }
};

// Values of `s` on `grid`: interpolated inside the sampled range, the end values held outside (the
// "constant" extrapolation colour-science uses when it aligns spectra).
Spectrum resample(const Spectrum& s, const WavelengthGrid& grid,
                  Interpolation method = Interpolation::sprague);

// A CSV table: header `wavelength_nm,<name>,...`, then one row per wavelength. One spectrum per
// column after the first. Throws aceslab::Error (io / invalid_input) with file and line.
std::vector<Spectrum> read_spectral_csv(const std::filesystem::path& path);

// The rawtoaces-data JSON format (`spectral_data.index.main` names the channels,
// `spectral_data.data.main` maps "wavelength" -> [values]). One spectrum per channel.
std::vector<Spectrum> read_rawtoaces_json(const std::filesystem::path& path);

// Spectral sensitivities of a camera (R, G, B), from a rawtoaces-data camera file.
struct CameraSensitivities {
  std::string manufacturer;
  std::string model;
  std::array<Spectrum, 3> rgb;
};
CameraSensitivities read_camera_sensitivities(const std::filesystem::path& path);

// One SPD from a file: a rawtoaces JSON with one channel, or a CSV with exactly one data column.
Spectrum read_spd_file(const std::filesystem::path& path);

// CIE D-series daylight at correlated colour temperature `cct` (4000..25000 K) from the S0/S1/S2
// basis, on the basis' own grid (300..830 nm, 5 nm). Throws aceslab::Error (usage) out of range.
Spectrum cie_daylight(double cct, const std::array<Spectrum, 3>& S012);

// Planck's law (CIE 15:2004 eq. 1.1, c2 = 1.4388e-2 m K), normalised to 1 at 560 nm.
Spectrum blackbody(double cct, const WavelengthGrid& grid = {360, 830, 1});

// Tables shipped in data/colour (see data/colour/SOURCE.txt); read once and cached.
const std::array<Spectrum, 3>& cie1931_2deg_cmfs();        // 360..830 nm, 1 nm
const std::array<Spectrum, 3>& aces_ricd();                // ACES RICD r, g, b (360..830, 1 nm)
const std::array<Spectrum, 3>& cie_daylight_basis();       // S0, S1, S2 (300..830, 5 nm)
const std::vector<Spectrum>& colorchecker_classic_ohta();  // 24 patches, ISO 17321-1 / Ohta
const std::vector<Spectrum>& cie_standard_illuminants();   // A, D50, D55, D60, D65, D75
const std::vector<Spectrum>& iso7589_illuminants();        // the ISO 7589 tungsten/daylight set (10 nm)
// CIE FL1-FL12 (CIE 15:2004 table T.6) and the CIE LED series LED-B1..B5, LED-BH1, LED-RGB1, LED-V1,
// LED-V2 (CIE 15:2018 table 10), 380..780 nm, 5 nm.
const std::vector<Spectrum>& cie_fluorescent_and_led_illuminants();
// The Academy's 5 nm ISO 7589 studio tungsten (rawtoaces), what "ISO7589-tungsten" means.
const Spectrum& ampas_iso7589_tungsten();

// How an illuminant is given in a capture manifest: a name ("D50", "D55", "D60", "D65", "D75", "A",
// "ISO7589-tungsten", the CIE fluorescent "FL1".."FL12" (also "F1".."F12"; "CWF" is FL2 and "TL84"
// FL11, kept as the FL name) and LED series "LED-B1".."LED-V2"), or an object {"daylight_cct": K},
// {"blackbody_cct": K} or {"spd_file": "..."}.
struct IlluminantSpec {
  enum class Kind { named, daylight_cct, blackbody_cct, spd_file };
  Kind kind = Kind::named;
  std::string name = "D60";     // for Kind::named
  double cct = 0;               // for the CCT kinds
  std::filesystem::path file;   // for Kind::spd_file (relative to the manifest's folder)

  // Throws aceslab::Error (invalid_input) with `where` (file, JSON pointer) on a bad value.
  static IlluminantSpec from_json(const nlohmann::json& j, const Location& where);
  std::string describe() const;  // "D60", "daylight 5600 K", "blackbody 3200 K", "spd_file x.csv"
};

// The SPD of an illuminant; `base_dir` resolves relative spd_file paths.
Spectrum illuminant_spd(const IlluminantSpec& spec, const std::filesystem::path& base_dir);

// CIE 1931 2 degree XYZ of a spectrum under the CMFs, not normalised (sum over the CMF grid with
// `s` resampled onto it).
std::array<double, 3> spectrum_to_XYZ(const Spectrum& s);

}  // namespace aceslab::idt
