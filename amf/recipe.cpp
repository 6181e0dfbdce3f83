// SPDX-License-Identifier: Apache-2.0
#include "amf/recipe.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
#include "amf/hash.h"
#include "amf/paths.h"
#include "amf/reader.h"
#include "amf/recipe_cdl.h"
#include "amf/vendor_quirks.h"
#include "clf/aces1_output.h"
#include "clf/aces_looks.h"
#include "clf/reader.h"
#include "color/color_space.h"
#include "color/error.h"
#include "pipeline/color_space_pipeline.h"
#include "pipeline/csc.h"
#include "pipeline/transform_registry.h"

namespace aceslab::amf {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMapHint =
    "map it to a transform aceslab implements with --map-id OLD=NEW (a registry id, a colour space of "
    "'aceslab list colorspaces', an output alias) or reference a CLF file of it";

Location where(const fs::path& amf_path, int line, const std::string& element) {
  return {amf_path.string(), line, element};
}

void check_hash(const fs::path& amf_path, const Reference& ref, const fs::path& file) {
  if (!ref.hash) return;
  const auto decoded = decode_hash_value(ref.hash->value, ref.hash->algorithm);
  if (!decoded) {
    throw Error(ErrorKind::invalid_input, "hash value is neither hex nor base64 of a " +
                                              std::string(hash_algorithm_name(ref.hash->algorithm)) + " digest",
                where(amf_path, ref.hash->line, "hash"));
  }
  if (digest_file(file, ref.hash->algorithm) != decoded->digest) {
    throw Error(ErrorKind::invalid_input,
                "hash mismatch: " + file.string() + " is not the file this AMF was made with "
                "(run 'aceslab amf verify' for details)",
                where(amf_path, ref.hash->line, "hash"));
  }
}

// What a role's transform resolved to: a chain stage and how to describe it.
struct Stage {
  std::string label;
  aces::TransformChain::Function function;
  int aces_major = 0;
  std::string note;
};

Stage pipeline_stage(std::string label, aces::Pipeline p, int aces_major, std::string note = {}) {
  auto shared = std::make_shared<const aces::Pipeline>(std::move(p));
  return {std::move(label), [shared](std::span<float> rgb) { aces::apply(*shared, rgb); }, aces_major,
          std::move(note)};
}

class Resolver {
 public:
  Resolver(const fs::path& amf_path, const RecipeOptions& o) : m_amf(amf_path), m_o(o) {}

  fs::path file(const Reference& ref) const {
    fs::path path = resolve_reference(m_amf, ref.file, m_o.allow_outside);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      throw Error(ErrorKind::io, "referenced file not found: " + path.string(), where(m_amf, ref.id_line, "file"));
    }
    if (m_o.check_hashes) check_hash(m_amf, ref, path);
    return path;
  }

  Stage clf(const Reference& ref) const {
    auto transform = std::make_shared<const aces::ClfTransform>(file(ref).string());
    return {"file " + ref.file, [transform](std::span<float> rgb) { transform->apply(rgb); }, 0, {}};
  }

  // The id to resolve: the caller's --map-id entry, else the vendor quirks table, else the id itself.
  std::string mapped(const std::string& id, std::string* note) const {
    const std::string_view bare = aces::strip_transform_urn(id);
    for (const auto& [from, to] : m_o.id_map) {
      if (from == id || from == bare) {
        *note = "mapped by --map-id to " + to;
        return to;
      }
    }
    if (auto target = vendor_id_target(id)) {
      *note = "vendor id applied as " + *target + " (see the vendor quirks table)";
      return *target;
    }
    return id;
  }

  // A colour space conversion by id: to ACES2065-1 (input, out of a working space) or from it. A
  // registry CSC id says its direction itself; a colour space id (after --map-id) takes `to_aces`.
  aces::Pipeline conversion_pipeline(const Reference& ref, bool to_aces, const std::string& element,
                                     std::string* note) const {
    const std::string id = mapped(ref.transform_id, note);
    for (const aces::ColorSpace& cs : aces::color_spaces()) {
      if (cs.id == id) return to_aces ? aces::to_aces(cs) : aces::from_aces(cs);
    }
    if (auto p = aces::find_csc_pipeline(id)) return *std::move(p);
    throw Error(ErrorKind::unsupported, "no built-in implementation of " + ref.transform_id + "; " + kMapHint,
                where(m_amf, ref.id_line, element));
  }

  Stage conversion(const Reference& ref, bool to_aces, const std::string& element) const {
    std::string note;
    aces::Pipeline p = conversion_pipeline(ref, to_aces, element, &note);
    return pipeline_stage(ref.transform_id, std::move(p), aces::aces_major_of_id(mapped(ref.transform_id, &note)),
                          note);
  }

  // An output transform (ACES 2.0 or ACES 1.x) by id or alias. With `force_inverse` (the AMF's
  // inverse elements) it runs inverted whether the id names the inverse (InvODT, InvOutput, the
  // usual spelling) or the forward transform; otherwise in the direction the id names.
  Stage output(const std::string& id_in, bool force_inverse, int line, const std::string& element) const {
    std::string note;
    const std::string id = mapped(id_in, &note);
    bool id_is_inverse = false;
    try {
      const aces::Aces1Output* aces1 = aces::match_aces1_output(id, &id_is_inverse);
      if (aces1) {
        const bool inverse = force_inverse || id_is_inverse;
        return {"ACES 1.x " + std::string(inverse ? "inverse " : "") + "RRT + ODT " + aces1->alias + " (" +
                    aces1->name + ")",
                aces::aces1_output_function(*aces1, inverse ? aces::Direction::inverse : aces::Direction::forward), 1,
                note};
      }
    } catch (const Error& e) {
      throw Error(e.kind(), e.detail(), where(m_amf, line, element));
    }
    const aces::OutputPreset* preset = nullptr;
    try {
      preset = &aces::find_output_preset(id, &id_is_inverse);
    } catch (const Error&) {
      throw Error(ErrorKind::unsupported, "no built-in output transform " + id_in + "; " + kMapHint,
                  where(m_amf, line, element));
    }
    const bool inverse = force_inverse || id_is_inverse;
    auto ot = aces::output_transform(*preset);
    return {"ACES 2.0 " + std::string(inverse ? "inverse output " : "output ") + preset->alias,
            [ot, inverse](std::span<float> rgb) {
              if (inverse) ot->inverse(rgb);
              else ot->forward(rgb);
            },
            2, note};
  }

  // A look by id: the Academy's looks, or whatever the id is mapped to (a look alias, a CSC).
  Stage look(const TransformRef& look) const {
    std::string note;
    const std::string id = mapped(look.transform_id, &note);
    bool inverse = false;
    if (const aces::AcesLook* l = aces::match_aces_look(id, &inverse)) {
      return {(inverse ? "inverse of " : "") + l->name + " (" + look.transform_id + ")",
              aces::aces_look_function(*l, inverse ? aces::Direction::inverse : aces::Direction::forward),
              aces::aces_major_of_id(id), note};
    }
    throw Error(ErrorKind::unsupported, "no built-in implementation of look " + look.transform_id + "; " + kMapHint,
                where(m_amf, look.id_line, "transformId"));
  }

 private:
  const fs::path& m_amf;
  const RecipeOptions& m_o;
};

class ChainBuilder {
 public:
  ChainBuilder(aces::TransformChain& chain, std::vector<RecipeStep>* steps) : m_chain(chain), m_steps(steps) {}

  // Records the step; adds the stage when it runs.
  void add(const std::string& role, const TransformRef& ref, bool runs, const std::function<Stage()>& make,
           const std::string& description) {
    if (!runs) {
      note(role, description, ref.applied, false, 0, {});
      return;
    }
    Stage s = make();
    note(role, s.label, ref.applied, true, s.aces_major, s.note);
    m_chain.add(role + " " + s.label, std::move(s.function));
  }
  void add_stage(const std::string& label, Stage s) { m_chain.add(label + " " + s.label, std::move(s.function)); }
  void note(std::string role, std::string what, bool applied, bool runs, int aces_major, std::string n) {
    if (m_steps) m_steps->push_back({std::move(role), std::move(what), applied, runs, aces_major, std::move(n)});
  }

 private:
  aces::TransformChain& m_chain;
  std::vector<RecipeStep>* m_steps;
};

void add_input(ChainBuilder& b, const Resolver& r, const fs::path& amf_path, const TransformRef& in, bool runs) {
  if (in.by_file()) {
    b.add("input", in, runs, [&] { return r.clf(in); }, "file " + in.file);
  } else if (in.by_transform_id()) {
    b.add("input", in, runs, [&] {
      // An input named by an inverse output id (InvOutput / InvRRTODT / InvODT) is display video.
      const std::string_view body = aces::strip_transform_urn(in.transform_id);
      if (body.rfind("Inv", 0) == 0) return r.output(in.transform_id, false, in.id_line, "transformId");
      return r.conversion(in, true, "transformId");
    }, in.transform_id);
  } else if (in.inverse_output && in.inverse_output->by_transform_id()) {
    const Reference& inv = *in.inverse_output;
    b.add("input", in, runs, [&] { return r.output(inv.transform_id, true, inv.id_line, "transformId"); },
          "inverse output " + inv.transform_id);
  } else if (in.inverse_output_device && in.inverse_output_device->by_transform_id()) {
    // ACES 1.x split form: InvODT then InvRRT. aceslab applies the two together (the ODT id names
    // the output); an InvODT without its InvRRT would leave OCES, which nothing downstream expects.
    const Reference& inv_odt = *in.inverse_output_device;
    b.add("input", in, runs, [&] {
      if (!in.inverse_reference_rendering) {
        throw Error(ErrorKind::unsupported,
                    "an inverse ODT without an inverse RRT cannot be applied (aceslab applies ACES 1.x outputs as "
                    "RRT + ODT)",
                    where(amf_path, inv_odt.id_line, "inverseOutputDeviceTransform"));
      }
      return r.output(inv_odt.transform_id, true, inv_odt.id_line, "transformId");
    }, "inverse RRT + ODT " + inv_odt.transform_id);
  } else if (runs) {
    throw Error(ErrorKind::unsupported, "this input transform names no transformId or file that can be applied",
                where(amf_path, in.line, "inputTransform"));
  }
}

void add_look(ChainBuilder& b, const Resolver& r, const fs::path& amf_path, const TransformRef& look,
              const std::string& role, bool runs) {
  if (look.is_cdl()) {
    const bool has_space = look.cdl_working_space && (look.cdl_working_space->to || look.cdl_working_space->from);
    std::string what = "ASC CDL";
    if (has_space && look.cdl_working_space->to) {
      what += " in " + (look.cdl_working_space->to->by_transform_id() ? look.cdl_working_space->to->transform_id
                                                                       : look.cdl_working_space->to->file);
    }
    if (!runs) return b.note(role, what, look.applied, false, 0, {});
    std::string assumption;
    if (!has_space) {
      // Resolve writes CDLs without a working space; it grades them in ACEScct.
      assumption = "the CDL names no cdlWorkingSpace: applied in ACEScct (DaVinci Resolve's convention)";
      what = "ASC CDL in ACEScct (assumed)";
      b.add_stage(role + " into working space",
                  pipeline_stage("ACEScct", aces::from_aces(aces::find_color_space(kDefaultCdlWorkingSpace)), 0));
    } else if (const auto& to = look.cdl_working_space->to) {
      b.add_stage(role + " into working space", to->by_file() ? r.clf(*to) : r.conversion(*to, false, "transformId"));
    }
    const Cdl cdl = look.cdl ? *look.cdl : detail::cdl_from_ccc(r.file(look), look.cdl_ref);
    b.add_stage(role, pipeline_stage("CDL", detail::cdl_pipeline(cdl), 0));
    if (!has_space) {
      b.add_stage(role + " out of working space",
                  pipeline_stage("ACEScct", aces::to_aces(aces::find_color_space(kDefaultCdlWorkingSpace)), 0));
    } else if (const auto& from = look.cdl_working_space->from) {
      b.add_stage(role + " out of working space",
                  from->by_file() ? r.clf(*from) : r.conversion(*from, true, "transformId"));
    } else if (look.cdl_working_space->to && look.cdl_working_space->to->by_transform_id()) {
      // Only "to" given: return with the inverse of the same conversion.
      const Reference& to = *look.cdl_working_space->to;
      std::string ignored;
      const aces::Pipeline back = aces::inverse(r.conversion_pipeline(to, false, "transformId", &ignored));
      b.add_stage(role + " out of working space",
                  pipeline_stage("inverse of " + to.transform_id, back, aces::aces_major_of_id(to.transform_id)));
    } else {
      throw Error(ErrorKind::unsupported, "the CDL's working space has no way back to ACES2065-1",
                  where(amf_path, look.cdl_working_space->line, "cdlWorkingSpace"));
    }
    b.note(role, what, look.applied, true, 0, assumption);
  } else if (look.by_file()) {
    b.add(role, look, runs, [&] { return r.clf(look); }, "file " + look.file);
  } else if (look.by_transform_id()) {
    b.add(role, look, runs, [&] { return r.look(look); }, look.transform_id);
  } else if (runs) {
    throw Error(ErrorKind::unsupported, "a look referenced only by uuid cannot be applied",
                where(amf_path, look.line, "lookTransform"));
  }
}

void add_output(ChainBuilder& b, const Resolver& r, const fs::path& amf_path, const TransformRef& out, bool runs) {
  if (out.by_transform_id()) {
    b.add("output", out, runs, [&] { return r.output(out.transform_id, false, out.id_line, "transformId"); },
          out.transform_id);
  } else if (out.output_device && out.output_device->by_transform_id()) {
    // ACES 1.x split form RRT + ODT: the ODT id names the output (OCIO's builtins apply both).
    b.add("output", out, runs, [&] {
      if (!out.reference_rendering) {
        throw Error(ErrorKind::unsupported, "an ODT without the RRT cannot be applied (aceslab applies RRT + ODT)",
                    where(amf_path, out.output_device->id_line, "outputDeviceTransform"));
      }
      return r.output(out.output_device->transform_id, false, out.output_device->id_line, "transformId");
    }, "RRT + ODT " + out.output_device->transform_id);
  } else if (out.reference_rendering && out.reference_rendering->by_transform_id() &&
             aces::strip_transform_urn(out.reference_rendering->transform_id).rfind("RRTODT.", 0) == 0) {
    // Some writers put a combined RRTODT id in the referenceRenderingTransform element.
    const Reference& rrtodt = *out.reference_rendering;
    b.add("output", out, runs, [&] { return r.output(rrtodt.transform_id, false, rrtodt.id_line, "transformId"); },
          rrtodt.transform_id);
  } else if (out.by_file()) {
    b.add("output", out, runs, [&] { return r.clf(out); }, "file " + out.file);
  } else if (runs) {
    throw Error(ErrorKind::unsupported, "this output transform names no ODT, output id or file that can be applied",
                where(amf_path, out.line, "outputTransform"));
  }
}

}  // namespace

aces::Pipeline csc_pipeline(const std::string& transform_id) { return aces::csc_pipeline(transform_id); }

aces::TransformChain recipe_chain(const fs::path& amf_path, const RecipeOptions& o, std::vector<RecipeStep>* steps) {
  const Amf amf = read_amf(amf_path);
  const Pipeline& p = amf.pipeline;
  aces::TransformChain chain;
  ChainBuilder b(chain, steps);
  const Resolver r(amf_path, o);

  if (p.input) add_input(b, r, amf_path, *p.input, !p.input->applied || o.include_applied);
  for (std::size_t i = 0; i < p.looks.size(); ++i) {
    const TransformRef& look = p.looks[i];
    add_look(b, r, amf_path, look, "look " + std::to_string(i + 1), !o.skip_looks && (!look.applied || o.include_applied));
  }
  if (o.skip_output) {
    if (p.output) b.note("output", "skipped: ACES2065-1 out", p.output->applied, false, 0, {});
  } else if (!o.replace_output.empty()) {
    Stage s = r.output(o.replace_output, false, 0, "--output-transform");
    b.note("output", s.label + " (instead of the AMF's)", false, true, s.aces_major, s.note);
    b.add_stage("output", std::move(s));
  } else if (p.output) {
    add_output(b, r, amf_path, *p.output, !p.output->applied || o.include_applied);
  }
  return chain;
}

}  // namespace aceslab::amf
