// SPDX-License-Identifier: Apache-2.0
// ASC CDL documents (.ccc, .cdl, .cc) as AMFs reference them (amf/reader.h parse_ccc_correction):
// the correction named by the first id="..." in the input, and one that is not there.
#include <string>

#include "amf/reader.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const std::string_view xml = fuzz::as_text(data, size);
  std::string id = "missing";
  if (const auto at = xml.find("id=\""); at != std::string_view::npos) {
    const auto end = xml.find('"', at + 4);
    if (end != std::string_view::npos) id = std::string(xml.substr(at + 4, end - at - 4));
  }
  fuzz::refusal_is_fine([&] { (void)amf::parse_ccc_correction(xml, "fuzz.ccc", id); });
  fuzz::refusal_is_fine([&] { (void)amf::parse_ccc_correction(xml, "fuzz.ccc", "missing"); });
  return 0;
}
