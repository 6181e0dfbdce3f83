// SPDX-License-Identifier: Apache-2.0
// The stable names of error kinds ("usage", "io", "invalid_input", "unsupported", "internal"), as
// the CLI's --json error documents and the Python module's exceptions carry them.
#pragma once

#include "color/error.h"

namespace aceslab {

const char* error_kind_name(ErrorKind kind);

}  // namespace aceslab
