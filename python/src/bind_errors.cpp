// SPDX-License-Identifier: Apache-2.0
// aceslab::Error -> aceslab.Error (aceslab/errors.py) with the same message, its kind and location.
#include "bindings.h"
#include "color/error.h"
#include "color/error_names.h"

namespace aceslab::python {
namespace {

const char* class_of(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return "UsageError";
    case ErrorKind::io: return "FileError";
    case ErrorKind::invalid_input: return "InvalidInputError";
    case ErrorKind::unsupported: return "UnsupportedError";
    case ErrorKind::internal: break;
  }
  return "Error";
}

}  // namespace

void bind_errors(py::module_&) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      const py::object errors = py::module_::import("aceslab.errors");
      const py::object cls = errors.attr(class_of(e.kind()));
      const Location& at = e.location();
      const py::object exc = cls(e.what(), error_kind_name(e.kind()), at.path, at.line, at.element, e.detail());
      PyErr_SetObject(cls.ptr(), exc.ptr());
    }
  });
}

}  // namespace aceslab::python
