// SPDX-License-Identifier: Apache-2.0
// The shared frame of the Python module `aceslab._aceslab`: how NumPy arrays of RGB triplets become
// buffers the libraries work on, JSON results as Python objects, and the registration functions
// of each binding file. The binding layer stays thin: parse arguments, call the public entry points
// of the libraries with the GIL released, convert the result.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "color/atomic_file.h"

namespace aceslab::python {

namespace py = pybind11;

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;

// The float32 C-contiguous array of shape (..., 3) a function works on: with `inplace` the caller's
// own array (which must already be one: float32, C-contiguous, writeable), otherwise a new copy of
// whatever array-like was given. `what` names the function in error messages.
FloatArray rgb_array(const py::handle& rgb, bool inplace, const char* what);

// Throws TypeError unless `values` is a writeable, C-contiguous numpy array of dtype float32 (or
// float64 when `allow_double`): what inplace=True needs. `what` names the function.
void check_inplace(const py::handle& values, bool allow_double, const char* what);

// Runs `fn` on the array's triplets with the GIL released, split over `threads` threads
// (0 = all cores), and returns the array.
FloatArray run_on_triplets(FloatArray array, unsigned threads, const std::function<void(std::span<float>)>& fn);

// nlohmann::json -> dict / list / str / int / float / bool / None.
py::object to_python(const nlohmann::json& j);

// A str or os.PathLike as a path.
std::filesystem::path as_path(const py::handle& path);

inline Overwrite overwrite_flag(bool force) { return force ? Overwrite::allow : Overwrite::refuse; }

// Registration, one per binding file.
void bind_errors(py::module_& m);
void bind_color(py::module_& m);
void bind_clf(py::module_& m);
void bind_amf(py::module_& m);
void bind_makers(py::module_& m);
void bind_ocio(py::module_& m);

}  // namespace aceslab::python
