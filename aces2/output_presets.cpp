// SPDX-License-Identifier: Apache-2.0
#include "aces2/output_presets.h"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>

#include "color/error.h"

namespace aceslab::aces {

namespace {

constexpr std::string_view kUrnPrefix = "urn:ampas:aces:transformId:v2.0:";
constexpr std::string_view kOutputPrefix = "Output.Academy.";
constexpr std::string_view kInvOutputPrefix = "InvOutput.Academy.";
constexpr std::string_view kSuffix = ".a2.v1";

// The Output transforms of the ACES 2.0 registry (data/aces/aces-transforms.json, transformType
// "Output"), without the URN prefix, "Output.Academy." and ".a2.v1".
constexpr std::array<std::string_view, 54> kOutputIds = {
    "P3-D60_1000nit_in_P3-D65_ST2084",           "P3-D60_1000nit_in_P3-D65_sRGB-Piecewise",
    "P3-D60_1000nit_in_Rec2100-D65_HLG",         "P3-D60_1000nit_in_Rec2100-D65_ST2084",
    "P3-D60_100nit_in_P3-D65_Gamma2pt2",         "P3-D60_100nit_in_P3-D65_sRGB-Piecewise",
    "P3-D60_108nit_in_P3-D65_ST2084",            "P3-D60_2000nit_in_P3-D65_ST2084",
    "P3-D60_2000nit_in_Rec2100-D65_ST2084",      "P3-D60_300nit_in_XYZ-E_ST2084",
    "P3-D60_4000nit_in_P3-D65_ST2084",           "P3-D60_4000nit_in_Rec2100-D65_ST2084",
    "P3-D60_48nit_in_P3-D65_Gamma2pt6",          "P3-D60_48nit_in_XYZ-E_Gamma2pt6",
    "P3-D60_500nit_in_P3-D65_ST2084",            "P3-D60_500nit_in_Rec2100-D65_ST2084",
    "P3-D65_1000nit_in_P3-D65_ST2084",           "P3-D65_1000nit_in_P3-D65_sRGB-Piecewise",
    "P3-D65_1000nit_in_Rec2100-D65_HLG",         "P3-D65_1000nit_in_Rec2100-D65_ST2084",
    "P3-D65_100nit_in_P3-D65_Gamma2pt2",         "P3-D65_100nit_in_P3-D65_sRGB-Piecewise",
    "P3-D65_108nit_in_P3-D65_ST2084",            "P3-D65_2000nit_in_P3-D65_ST2084",
    "P3-D65_2000nit_in_Rec2100-D65_ST2084",      "P3-D65_300nit_in_XYZ-E_ST2084",
    "P3-D65_4000nit_in_P3-D65_ST2084",           "P3-D65_4000nit_in_Rec2100-D65_ST2084",
    "P3-D65_48nit_in_P3-D65_Gamma2pt6",          "P3-D65_48nit_in_XYZ-E_Gamma2pt6",
    "P3-D65_500nit_in_P3-D65_ST2084",            "P3-D65_500nit_in_Rec2100-D65_ST2084",
    "Rec2100-D60_1000nit_in_Rec2100-D65_ST2084", "Rec2100-D60_2000nit_in_Rec2100-D65_ST2084",
    "Rec2100-D60_4000nit_in_Rec2100-D65_ST2084", "Rec2100-D60_500nit_in_Rec2100-D65_ST2084",
    "Rec2100-D65_1000nit_in_Rec2100-D65_ST2084", "Rec2100-D65_2000nit_in_Rec2100-D65_ST2084",
    "Rec2100-D65_4000nit_in_Rec2100-D65_ST2084", "Rec2100-D65_500nit_in_Rec2100-D65_ST2084",
    "Rec709-D60_100nit_in_P3-D65_ST2084",        "Rec709-D60_100nit_in_P3-D65_sRGB-Piecewise",
    "Rec709-D60_100nit_in_Rec2100-D65_ST2084",   "Rec709-D60_100nit_in_Rec709-D65_BT1886",
    "Rec709-D60_100nit_in_Rec709-D65_Gamma2pt2", "Rec709-D60_100nit_in_Rec709-D65_sRGB-Piecewise",
    "Rec709-D60_48nit_in_P3-D65_Gamma2pt6",      "Rec709-D65_100nit_in_P3-D65_ST2084",
    "Rec709-D65_100nit_in_P3-D65_sRGB-Piecewise", "Rec709-D65_100nit_in_Rec2100-D65_ST2084",
    "Rec709-D65_100nit_in_Rec709-D65_BT1886",    "Rec709-D65_100nit_in_Rec709-D65_Gamma2pt2",
    "Rec709-D65_100nit_in_Rec709-D65_sRGB-Piecewise", "Rec709-D65_48nit_in_P3-D65_Gamma2pt6",
};

struct Gamut {
  std::string_view id;     // as spelled in the transform id (primaries only)
  std::string_view alias;  // encoding alias token
  std::string_view limit_alias;
  std::string_view user;
  Chromaticities chroma;   // with D65 (or E) white
};

const std::array<Gamut, 4> kGamuts = {{
    {"Rec709", "rec709", "rec709", "Rec.709", primaries::kRec709},
    {"P3", "p3d65", "p3", "P3", primaries::kP3D65},
    {"Rec2100", "rec2100", "rec2020", "Rec.2100", primaries::kRec2020},
    {"XYZ", "xyz", "xyz", "XYZ", primaries::kXYZ_E},
}};

struct EotfName {
  std::string_view id;
  Eotf eotf;
  std::string_view user;
};
constexpr std::array<EotfName, 6> kEotfs = {{{"BT1886", Eotf::bt1886, "BT.1886"},
                                             {"sRGB-Piecewise", Eotf::srgb, "sRGB"},
                                             {"Gamma2pt2", Eotf::gamma2_2, "gamma 2.2"},
                                             {"Gamma2pt6", Eotf::gamma2_6, "gamma 2.6"},
                                             {"ST2084", Eotf::pq, "ST 2084 (PQ)"},
                                             {"HLG", Eotf::hlg, "HLG"}}};

// Concatenation by append: GCC 12 emits a false -Wrestrict for chains of std::string operator+
// (GCC bug 105651).
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

[[noreturn]] void bad_id(std::string_view id, const std::string& what) {
  throw Error(ErrorKind::invalid_input, cat("output transform id \"", id, "\": ", what));
}

const Gamut& gamut_of(std::string_view full, std::string_view primaries) {
  for (const Gamut& g : kGamuts) {
    if (g.id == primaries) return g;
  }
  bad_id(full, cat("unknown primaries \"", primaries, "\""));
}

// "P3-D65" -> gamut + white; "XYZ-E" -> XYZ with E white.
std::pair<const Gamut*, std::string_view> split_space(std::string_view full, std::string_view space) {
  const auto dash = space.rfind('-');
  if (dash == std::string_view::npos) bad_id(full, cat("expected <primaries>-<white> in \"", space, "\""));
  const std::string_view white = space.substr(dash + 1);
  if (white != "D65" && white != "D60" && white != "E") bad_id(full, cat("unknown white \"", white, "\""));
  return {&gamut_of(full, space.substr(0, dash)), white};
}

}  // namespace

OutputPreset parse_output_id(std::string_view id) {
  const std::string_view full = id;
  if (id.substr(0, kUrnPrefix.size()) == kUrnPrefix) id.remove_prefix(kUrnPrefix.size());
  if (id.substr(0, kOutputPrefix.size()) == kOutputPrefix) id.remove_prefix(kOutputPrefix.size());
  if (id.size() > kSuffix.size() && id.substr(id.size() - kSuffix.size()) == kSuffix) {
    id.remove_suffix(kSuffix.size());
  }
  // <limiting>_<nits>nit_in_<encoding>_<EOTF>
  const auto in_pos = id.find("nit_in_");
  const auto first_us = id.find('_');
  if (in_pos == std::string_view::npos || first_us == std::string_view::npos || first_us > in_pos) {
    bad_id(full, "expected <limiting>_<nits>nit_in_<encoding>_<EOTF>");
  }
  const std::string_view limiting = id.substr(0, first_us);
  const std::string_view nits_s = id.substr(first_us + 1, in_pos - first_us - 1);
  const std::string_view rest = id.substr(in_pos + 7);
  const auto enc_us = rest.find('_');
  if (enc_us == std::string_view::npos) bad_id(full, "missing _<EOTF>");
  const std::string_view encoding = rest.substr(0, enc_us);
  const std::string_view eotf_s = rest.substr(enc_us + 1);

  int nits = 0;
  for (char c : nits_s) {
    if (c < '0' || c > '9') bad_id(full, cat("peak \"", nits_s, "\" is not a number"));
    nits = nits * 10 + (c - '0');
  }
  const auto [lim_gamut, lim_white] = split_space(full, limiting);
  const auto [enc_gamut, enc_white] = split_space(full, encoding);
  const EotfName* eotf = nullptr;
  for (const EotfName& e : kEotfs) {
    if (e.id == eotf_s) eotf = &e;
  }
  if (eotf == nullptr) bad_id(full, cat("unknown EOTF \"", eotf_s, "\""));

  OutputPreset p;
  p.transform_id = cat(kUrnPrefix, kOutputPrefix, id, kSuffix);
  p.inverse_id = cat(kUrnPrefix, kInvOutputPrefix, id, kSuffix);

  OutputTransformParams& q = p.params;
  q.limiting = lim_gamut->chroma;
  if (lim_white == "D60") q.limiting.white = primaries::kWhiteACES;
  q.encoding = enc_gamut->chroma;
  q.eotf = eotf->eotf;
  q.d60_simulation = lim_white == "D60";
  // Cinema presets (aces-output CTL): 48 nit renders the 100-nit tonescale relative to a 48-nit
  // screen; 108 and 300 nit render 225 / 625 nit scaled by 0.48 (= 48/100).
  q.peak_luminance = nits;
  if (nits == 48) q.peak_luminance = 100.0;
  if (nits == 108 || nits == 300) {
    q.peak_luminance = nits / 0.48;
    q.linear_scale = 0.48;
  }
  // DCDM: X'Y'Z' code 1.0 is 52.37 cd/m^2, so a 48-nit white sits at 48/52.37 (SMPTE ST 428-1).
  if (nits == 48 && enc_gamut->id == "XYZ") q.linear_scale = 48.0 / 52.37;
  q.hlg_peak_luminance = q.eotf == Eotf::hlg ? static_cast<double>(nits) : 0.0;

  const std::string nits_str = std::to_string(nits);
  const bool limited = lim_gamut != enc_gamut;
  p.alias = cat(enc_gamut->alias, "-", eotf_id(eotf->eotf), "-", nits_str, "nit", limited ? "-" : "",
                limited ? lim_gamut->limit_alias : "", q.d60_simulation ? "-d60sim" : "");
  p.user_name = cat(enc_gamut->user, " ", eotf->user, " ", nits_str, " nit");
  if (limited || q.d60_simulation) {
    p.user_name += cat(" (", lim_gamut->user, lim_white == "D60" ? "-D60" : "-D65", " limited",
                       q.d60_simulation ? ", D60 sim." : "", ")");
  }
  return p;
}

const std::vector<OutputPreset>& output_presets() {
  static const std::vector<OutputPreset> presets = [] {
    std::vector<OutputPreset> v;
    v.reserve(kOutputIds.size());
    for (std::string_view id : kOutputIds) v.push_back(parse_output_id(id));
    // Short names of everyday presets (the spellings of the original issue).
    const std::pair<std::string_view, std::string_view> kShort[] = {{"rec709-bt1886-100nit", "rec709-100nit-bt1886"},
                                                                    {"rec709-srgb-100nit", "srgb-100nit"},
                                                                    {"p3d65-gamma2.6-48nit", "p3d65-48nit"}};
    for (OutputPreset& p : v) {
      for (const auto& [alias, short_alias] : kShort) {
        if (p.alias == alias) p.short_aliases.emplace_back(short_alias);
      }
    }
    return v;
  }();
  return presets;
}

const OutputPreset& find_output_preset(std::string_view id_or_alias, bool* inverse) {
  std::string key(id_or_alias);
  if (key.substr(0, kUrnPrefix.size()) == kUrnPrefix) key.erase(0, kUrnPrefix.size());
  for (const OutputPreset& p : output_presets()) {
    const std::string_view body = std::string_view(p.transform_id).substr(kUrnPrefix.size());
    const std::string_view inv_body = std::string_view(p.inverse_id).substr(kUrnPrefix.size());
    const bool short_match = std::find(p.short_aliases.begin(), p.short_aliases.end(), key) != p.short_aliases.end();
    if (key == body || key == p.alias || short_match) {
      if (inverse) *inverse = false;
      return p;
    }
    if (key == inv_body) {
      if (inverse) *inverse = true;
      return p;
    }
  }
  std::string valid;
  for (const OutputPreset& p : output_presets()) valid += cat("\n  ", p.alias);
  throw Error(ErrorKind::usage,
              cat("unknown output transform \"", id_or_alias, "\"; valid aliases (or the Output/InvOutput URNs):", valid));
}

std::shared_ptr<const OutputTransform> output_transform(const OutputPreset& preset) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const OutputTransform>> cache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(preset.transform_id);
    if (it != cache.end()) return it->second;
  }
  // Built outside the lock (a few ms of table construction); a racing duplicate is discarded.
  auto engine = std::make_shared<const OutputTransform>(preset.params);
  std::lock_guard<std::mutex> lock(mutex);
  return cache.emplace(preset.transform_id, std::move(engine)).first->second;
}

}  // namespace aceslab::aces
