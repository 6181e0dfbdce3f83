// SPDX-License-Identifier: Apache-2.0
#include "pipeline/csc.h"

#include <algorithm>
#include <string>

#include "color/color_space.h"
#include "color/error.h"
#include "color/film_density.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/transform_registry.h"

namespace aceslab::aces {
namespace {

constexpr std::string_view kUrnPrefix = "urn:ampas:aces:transformId:";

// "ACEScsc.Academy.ACEScct_to_ACES.a1.0.3" -> "ACEScct_to_ACES": the name between the namespace
// and the ".a1."/".a2." version tail.
std::string_view transform_name(std::string_view id) {
  id = strip_transform_urn(id);
  const std::size_t tail = std::min(id.find(".a1."), id.find(".a2."));
  if (tail != std::string_view::npos) id = id.substr(0, tail);
  return id.substr(id.rfind('.') + 1);
}

// True when both names say a direction ("X_to_ACES" / "ACES_to_X") and they disagree. The
// registry lists a few previous ids under the opposite direction (v2.0's ACES_to_ACEScc names
// ACEScsc.ACEScc_to_ACES.a1.0.1 among its equivalents); following them would invert the image.
bool opposite_directions(std::string_view a, std::string_view b) {
  constexpr std::string_view kFromAces = "ACES_to_";
  constexpr std::string_view kToAces = "_to_ACES";
  auto direction = [&](std::string_view n) {
    if (n.rfind(kFromAces, 0) == 0) return -1;
    if (n.size() >= kToAces.size() && n.substr(n.size() - kToAces.size()) == kToAces) return 1;
    return 0;
  };
  return direction(a) * direction(b) < 0;
}

// Legacy and 1.x ids normalised to the ACES 2.0 registry id they are equivalent to: an ACES 2.0
// entry listing the id among its previous equivalents (in the same direction) wins over the 1.x
// entry of the id itself.
std::string canonical_id(std::string_view id) {
  const auto& registry = TransformRegistry::shipped();
  for (const auto& t : registry.all()) {
    if (t.aces_major() != 2) continue;
    for (const auto& previous : t.previous_ids) {
      if (previous == id && !opposite_directions(transform_name(id), transform_name(t.transform_id))) {
        return t.transform_id;
      }
    }
  }
  if (const auto* entry = registry.find_any(id)) return entry->transform_id;
  return std::string(id);
}

bool listed(const std::vector<std::string>& ids, std::string_view bare) {
  return std::find(ids.begin(), ids.end(), bare) != ids.end();
}

Pipeline adx_pipeline(AdxBits bits) {
  Pipeline p;
  p.name = bits == AdxBits::adx10 ? "ADX10 to ACES2065-1" : "ADX16 to ACES2065-1";
  p.input_descriptor = bits == AdxBits::adx10 ? "ADX10" : "ADX16";
  p.output_descriptor = "ACES2065-1";
  p.append(adx_code_to_cid(bits));
  p.append(TransferStep{&find_transfer_function("adx-density"), Direction::forward});
  p.append(MatrixStep{adx_exposure_to_aces(), Vec3::Zero()});
  return p;
}

}  // namespace

std::string_view strip_transform_urn(std::string_view id) {
  if (id.rfind(kUrnPrefix, 0) == 0) {
    const std::size_t colon = id.find(':', kUrnPrefix.size());
    if (colon != std::string_view::npos) id.remove_prefix(colon + 1);
  }
  return id;
}

std::optional<Pipeline> find_csc_pipeline(std::string_view transform_id) {
  const std::string id = canonical_id(transform_id);
  const std::string_view bare = strip_transform_urn(transform_id);
  for (const ColorSpace& cs : color_spaces()) {
    if (!cs.csc_to_aces_id.empty() && cs.csc_to_aces_id == id) return to_aces(cs);
    if (!cs.csc_from_aces_id.empty() && cs.csc_from_aces_id == id) return from_aces(cs);
  }
  for (const ColorSpace& cs : color_spaces()) {
    if (listed(cs.equivalent_to_aces_ids, bare)) return to_aces(cs);
    if (listed(cs.equivalent_from_aces_ids, bare)) return from_aces(cs);
  }
  const std::string_view name = transform_name(id);
  if (strip_transform_urn(id).rfind("CSC.Academy.", 0) == 0) {
    if (name == "ADX10_to_ACES") return adx_pipeline(AdxBits::adx10);
    if (name == "ADX16_to_ACES") return adx_pipeline(AdxBits::adx16);
  }
  return std::nullopt;
}

Pipeline csc_pipeline(std::string_view transform_id) {
  if (auto p = find_csc_pipeline(transform_id)) return *std::move(p);
  throw Error(ErrorKind::unsupported,
              "no built-in implementation of " + std::string(transform_id) +
                  " (aceslab implements every CSC of the ACES registry and the colour spaces of 'aceslab list "
                  "colorspaces'; reference a CLF file of it instead, or map the id with --map-id OLD=NEW)");
}

}  // namespace aceslab::aces
