// SPDX-License-Identifier: Apache-2.0
// Colour spaces, transfer functions and the ACES 2.0 Output Transform on NumPy arrays.
#include <pybind11/stl.h>

#include <cmath>

#include "aces2/output_presets.h"
#include "aces2/output_transform.h"
#include "bindings.h"
#include "color/color_space.h"
#include "color/data_dir.h"
#include "color/transfer_function.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::python {
namespace {

py::dict chromaticities(const aces::Chromaticities& c) {
  return py::dict(py::arg("red") = py::make_tuple(c.red.x, c.red.y), py::arg("green") = py::make_tuple(c.green.x, c.green.y),
                  py::arg("blue") = py::make_tuple(c.blue.x, c.blue.y), py::arg("white") = py::make_tuple(c.white.x, c.white.y));
}

py::list color_space_list() {
  py::list out;
  for (const auto& cs : aces::color_spaces()) {
    out.append(py::dict(py::arg("id") = cs.id, py::arg("name") = cs.name,
                        py::arg("transfer") = std::string(cs.transfer ? cs.transfer->id() : "linear"),
                        py::arg("primaries") = chromaticities(cs.gamut),
                        py::arg("adaptation_to_aces") = std::string(aces::adaptation_id(cs.adaptation_to_aces)),
                        py::arg("csc_to_aces_id") = cs.csc_to_aces_id, py::arg("csc_from_aces_id") = cs.csc_from_aces_id));
  }
  return out;
}

py::list transfer_function_list() {
  py::list out;
  for (const auto* tf : aces::transfer_functions()) {
    const auto [lo, hi] = tf->code_domain();
    out.append(py::dict(py::arg("id") = std::string(tf->id()), py::arg("name") = std::string(tf->name()),
                        py::arg("code_domain") = py::make_tuple(lo, hi)));
  }
  return out;
}

py::list output_transform_list() {
  py::list out;
  for (const auto& p : aces::output_presets()) {
    const auto& q = p.params;
    out.append(py::dict(py::arg("transform_id") = p.transform_id, py::arg("inverse_id") = p.inverse_id,
                        py::arg("alias") = p.alias, py::arg("user_name") = p.user_name,
                        py::arg("peak_luminance") = q.peak_luminance, py::arg("limiting") = chromaticities(q.limiting),
                        py::arg("encoding") = chromaticities(q.encoding), py::arg("eotf") = std::string(aces::eotf_id(q.eotf)),
                        py::arg("d60_simulation") = q.d60_simulation, py::arg("linear_scale") = q.linear_scale,
                        py::arg("short_aliases") = p.short_aliases));
  }
  return out;
}

// Transfer functions work on any shape: float64 in double precision (the exact scalar curves),
// anything else as float32 (the span kernels). The result has the input's dtype (float32 for ints).
py::array curve(const py::handle& values, const std::string& id, bool to_linear, bool inplace) {
  const aces::TransferFunction& tf = aces::find_transfer_function(id);
  const char* what = to_linear ? "to_linear" : "to_code";
  const bool is_double = py::isinstance<py::array>(values) &&
                         py::reinterpret_borrow<py::array>(values).dtype().is(py::dtype::of<double>());
  if (is_double) {
    using DoubleArray = py::array_t<double, py::array::c_style>;
    DoubleArray a;
    if (inplace) {
      check_inplace(values, true, what);
      a = py::reinterpret_borrow<DoubleArray>(values);
    } else {
      a = DoubleArray::ensure(py::reinterpret_borrow<py::array>(values).attr("copy")());
    }
    double* p = a.mutable_data();
    const auto n = static_cast<std::size_t>(a.size());
    py::gil_scoped_release release;
    for (std::size_t i = 0; i < n; ++i) p[i] = to_linear ? tf.to_linear(p[i]) : tf.to_code(p[i]);
    return a;
  }
  FloatArray a;
  if (inplace) {
    check_inplace(values, true, what);
    a = py::reinterpret_borrow<FloatArray>(values);
  } else {
    a = FloatArray::ensure(values);
    if (!a) {
      PyErr_Clear();
      throw py::type_error(std::string(what) + ": expected an array of numbers");
    }
    if (a.ptr() == values.ptr()) a = FloatArray::ensure(a.attr("copy")());
  }
  const std::span<float> v(a.mutable_data(), static_cast<std::size_t>(a.size()));
  py::gil_scoped_release release;
  if (to_linear) tf.to_linear(v);
  else tf.to_code(v);
  return a;
}

FloatArray convert(const py::handle& rgb, const std::string& src, const std::string& dst, bool inplace, unsigned threads) {
  const aces::Pipeline p = aces::conversion(aces::find_color_space(src), aces::find_color_space(dst));
  return run_on_triplets(rgb_array(rgb, inplace, "convert"), threads, [&p](std::span<float> chunk) { aces::apply(p, chunk); });
}

FloatArray output_transform(const py::handle& rgb, const std::string& id, bool inverse, bool inplace, unsigned threads) {
  bool id_is_inverse = false;
  const aces::OutputPreset& preset = aces::find_output_preset(id, &id_is_inverse);
  const auto ot = aces::output_transform(preset);
  const bool inv = inverse != id_is_inverse;  // an InvOutput URN asks for the inverse by itself
  FloatArray array = rgb_array(rgb, inplace, "output_transform");
  return run_on_triplets(std::move(array), threads, [&](std::span<float> chunk) {
    if (inv) ot->inverse(chunk);
    else ot->forward(chunk);
  });
}

}  // namespace

void bind_color(py::module_& m) {
  m.def("data_dir", [] { return aceslab::data_dir().string(); },
        R"doc(The folder aceslab reads its shipped data from (ACES registry, AMF schemas, spectral tables).

ACESLAB_DATA_DIR overrides it; otherwise the installed ``share/aceslab`` beside the module.

>>> import aceslab, os
>>> os.path.isfile(os.path.join(aceslab.data_dir(), "aces", "aces-transforms.json"))
True
)doc");

  m.def("_color_spaces", &color_space_list);
  m.def("_transfer_functions", &transfer_function_list);
  m.def("_output_transforms", &output_transform_list);

  m.def("to_linear", [](const py::handle& v, const std::string& id, bool inplace) { return curve(v, id, true, inplace); },
        py::arg("values"), py::arg("transfer"), py::kw_only(), py::arg("inplace") = false,
        R"doc(Decodes code values to scene-linear with a transfer function (``transfer_functions()`` ids).

Any array shape; float64 is computed in double precision, anything else in float32. Returns a new
array unless ``inplace=True`` (which needs a C-contiguous float32 or float64 array).

>>> import aceslab
>>> round(float(aceslab.to_linear([0.391], "logc3-ei800")[0]), 4)
0.18
)doc");
  m.def("to_code", [](const py::handle& v, const std::string& id, bool inplace) { return curve(v, id, false, inplace); },
        py::arg("values"), py::arg("transfer"), py::kw_only(), py::arg("inplace") = false,
        R"doc(Encodes scene-linear values to code values with a transfer function (inverse of ``to_linear``).

>>> import aceslab, numpy as np
>>> aceslab.to_code(np.array([0.18]), "acescct").round(4)
array([0.4136])
)doc");

  m.def("convert", &convert, py::arg("rgb"), py::arg("src"), py::arg("dst"), py::kw_only(), py::arg("inplace") = false,
        py::arg("threads") = 0,
        R"doc(Converts RGB triplets between two colour spaces (``color_spaces()`` ids) through ACES2065-1.

``rgb`` is any array-like of shape (..., 3); the result is a new float32 array of the same shape,
or ``rgb`` itself with ``inplace=True`` (a C-contiguous float32 array). Runs without the GIL on
``threads`` threads (0 = all cores).

>>> import aceslab
>>> aceslab.convert([[0.391, 0.391, 0.391]], "logc3-ei800-awg3", "acescg").round(3)
array([[0.18, 0.18, 0.18]], dtype=float32)
)doc");

  m.def("output_transform", &output_transform, py::arg("rgb"), py::arg("id"), py::arg("inverse") = false, py::kw_only(),
        py::arg("inplace") = false, py::arg("threads") = 0,
        R"doc(The ACES 2.0 Output Transform: ACES2065-1 -> display code values (or back with ``inverse=True``).

``id`` is an Output (or InvOutput) transformId URN or an alias from ``output_transforms()``, e.g.
``"rec709-bt1886-100nit"``. ``rgb`` has shape (..., 3); the result is a new float32 array, or
``rgb`` itself with ``inplace=True`` (a C-contiguous float32 array: no copy, fastest). The work
runs without the GIL on ``threads`` threads (0 = all cores), so other Python threads keep running.

>>> import aceslab, numpy as np
>>> grey = np.full((2, 2, 3), 0.18, dtype=np.float32)
>>> aceslab.output_transform(grey, "rec709-bt1886-100nit")[0, 0].round(4)
array([0.3831, 0.3831, 0.3831], dtype=float32)
>>> back = aceslab.output_transform(aceslab.output_transform(grey, "srgb-100nit"), "srgb-100nit", inverse=True)
>>> bool(np.allclose(back, grey, atol=1e-4))
True
)doc");
}

}  // namespace aceslab::python
