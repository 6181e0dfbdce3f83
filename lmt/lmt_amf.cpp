// SPDX-License-Identifier: Apache-2.0
#include "lmt/lmt_amf.h"

#include "aces2/output_presets.h"
#include "amf/amf.h"
#include "clf/writer.h"
#include "color/color_space.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::lmt {

LmtAmfResult write_lmt_amf(const std::filesystem::path& amf_path, const LmtResult& result,
                           const LmtSettings& settings, Overwrite overwrite) {
  check_writable(amf_path, overwrite);
  const LutEncoding enc = lut_encoding(settings);
  const aces::OutputPreset& preset = aces::find_output_preset(settings.lut_out);
  LmtAmfResult out;
  amf::Amf& doc = out.amf;
  const std::string& name = result.pipeline.name;
  const std::string lut_name = name.rfind("LMT from ", 0) == 0 ? name.substr(9) : name;
  doc.info.description = "Show LUT " + lut_name + " as an ACES 2.0 LMT (aceslab lmt)";
  doc.pipeline.info.description = result.metadata.aces_user_name;
  doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};

  // Input transform: the LUT's camera encoding. Legal-range input is a property of the LUT, not of
  // the camera files, so the registry CSC still describes the footage. An ACES 1.x look applies to
  // any ACES footage: no input transform.
  if (!settings.aces1_output.empty()) {
    doc.info.description = "ACES 1.x output " + settings.aces1_output + " as an ACES 2.0 LMT (aceslab lmt)";
  } else if (const aces::ColorSpace* cs = enc.input_color_space(); cs != nullptr && !cs->csc_to_aces_id.empty()) {
    doc.pipeline.input = amf::input_by_id(cs->csc_to_aces_id);
    doc.pipeline.input->description = cs->name + " to ACES2065-1";
  } else {
    // No registry id (or a CLF input): the IDT as a CLF next to the AMF.
    std::filesystem::path idt = amf_path;
    idt.replace_filename(amf_path.stem().string() + "_idt.clf");
    aces::ClfMetadata meta;
    meta.aces_user_name = enc.input_name() + " to ACES2065-1 (aceslab)";
    meta.info.emplace_back("Generator", "aceslab lmt");
    meta.info.emplace_back("ColorSpace", enc.input_id());
    aces::write_clf_file(idt, aces::clf_exportable(enc.to_aces_pipeline()), meta, overwrite);
    doc.pipeline.input = amf::file_reference(amf_path, idt);
    doc.pipeline.input->description = enc.input_name() + " to ACES2065-1";
    out.idt_clf = idt;
  }
  amf::TransformRef look = amf::file_reference(amf_path, result.clf_path);
  look.description = result.metadata.aces_user_name;
  look.transform_id.clear();
  doc.pipeline.looks.push_back(std::move(look));
  doc.pipeline.output = amf::output_by_id(preset.transform_id);
  doc.pipeline.output->description = preset.user_name;
  if (result.cdl && result.cdl->fit.usable && settings.cdl_amf != CdlAmfMode::none) {
    // The same recipe with the CDL as its look; one of the two is archived, so nothing applies both.
    const solver::CdlParams& p = result.cdl->fit.cdl;
    amf::Cdl cdl;
    for (int c = 0; c < 3; ++c) {
      cdl.slope[c] = p.slope[c];
      cdl.offset[c] = p.offset[c];
      cdl.power[c] = p.power[c];
    }
    cdl.saturation = p.saturation;
    amf::Pipeline alt = doc.pipeline;
    alt.looks = {amf::cdl_look_in_acescct(cdl)};
    alt.looks[0].description = "ASC CDL approximating " + result.metadata.aces_user_name + " (" +
                               result.cdl->summary + ")";
    alt.info.description = "CDL-only alternative: " + result.metadata.aces_user_name;
    if (settings.cdl_amf == CdlAmfMode::instead) std::swap(alt, doc.pipeline);
    doc.archived_pipelines.push_back(std::move(alt));
  }
  amf::write_amf_file(amf_path, doc, overwrite);
  return out;
}

}  // namespace aceslab::lmt
