// SPDX-License-Identifier: Apache-2.0
// Reading only the scanlines of an image that hold a located chart: most of a 4K frame lies above
// or below the chart, and decoding it (and zero-filling and page-faulting its buffers) dominated
// the time of the IDT maker on an exposure series. Two ways:
//  - read_chart_region: the band of rows from the chart's top to its bottom corner, returned with
//    the chart's homography moved into its coordinates, so sample_chart works on it as on the
//    whole frame;
//  - sample_chart_file: samples the chart straight from the file, decoding only the rows that the
//    sampled squares cover (about half of the band), one patch row at a time into one reused
//    buffer, so a 4K frame never needs a frame-sized allocation.
#pragma once

#include <filesystem>

#include "idt/chart_geometry.h"
#include "idt/patch_sampling.h"
#include "image/image_io.h"

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

struct FileChartSample {
  ChartSample sample;    // regions in frame pixel coordinates
  int frame_width = 0;   // size of the whole frame, for the "all exposures framed alike" check
  int frame_height = 0;
};

// Samples `chart` in frame `frame` of `path` (see above). Same results as sample_chart on the whole
// frame, except that the float clipping ceiling is taken over the decoded rows only. Throws
// aceslab::Error naming `path` as read_chart_region and sample_chart do.
FileChartSample sample_chart_file(const std::filesystem::path& path, int frame, const ChartHomography& chart,
                                  const SamplingOptions& options = {});

}  // namespace aceslab::idt
