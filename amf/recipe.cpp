// SPDX-License-Identifier: Apache-2.0
#include "amf/recipe.h"

#include <algorithm>
#include <string_view>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
#include "amf/hash.h"
#include "amf/paths.h"
#include "amf/reader.h"
#include "clf/reader.h"
#include "color/color_space.h"
#include "color/error.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/transform_registry.h"

namespace aceslab::amf {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kUrnPrefix = "urn:ampas:aces:transformId:";

// "urn:ampas:aces:transformId:v1.5:ACEScsc.Academy.ACEScct_to_ACES.a1.0.3" -> "ACEScct_to_ACES":
// the name between the namespace and the ".a1."/".a2." version tail.
std::string_view transform_name(std::string_view id) {
  if (id.rfind(kUrnPrefix, 0) == 0) {
    id.remove_prefix(kUrnPrefix.size());
    id.remove_prefix(std::min(id.size(), id.find(':') + 1));
  }
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

// ACES 1.x input transforms the registry does not chain to an ACES 2.0 CSC, but which are the
// same conversion as a colour space of the core (same curve, same CAT02 matrix): the ids
// Livegrade, Resolve and other ACES 1.x tools write into AMFs. Direction: +1 to ACES, -1 from.
struct Aces1Equivalent {
  std::string_view id;  // without the "urn:ampas:aces:transformId:v1.5:" prefix
  std::string_view color_space;
  int direction;
};
constexpr Aces1Equivalent kAces1Equivalents[] = {
    {"IDT.ARRI.Alexa-v3-logC-EI800.a1.v2", "logc3-ei800-awg3", 1},
    {"ACEScsc.LogC_EI800_AWG_to_ACES.a1.v1", "logc3-ei800-awg3", 1},
    {"ACEScsc.Academy.LogC_EI800_AWG_to_ACES.a1.1.0", "logc3-ei800-awg3", 1},
    {"ACEScsc.ACES_to_LogC_EI800_AWG.a1.v1", "logc3-ei800-awg3", -1},
    {"ACEScsc.Academy.ACES_to_LogC_EI800_AWG.a1.1.0", "logc3-ei800-awg3", -1},
    {"IDT.Sony.SLog3_SGamut3.a1.v1", "slog3-sgamut3", 1},
    {"IDT.Sony.SLog3_SGamut3Cine.a1.v1", "slog3-sgamut3cine", 1},
    {"ACEScsc.VLog_VGamut_to_ACES.a1.v1", "vlog-vgamut", 1},
    {"ACEScsc.Academy.VLog_VGamut_to_ACES.a1.1.0", "vlog-vgamut", 1},
    {"ACEScsc.ACES_to_VLog_VGamut.a1.v1", "vlog-vgamut", -1},
    {"ACEScsc.Academy.ACES_to_VLog_VGamut.a1.1.0", "vlog-vgamut", -1},
};

// Legacy and 1.x ids normalised to the ACES 2.0 registry id they are equivalent to: an ACES 2.0
// entry listing the id among its previous equivalents (in the same direction) wins over the 1.x
// entry of the id itself.
std::string canonical_id(const std::string& id) {
  const auto& registry = aces::TransformRegistry::shipped();
  for (const auto& t : registry.all()) {
    if (t.aces_major() != 2) continue;
    for (const auto& previous : t.previous_ids) {
      if (previous == id && !opposite_directions(transform_name(id), transform_name(t.transform_id))) {
        return t.transform_id;
      }
    }
  }
  if (const auto* entry = registry.find_any(id)) return entry->transform_id;
  return id;
}

Location where(const fs::path& amf_path, int line, const std::string& element) {
  return {amf_path.string(), line, element};
}

// A referenced file read once: the bytes hashed are the bytes applied (amf/hash.h).
struct LoadedFile {
  fs::path path;
  std::string bytes;
};

LoadedFile referenced_file(const fs::path& amf_path, const Reference& ref, const RecipeOptions& o) {
  fs::path file = resolve_reference(amf_path, ref.file, o.allow_outside);
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    throw Error(ErrorKind::io, "referenced file not found: " + file.string(), where(amf_path, ref.id_line, "file"));
  }
  const Hash* expected = o.check_hashes && ref.hash ? &*ref.hash : nullptr;
  const Location hash_at = where(amf_path, ref.hash ? ref.hash->line : ref.id_line, "hash");
  std::string bytes = read_hashed_file(file, expected, hash_at, aces::ClfReadOptions{}.max_file_bytes);
  return {std::move(file), std::move(bytes)};
}

void add_clf(aces::TransformChain& chain, const LoadedFile& file, const std::string& label) {
  auto clf = std::make_shared<const aces::ClfTransform>(aces::ClfTransform::from_bytes(file.bytes, file.path));
  chain.add(label, [clf](std::span<float> rgb) { clf->apply(rgb); });
}

aces::Pipeline cdl_pipeline(const Cdl& cdl) {
  aces::CdlStep step;
  // AMF CDLs run in log working spaces (ACEScct) whose values exceed 1: the unclamped style keeps
  // highlights instead of clipping them at the ASC v1.2 [0,1] clamp.
  step.style = aces::CdlStyle::FwdNoClamp;
  step.slope = aces::Vec3(cdl.slope[0], cdl.slope[1], cdl.slope[2]);
  step.offset = aces::Vec3(cdl.offset[0], cdl.offset[1], cdl.offset[2]);
  step.power = aces::Vec3(cdl.power[0], cdl.power[1], cdl.power[2]);
  step.saturation = cdl.saturation;
  aces::Pipeline p;
  p.append(step);
  return p;
}

// A working-space conversion given by transformId or by file.
void add_reference(aces::TransformChain& chain, const fs::path& amf_path, const Reference& ref,
                   const RecipeOptions& o, const std::string& label) {
  if (ref.by_file()) {
    add_clf(chain, referenced_file(amf_path, ref, o), label + " " + ref.file);
  } else if (ref.by_transform_id()) {
    chain.add(label + " " + ref.transform_id, csc_pipeline(ref.transform_id));
  } else {
    throw Error(ErrorKind::unsupported, "a transform referenced only by uuid cannot be applied",
                where(amf_path, ref.line, "uuid"));
  }
}

void add_output(aces::TransformChain& chain, const std::string& id, bool inverse_wanted, const std::string& label) {
  bool id_is_inverse = false;
  const auto& preset = aces::find_output_preset(id, &id_is_inverse);
  const bool inverse = inverse_wanted != id_is_inverse;
  auto ot = aces::output_transform(preset);
  chain.add(label + " " + preset.alias + (inverse ? " (inverse)" : ""), [ot, inverse](std::span<float> rgb) {
    if (inverse) ot->inverse(rgb);
    else ot->forward(rgb);
  });
}

}  // namespace

aces::Pipeline csc_pipeline(const std::string& transform_id) {
  const std::string id = canonical_id(transform_id);
  for (const auto& cs : aces::color_spaces()) {
    if (!cs.csc_to_aces_id.empty() && cs.csc_to_aces_id == id) return aces::to_aces(cs);
    if (!cs.csc_from_aces_id.empty() && cs.csc_from_aces_id == id) return aces::from_aces(cs);
  }
  std::string_view bare = transform_id;
  if (bare.rfind(kUrnPrefix, 0) == 0) bare.remove_prefix(std::min(bare.size(), bare.find(':', kUrnPrefix.size()) + 1));
  for (const auto& e : kAces1Equivalents) {
    if (e.id != bare) continue;
    const auto& cs = aces::find_color_space(e.color_space);
    return e.direction > 0 ? aces::to_aces(cs) : aces::from_aces(cs);
  }
  throw Error(ErrorKind::unsupported,
              "no built-in implementation of " + transform_id +
                  " (aceslab implements the CSCs of the colour spaces in 'aceslab list colorspaces'; "
                  "reference a CLF file instead)");
}

aces::TransformChain recipe_chain(const fs::path& amf_path, const RecipeOptions& o, std::vector<RecipeStep>* steps) {
  const Amf amf = read_amf(amf_path);
  const Pipeline& p = amf.pipeline;
  aces::TransformChain chain;
  auto note = [&](std::string role, std::string what, bool applied, bool runs) {
    if (steps) steps->push_back({std::move(role), std::move(what), applied, runs});
  };

  if (p.input) {
    const TransformRef& in = *p.input;
    const bool runs = !in.applied || o.include_applied;
    if (in.by_file()) {
      note("input", "file " + in.file, in.applied, runs);
      if (runs) add_clf(chain, referenced_file(amf_path, in, o), "input " + in.file);
    } else if (in.by_transform_id()) {
      note("input", in.transform_id, in.applied, runs);
      if (runs) chain.add("input " + in.transform_id, csc_pipeline(in.transform_id));
    } else if (in.inverse_output && in.inverse_output->by_transform_id()) {
      note("input", "inverse output " + in.inverse_output->transform_id, in.applied, runs);
      if (runs) add_output(chain, in.inverse_output->transform_id, true, "input");
    } else if (runs) {
      throw Error(ErrorKind::unsupported, "this input transform form cannot be applied (ACES 1.x inverse ODT/RRT)",
                  where(amf_path, in.line, "inputTransform"));
    }
  }

  for (std::size_t i = 0; i < p.looks.size(); ++i) {
    const TransformRef& look = p.looks[i];
    const std::string role = "look " + std::to_string(i + 1);
    const bool runs = !look.applied || o.include_applied;
    if (look.is_cdl()) {
      std::string what = "ASC CDL";
      if (look.cdl_working_space && look.cdl_working_space->to) {
        what += " in " + (look.cdl_working_space->to->by_transform_id() ? look.cdl_working_space->to->transform_id
                                                                         : look.cdl_working_space->to->file);
      } else {
        what += " on ACES2065-1 (no working space)";
      }
      note(role, what, look.applied, runs);
      if (!runs) continue;
      if (look.cdl_working_space && look.cdl_working_space->to) {
        add_reference(chain, amf_path, *look.cdl_working_space->to, o, role + " into working space");
      }
      Cdl cdl;
      if (look.cdl) {
        cdl = *look.cdl;
      } else {
        const LoadedFile ccc = referenced_file(amf_path, look, o);
        cdl = parse_ccc_correction(ccc.bytes, ccc.path.string(), look.cdl_ref);
      }
      chain.add(role + " CDL", cdl_pipeline(cdl));
      if (look.cdl_working_space && look.cdl_working_space->from) {
        add_reference(chain, amf_path, *look.cdl_working_space->from, o, role + " out of working space");
      } else if (look.cdl_working_space && look.cdl_working_space->to && look.cdl_working_space->to->by_transform_id()) {
        // Only "to" given: return with the inverse of the same CSC.
        chain.add(role + " out of working space", aces::inverse(csc_pipeline(look.cdl_working_space->to->transform_id)));
      }
    } else if (look.by_file()) {
      note(role, "file " + look.file, look.applied, runs);
      if (runs) add_clf(chain, referenced_file(amf_path, look, o), role + " " + look.file);
    } else if (look.by_transform_id()) {
      note(role, look.transform_id, look.applied, runs);
      if (runs) {
        throw Error(ErrorKind::unsupported, "no built-in implementation of look " + look.transform_id +
                                                " (reference its CLF file instead)",
                    where(amf_path, look.id_line, "transformId"));
      }
    } else if (runs) {
      throw Error(ErrorKind::unsupported, "a look referenced only by uuid cannot be applied",
                  where(amf_path, look.line, "lookTransform"));
    }
  }

  if (o.skip_output) {
    if (p.output) note("output", "skipped: ACES2065-1 out", p.output->applied, false);
  } else if (!o.replace_output.empty()) {
    note("output", o.replace_output + " (instead of the AMF's)", false, true);
    add_output(chain, o.replace_output, false, "output");
  } else if (p.output) {
    const TransformRef& out = *p.output;
    const bool runs = !out.applied || o.include_applied;
    constexpr const char* kAces1Output =
        "ACES 1.x RRT + ODT output transforms are not implemented (aceslab renders ACES 2.0); "
        "render the recipe through an ACES 2.0 output with --output-transform ID, or stop before it "
        "with --no-output";
    if (out.by_transform_id()) {
      note("output", out.transform_id, out.applied, runs);
      if (runs && aces::aces_major_of_id(out.transform_id) == 1) {
        throw Error(ErrorKind::unsupported, kAces1Output, where(amf_path, out.id_line, "transformId"));
      }
      if (runs) add_output(chain, out.transform_id, false, "output");
    } else if (out.by_file()) {
      note("output", "file " + out.file, out.applied, runs);
      if (runs) add_clf(chain, referenced_file(amf_path, out, o), "output " + out.file);
    } else if (runs) {
      throw Error(ErrorKind::unsupported, kAces1Output, where(amf_path, out.line, "outputTransform"));
    }
  }
  return chain;
}

}  // namespace aceslab::amf
