// SPDX-License-Identifier: Apache-2.0
#include "idt/flat_field.h"

#include <algorithm>
#include <vector>

#include "color/error.h"
#include "idt/chart_reference.h"

namespace aceslab::idt {

std::array<double, kChartPatches> relative_illumination(const ChartSample& flat, const Linearise& decode,
                                                        const std::string& name) {
  std::array<double, kChartPatches> level{};
  for (int p = 0; p < kChartPatches; ++p) {
    const PatchSample& s = flat.patches[p];
    if (s.flags & kPatchClipped) {
      throw Error(ErrorKind::invalid_input,
                  "flat field: the grey card is clipped at patch " + std::to_string(p + 1) + " (" +
                      kColorCheckerPatchNames[p] + "): shoot it darker",
                  Location(name));
    }
    double sum = 0;
    for (int c = 0; c < 3; ++c) sum += decode(s.value[c], c);
    if (!(sum > 0)) {
      throw Error(ErrorKind::invalid_input,
                  "flat field: the grey card reads zero at patch " + std::to_string(p + 1) + " (" + kColorCheckerPatchNames[p] + ")",
                  Location(name));
    }
    level[p] = sum / 3;
  }
  std::vector<double> sorted(level.begin(), level.end());
  std::nth_element(sorted.begin(), sorted.begin() + kChartPatches / 2, sorted.end());
  const double median = sorted[kChartPatches / 2];
  for (double& v : level) v /= median;
  return level;
}

void correct_illumination(ChartSample& sample, const std::array<double, kChartPatches>& illumination,
                          const Linearise& decode, const Linearise& encode) {
  for (int p = 0; p < kChartPatches; ++p) {
    PatchSample& s = sample.patches[p];
    if (s.flags & kPatchClipped) continue;
    for (int c = 0; c < 3; ++c) s.value[c] = encode(decode(s.value[c], c) / illumination[p], c);
  }
}

}  // namespace aceslab::idt
