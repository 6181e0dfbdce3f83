// SPDX-License-Identifier: Apache-2.0
#include "bindings.h"

#include "color/parallel.h"

namespace aceslab::python {

void check_inplace(const py::handle& values, bool allow_double, const char* what) {
  if (!py::isinstance<py::array>(values)) throw py::type_error(std::string(what) + ": inplace=True needs a numpy.ndarray");
  auto a = py::reinterpret_borrow<py::array>(values);
  const bool dtype_ok = a.dtype().is(py::dtype::of<float>()) || (allow_double && a.dtype().is(py::dtype::of<double>()));
  if (!dtype_ok || !(a.flags() & py::array::c_style) || !a.writeable()) {
    throw py::type_error(std::string(what) + ": inplace=True needs a writeable, C-contiguous float32" +
                         (allow_double ? " or float64" : "") +
                         " array (np.ascontiguousarray(x, dtype=np.float32)), or inplace=False for a converted copy");
  }
}

FloatArray rgb_array(const py::handle& rgb, bool inplace, const char* what) {
  FloatArray array;
  if (inplace) {
    check_inplace(rgb, false, what);
    array = py::reinterpret_borrow<FloatArray>(rgb);
  } else {
    array = FloatArray::ensure(rgb);
    if (!array) {
      PyErr_Clear();
      throw py::type_error(std::string(what) + ": expected an array of numbers of shape (..., 3)");
    }
    // ensure() hands back the caller's own array when it already fits: copy so it stays untouched.
    if (array.ptr() == rgb.ptr()) array = FloatArray::ensure(array.attr("copy")());
  }
  if (array.ndim() < 1 || array.shape(array.ndim() - 1) != 3) {
    throw py::value_error(std::string(what) + ": expected RGB triplets, an array of shape (..., 3), got shape " +
                          py::str(array.attr("shape")).cast<std::string>());
  }
  return array;
}

FloatArray run_on_triplets(FloatArray array, unsigned threads, const std::function<void(std::span<float>)>& fn) {
  const std::span<float> rgb(array.mutable_data(), static_cast<std::size_t>(array.size()));
  {
    py::gil_scoped_release release;
    // Chunks of at least 16k pixels: below that a thread costs more than it saves.
    aces::for_chunks(rgb, threads, [&](std::span<float> chunk, std::size_t) { fn(chunk); }, 16384);
  }
  return array;
}

py::object to_python(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null: return py::none();
    case nlohmann::json::value_t::boolean: return py::bool_(j.get<bool>());
    case nlohmann::json::value_t::number_integer: return py::int_(j.get<long long>());
    case nlohmann::json::value_t::number_unsigned: return py::int_(j.get<unsigned long long>());
    case nlohmann::json::value_t::number_float: return py::float_(j.get<double>());
    case nlohmann::json::value_t::string: return py::str(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::array: {
      py::list out;
      for (const auto& x : j) out.append(to_python(x));
      return out;
    }
    case nlohmann::json::value_t::object: {
      py::dict out;
      for (const auto& [k, v] : j.items()) out[py::str(k)] = to_python(v);
      return out;
    }
    default: return py::none();
  }
}

std::filesystem::path as_path(const py::handle& path) {
  return std::filesystem::path(py::str(py::module_::import("os").attr("fspath")(path)).cast<std::string>());
}

}  // namespace aceslab::python
