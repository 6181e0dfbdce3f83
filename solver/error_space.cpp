// SPDX-License-Identifier: Apache-2.0
#include <string>

#include "color/error.h"
#include "solver/matrix_fit.h"

namespace aceslab::solver {

std::string_view error_space_id(ErrorSpace space) {
  switch (space) {
    case ErrorSpace::delta_E_2000: return "delta-e-2000";
    case ErrorSpace::delta_E_76: return "delta-e-76";
    case ErrorSpace::oklab: return "oklab";
    case ErrorSpace::jzazbz: return "jzazbz";
  }
  return "unknown";
}

ErrorSpace parse_error_space(std::string_view id) {
  for (auto space : {ErrorSpace::delta_E_2000, ErrorSpace::delta_E_76, ErrorSpace::oklab, ErrorSpace::jzazbz}) {
    if (id == error_space_id(space)) return space;
  }
  std::string msg = "unknown error space \"";
  msg.append(id).append("\" (expected delta-e-2000, delta-e-76, oklab or jzazbz)");
  throw Error(ErrorKind::usage, msg);
}

}  // namespace aceslab::solver
