// SPDX-License-Identifier: Apache-2.0
#include "deliver/render_recipe.h"

#include <memory>

#include "amf/paths.h"
#include "amf/reader.h"
#include "amf/recipe.h"
#include "clf/parser.h"
#include "clf/reader.h"
#include "color/color_space.h"
#include "color/error.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::deliver {
namespace fs = std::filesystem;

namespace {

// The CLF as aceslab steps, or nullopt when the parser does not model one of its nodes (the
// chain still evaluates it through OpenColorIO).
std::optional<aces::Pipeline> clf_steps(const fs::path& path) {
  try {
    return aces::read_clf_pipeline(path);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::unsupported) return std::nullopt;
    throw;
  }
}

void add_clf(aces::TransformChain& chain, const fs::path& path, const std::string& label) {
  auto clf = std::make_shared<const aces::ClfTransform>(path);
  chain.add(label, [clf](std::span<float> rgb) { clf->apply(rgb); });
}

// The AMF's input transform (and looks when asked) as steps, when they have them; the chain from
// amf::recipe_chain has already resolved, hash-checked and accepted every part.
std::optional<aces::Pipeline> amf_steps(const fs::path& amf_path, const RecipeRequest& r) {
  const amf::Amf doc = amf::read_amf(amf_path);
  const amf::Pipeline& p = doc.pipeline;
  if (r.with_looks && !p.looks.empty()) return std::nullopt;  // CDLs and look files: the chain only
  aces::Pipeline steps;
  if (!p.input || p.input->applied) return steps;
  const amf::TransformRef& in = *p.input;
  if (in.by_transform_id()) return amf::csc_pipeline(in.transform_id);
  if (in.by_file()) return clf_steps(amf::resolve_reference(amf_path, in.file, r.allow_outside));
  return std::nullopt;
}

}  // namespace

RenderRecipe RenderRecipe::build(const RecipeRequest& r) {
  const int sources = (r.amf.empty() ? 0 : 1) + (r.idt_clf.empty() ? 0 : 1) + (r.from.empty() ? 0 : 1);
  if (sources != 1) {
    throw Error(ErrorKind::usage, sources == 0 ? "no input transform: give --amf FILE, --idt FILE.clf or --from ID "
                                                 "(--from aces2065-1 for footage already in ACES2065-1)"
                                               : "--amf, --idt and --from exclude each other: give one input transform");
  }
  if (r.with_looks && r.amf.empty()) throw Error(ErrorKind::usage, "--with-looks applies the looks of an --amf");
  RenderRecipe recipe;
  if (!r.amf.empty()) {
    amf::RecipeOptions options;
    options.skip_output = true;  // a master is ACES2065-1
    options.skip_looks = !r.with_looks;
    options.allow_outside = r.allow_outside;
    std::vector<amf::RecipeStep> steps;
    try {
      recipe.m_chain = amf::recipe_chain(r.amf, options, &steps);
    } catch (const Error& e) {
      throw Error(e.kind(), "the AMF's recipe cannot be applied: " + e.detail(),
                  e.location().path.empty() ? Location(r.amf) : e.location());
    }
    for (const auto& s : steps) {
      if (s.will_run) recipe.m_description.push_back("AMF " + fs::path(r.amf).filename().string() + " " + s.role + " " + s.what);
    }
    if (recipe.m_description.empty()) recipe.m_description.push_back("AMF " + fs::path(r.amf).filename().string() + " (nothing to apply)");
    recipe.m_pipeline = amf_steps(r.amf, r);
  } else if (!r.idt_clf.empty()) {
    add_clf(recipe.m_chain, r.idt_clf, "IDT " + r.idt_clf);
    recipe.m_description.push_back("IDT " + fs::path(r.idt_clf).filename().string());
    recipe.m_pipeline = clf_steps(r.idt_clf);
  } else {
    const aces::ColorSpace& cs = aces::find_color_space(r.from);
    const aces::Pipeline to_aces = aces::to_aces(cs);
    recipe.m_chain.add(cs.id + " to ACES2065-1", to_aces);
    recipe.m_description.push_back("from " + cs.id);
    recipe.m_pipeline = to_aces;
  }
  for (const std::string& look : r.look_clfs) {
    add_clf(recipe.m_chain, look, "look " + look);
    recipe.m_description.push_back("look " + fs::path(look).filename().string());
    if (recipe.m_pipeline) {
      if (auto steps = clf_steps(look)) recipe.m_pipeline->append(*steps);
      else recipe.m_pipeline.reset();
    }
  }
  return recipe;
}

}  // namespace aceslab::deliver
