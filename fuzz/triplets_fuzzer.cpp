// SPDX-License-Identifier: Apache-2.0
// RGB triplets on stdin (cli/triplet_io.h) under each --nan policy (the input's length picks it):
// reading in chunks, the policy around a simple transform, writing back.
#include <sstream>
#include <vector>

#include "cli/triplet_io.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace aceslab;
  const auto policy = static_cast<cli::NanPolicy>(size % 3);
  std::istringstream in{std::string(fuzz::as_text(data, size))};
  std::ostringstream out, err;
  fuzz::refusal_is_fine([&] {
    (void)cli::process_triplets(
        in, "<stdin>", false, err, false, policy,
        [](std::span<float> rgb) {
          for (float& v : rgb) v = v * 0.5f + 0.1f;
        },
        [&](std::span<const float> rgb) { cli::write_triplets(out, rgb); });
  });
  return 0;
}
