// SPDX-License-Identifier: Apache-2.0
// aceslab's version: the project version of CMakeLists.txt and, when the source was a git
// checkout, `git describe` of it at configure time (cmake/AceslabVersion.cmake writes the
// definitions into the build tree).
#pragma once

#include <string>
#include <string_view>

namespace aceslab {

std::string_view version();       // "0.1.0"
std::string_view git_describe();  // "cd5945e-dirty", "v0.1.0-3-gabc1234"; empty outside git
std::string version_string();     // "0.1.0 (git cd5945e-dirty)" or "0.1.0"

}  // namespace aceslab
