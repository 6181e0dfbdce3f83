// SPDX-License-Identifier: Apache-2.0
#include "idt/idt_amf.h"

#include "amf/amf.h"

namespace aceslab::idt {

void write_idt_amf(const std::filesystem::path& amf_path, const std::filesystem::path& clf_path,
                   const std::string& description, Overwrite overwrite) {
  check_writable(amf_path, overwrite);
  amf::Amf doc;
  doc.info.description = "Input Transform " + description + " (aceslab idt)";
  doc.pipeline.info.description = description;
  doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};
  doc.pipeline.input = amf::file_reference(amf_path, clf_path);
  doc.pipeline.input->description = description;
  amf::write_amf_file(amf_path, doc, overwrite);
}

}  // namespace aceslab::idt
