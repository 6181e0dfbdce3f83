// SPDX-License-Identifier: Apache-2.0
// Reading only the band of scanlines of an image that holds a located chart: most of a 4K frame
// lies above or below the chart, and decoding it (and zero-filling its buffers) dominated the time
// of the IDT maker on an exposure series. The band is returned with the chart's homography moved
// into its coordinates, so patch sampling works on it as on the whole frame.
#pragma once

#include <filesystem>

#include "aces/image_io.h"
#include "idt/chart_geometry.h"

namespace aceslab::idt {

struct ChartRegion {
  aces::Image band;         // full width, rows [first_row, first_row + band.height) of the frame
  int first_row = 0;
  int frame_width = 0;      // size of the whole frame, for the "all exposures framed alike" check
  int frame_height = 0;
  ChartHomography chart;    // the chart in the band's pixel coordinates
};

// Throws aceslab::Error (io, invalid_input) naming `path` when the file cannot be opened or read,
// has no frame `frame`, or no pixels.
ChartRegion read_chart_region(const std::filesystem::path& path, int frame, const ChartHomography& chart);

}  // namespace aceslab::idt
