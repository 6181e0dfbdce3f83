// SPDX-License-Identifier: Apache-2.0
// ASC MHL v2.0 files as `deliver verify` and `deliver check` read them (deliver/mhl.h): a generation
// parsed with parse_mhl under a file name taken from the input's first characters (the generation
// number comes from the name), and the same bytes as a folder's ascmhl_chain.xml and generation
// file, read by read_mhl_history and read_mhl_generation.
#include <filesystem>
#include <string>

#include "deliver/mhl.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const std::string xml(fuzz::as_text(data, size));
  std::string name;
  for (char c : xml.substr(0, 40)) {
    if (c == '<' || c == '\n' || c == '/' || c == '\0') break;
    name += c;
  }
  fuzz::refusal_is_fine([&] { (void)deliver::parse_mhl(xml, "ascmhl/" + name + ".mhl"); });
  fuzz::refusal_is_fine([&] { (void)deliver::parse_mhl(xml, "ascmhl/0001_A001_2026-03-14_091500Z.mhl"); });
  const std::filesystem::path root = fuzz::scratch_dir() / "mhl-root";
  std::error_code ec;
  std::filesystem::create_directories(root / "ascmhl", ec);
  fuzz::write_scratch("mhl-root/ascmhl/ascmhl_chain.xml", xml);
  fuzz::write_scratch("mhl-root/ascmhl/0001_A001_2026-03-14_091500Z.mhl", xml);
  fuzz::refusal_is_fine([&] {
    const deliver::MhlHistory history = deliver::read_mhl_history(root);
    for (const auto& g : history.generations) (void)deliver::read_mhl_generation(history, g);
  });
  return 0;
}
