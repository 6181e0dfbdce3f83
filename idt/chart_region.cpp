// SPDX-License-Identifier: Apache-2.0
#include "idt/chart_region.h"

#include <OpenImageIO/imageio.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "aces/error.h"

namespace aceslab::idt {

namespace {
// Rows kept above and below the chart's corners: the sampled squares lie inside the patch grid, so
// a few rows cover rounding of the corner positions.
constexpr int kBandMargin = 8;
}  // namespace

ChartRegion read_chart_region(const std::filesystem::path& path, int frame, const ChartHomography& chart) {
  auto input = OIIO::ImageInput::open(path.string());
  if (!input) throw Error(ErrorKind::io, "cannot open image: " + OIIO::geterror(), Location(path.string()));
  if (frame != 0 && !input->seek_subimage(frame, 0)) {
    throw Error(ErrorKind::invalid_input, "image has no frame " + std::to_string(frame), Location(path.string()));
  }
  const OIIO::ImageSpec& spec = input->spec();
  if (spec.width <= 0 || spec.height <= 0 || spec.nchannels <= 0) {
    throw Error(ErrorKind::invalid_input, "image has no pixels", Location(path.string()));
  }
  ChartRegion region;
  region.frame_width = spec.width;
  region.frame_height = spec.height;

  double top = spec.height, bottom = 0;
  for (const auto& c : chart.corners()) {
    top = std::min(top, c.y());
    bottom = std::max(bottom, c.y());
  }
  int y0 = static_cast<int>(std::floor(top)) - kBandMargin;
  int y1 = static_cast<int>(std::ceil(bottom)) + kBandMargin + 1;
  y0 = std::clamp(y0, 0, spec.height);
  y1 = std::clamp(y1, y0, spec.height);
  if (y1 <= y0) {  // chart entirely outside: read the whole frame and let sampling report it
    y0 = 0;
    y1 = spec.height;
  }
  region.first_row = y0;

  aces::Image& band = region.band;
  band.width = spec.width;
  band.height = y1 - y0;
  band.format = input->format_name();
  band.source_bits = spec.get_int_attribute("oiio:BitsPerSample", static_cast<int>(spec.format.size() * 8));
  band.source_float = spec.format.is_floating_point();
  const int channels = std::min(spec.nchannels, 3);
  band.rgb.resize(band.pixels() * 3);
  // Read straight into the RGB buffer; a one- or two-channel image is spread out afterwards.
  const OIIO::stride_t pixel_stride = 3 * sizeof(float);
  if (!input->read_scanlines(input->current_subimage(), 0, y0, y1, 0, 0, channels, OIIO::TypeDesc::FLOAT,
                             band.rgb.data(), pixel_stride)) {
    throw Error(ErrorKind::io, "cannot read pixels: " + input->geterror(), Location(path.string()));
  }
  input->close();
  if (channels < 3) {
    for (std::size_t i = 0; i < band.pixels(); ++i) {
      float* p = band.rgb.data() + 3 * i;
      for (int c = channels; c < 3; ++c) p[c] = p[channels - 1];
    }
  }
  Eigen::Matrix3d shift = Eigen::Matrix3d::Identity();
  shift(1, 2) = -static_cast<double>(y0);
  region.chart = ChartHomography(shift * chart.matrix());
  return region;
}

}  // namespace aceslab::idt
