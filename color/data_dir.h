// SPDX-License-Identifier: Apache-2.0
// Where aceslab finds the data it ships (registry, schemas, spectral tables, samples): the
// ACESLAB_DATA_DIR environment variable when set, else the data/ folder of the source tree the
// binary was built from.
#pragma once

#include <filesystem>

namespace aceslab {

std::filesystem::path data_dir();

// data_dir() / relative, checked to exist; throws aceslab::Error (io) naming the path otherwise.
std::filesystem::path data_file(const std::filesystem::path& relative);

}  // namespace aceslab
