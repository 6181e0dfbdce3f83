// SPDX-License-Identifier: Apache-2.0
// ACES Metadata Files (amf/reader.h, amf/rules.h, amf/schema.h): the strict reader `apply --amf`
// uses, the lenient one the validator uses followed by the semantic rules, the XSD validation of
// small documents (libxml2 streaming), and a write-back of what was read.
#include <string>
#include <vector>

#include "amf/reader.h"
#include "amf/rules.h"
#include "amf/schema.h"
#include "amf/writer.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const std::string_view xml = fuzz::as_text(data, size);
  fuzz::refusal_is_fine([&] {
    const amf::Amf doc = amf::parse_amf(xml, "fuzz.amf");
    (void)amf::write_amf(doc);
  });
  fuzz::refusal_is_fine([&] {
    std::vector<amf::Finding> findings;
    const amf::Amf doc = amf::parse_amf(xml, "fuzz.amf", &findings, false);
    amf::detail::check_semantics(doc, "fuzz.amf", findings);
  });
  // Schema validation costs more; small documents exercise it fully.
  if (size < 16384) {
    fuzz::refusal_is_fine([&] {
      const auto version = amf::detect_amf_version(xml, "fuzz.amf");
      (void)amf::validate_against_schema(xml, "fuzz.amf", version);
    });
  }
  return 0;
}
