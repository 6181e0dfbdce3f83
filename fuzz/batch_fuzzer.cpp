// SPDX-License-Identifier: Apache-2.0
// LMT batch manifests (lmt/batch.h): JSON, keys, settings layers, ids, output collisions and the
// folder rule. Folder entries list real folders, so recursive listings (which could walk the whole
// file system) are left out of fuzzing.
#include <string>

#include "fuzz_support.h"
#include "lmt/batch.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const std::string_view text = fuzz::as_text(data, size);
  if (text.find("recursive") != std::string_view::npos) return 0;
  fuzz::refusal_is_fine([&] { (void)lmt::parse_batch_manifest(text, fuzz::scratch_dir() / "batch.json"); });
  return 0;
}
