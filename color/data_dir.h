// SPDX-License-Identifier: Apache-2.0
// Where aceslab finds the data it ships (registry, schemas, spectral tables, samples), in order:
//   1. the ACESLAB_DATA_DIR environment variable, when set and not empty;
//   2. the folder a program gave set_data_dir() (programs linking the installed libraries from
//      outside the prefix: CMake's find_package(aceslab) sets aceslab_DATA_DIR to it);
//   3. an installed tree beside the code: `share/aceslab` in the folder of the executable or
//      shared object holding this code, or in one of its parents (so `P/bin/aceslab` finds
//      `P/share/aceslab`, and the Python module `P/lib/python3/dist-packages/aceslab/_aceslab.so`
//      finds it too), wherever the prefix P was installed or moved to;
//   4. the source tree's data/ folder, only for code that runs from the build tree it was built in
//      (an installed or copied binary never reads the source tree);
//   5. the data folder of the install prefix aceslab was configured with.
// Steps 3 and 4 take a folder only when it holds the ACES registry (aces/aces-transforms.json).
#pragma once

#include <filesystem>
#include <string>

namespace aceslab {

std::filesystem::path data_dir();

// Sets the folder of step 2 (empty: none). Call it before anything reads data.
void set_data_dir(const std::filesystem::path& dir);

// data_dir() / relative, checked to exist; throws aceslab::Error (io) naming the path and where
// the data folder was looked for otherwise.
std::filesystem::path data_file(const std::filesystem::path& relative);

// How data_dir() was chosen, for --version and error messages: "ACESLAB_DATA_DIR",
// "set_data_dir", "installed (beside /p/bin/aceslab)", "build tree", "install prefix".
std::string data_dir_origin();

}  // namespace aceslab
