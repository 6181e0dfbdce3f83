// SPDX-License-Identifier: Apache-2.0
#include "color/error_names.h"

namespace aceslab {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return "usage";
    case ErrorKind::io: return "io";
    case ErrorKind::invalid_input: return "invalid_input";
    case ErrorKind::unsupported: return "unsupported";
    case ErrorKind::internal: break;
  }
  return "internal";
}

}  // namespace aceslab
