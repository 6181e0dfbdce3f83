// SPDX-License-Identifier: Apache-2.0
// The compiled part of the `aceslab` Python package (aceslab/__init__.py re-exports it).
#include "bindings.h"
#include "color/version.h"

PYBIND11_MODULE(_aceslab, m) {
  namespace py = pybind11;
  using namespace aceslab::python;
  m.doc() = "aceslab's C++ core: colour spaces, the ACES 2.0 Output Transform, CLF, AMF, the LMT and IDT makers";
  m.attr("__version__") = std::string(aceslab::version());
  m.attr("__git_describe__") = std::string(aceslab::git_describe());
  bind_errors(m);
  bind_color(m);
  bind_clf(m);
  bind_amf(m);
  bind_makers(m);
  bind_ocio(m);
}
