// SPDX-License-Identifier: Apache-2.0
// Common LUT Format files: read (metadata), apply (evaluated by OpenColorIO), write (from steps).
#include <pybind11/stl.h>

#include "bindings.h"
#include "clf/reader.h"
#include "clf/writer.h"
#include "color/color_space.h"
#include "color/error.h"
#include "color/transfer_function.h"
#include "pipeline/color_space_pipeline.h"

namespace aceslab::python {
namespace {

py::dict clf_info(const py::handle& path) {
  const aces::ClfInfo info = aces::read_clf_info(as_path(path));
  return py::dict(py::arg("id") = info.id, py::arg("name") = info.name, py::arg("comp_clf_version") = info.comp_clf_version,
                  py::arg("descriptions") = info.descriptions, py::arg("input_descriptor") = info.input_descriptor,
                  py::arg("output_descriptor") = info.output_descriptor,
                  py::arg("aces_transform_id") = info.aces_transform_id, py::arg("aces_user_name") = info.aces_user_name,
                  py::arg("node_types") = info.node_types, py::arg("warnings") = info.warnings);
}

FloatArray apply_clf(const py::handle& rgb, const py::handle& path, bool inplace, unsigned threads) {
  FloatArray array = rgb_array(rgb, inplace, "apply_clf");
  const std::filesystem::path file = as_path(path);
  std::shared_ptr<const aces::ClfTransform> clf;
  {
    py::gil_scoped_release release;
    clf = std::make_shared<const aces::ClfTransform>(file);
  }
  return run_on_triplets(std::move(array), threads, [&clf](std::span<float> chunk) { clf->apply(chunk); });
}

Error step_error(std::size_t index, const std::string& message) {
  return Error(ErrorKind::usage, "write_clf: step " + std::to_string(index) + ": " + message);
}

aces::Vec3 vec3(const py::handle& v) {
  const auto x = v.cast<std::vector<double>>();
  if (x.size() != 3) throw Error(ErrorKind::usage, "expected 3 numbers");
  return {x[0], x[1], x[2]};
}

std::vector<float> lut_values(const py::handle& v, std::size_t expected_dims, std::size_t index) {
  const auto a = FloatArray::ensure(v);
  if (!a || static_cast<std::size_t>(a.ndim()) != expected_dims || a.shape(a.ndim() - 1) != 3) {
    PyErr_Clear();
    throw step_error(index, expected_dims == 2 ? "lut1d needs an array of shape (N, 3)"
                                               : "lut3d needs an array of shape (N, N, N, 3), indexed [r, g, b]");
  }
  return {a.data(), a.data() + a.size()};
}

// One step dict -> steps appended to `p` (see the write_clf docstring for the forms).
void append_step(aces::Pipeline& p, const py::dict& s, std::size_t i) {
  if (s.contains("matrix")) {
    aces::MatrixStep m;
    const auto rows = s["matrix"].cast<std::vector<std::vector<double>>>();
    if (rows.size() != 3) throw step_error(i, "matrix needs 3 rows of 3 numbers");
    for (int r = 0; r < 3; ++r) {
      if (rows[r].size() != 3) throw step_error(i, "matrix needs 3 rows of 3 numbers");
      for (int c = 0; c < 3; ++c) m.m(r, c) = rows[r][c];
    }
    if (s.contains("offset")) m.offset = vec3(s["offset"]);
    p.append(m);
  } else if (s.contains("range")) {
    const auto r = s["range"].cast<py::dict>();
    aces::RangeStep step;
    auto bound = [&](const char* k) -> std::optional<double> {
      if (!r.contains(k) || r[k].is_none()) return std::nullopt;
      return r[k].cast<double>();
    };
    step.min_in = bound("min_in");
    step.max_in = bound("max_in");
    step.min_out = bound("min_out");
    step.max_out = bound("max_out");
    step.clamp = r.contains("clamp") ? r["clamp"].cast<bool>() : true;
    p.append(step);
  } else if (s.contains("lut1d")) {
    aces::Lut1DStep step;
    step.values = lut_values(s["lut1d"], 2, i);
    step.half_domain = s.contains("half_domain") && s["half_domain"].cast<bool>();
    p.append(step);
  } else if (s.contains("lut3d")) {
    aces::Lut3DStep step;
    step.values = lut_values(s["lut3d"], 4, i);
    step.size = static_cast<int>(FloatArray::ensure(s["lut3d"]).shape(0));
    if (s.contains("interpolation")) {
      const auto interp = s["interpolation"].cast<std::string>();
      if (interp != "tetrahedral" && interp != "trilinear") throw step_error(i, "interpolation is tetrahedral or trilinear");
      step.interpolation = interp == "trilinear" ? aces::Interpolation3D::trilinear : aces::Interpolation3D::tetrahedral;
    }
    p.append(step);
  } else if (s.contains("cdl")) {
    const auto c = s["cdl"].cast<py::dict>();
    aces::CdlStep step;
    step.style = aces::CdlStyle::FwdNoClamp;
    if (c.contains("slope")) step.slope = vec3(c["slope"]);
    if (c.contains("offset")) step.offset = vec3(c["offset"]);
    if (c.contains("power")) step.power = vec3(c["power"]);
    if (c.contains("saturation")) step.saturation = c["saturation"].cast<double>();
    if (c.contains("clamp") && c["clamp"].cast<bool>()) step.style = aces::CdlStyle::Fwd;
    p.append(step);
  } else if (s.contains("transfer")) {
    const std::string direction = s.contains("direction") ? s["direction"].cast<std::string>() : "to_linear";
    if (direction != "to_linear" && direction != "to_code") throw step_error(i, "direction is to_linear or to_code");
    p.append(aces::TransferStep{&aces::find_transfer_function(s["transfer"].cast<std::string>()),
                                direction == "to_linear" ? aces::Direction::forward : aces::Direction::inverse});
  } else if (s.contains("convert")) {
    const auto ids = s["convert"].cast<std::vector<std::string>>();
    if (ids.size() != 2) throw step_error(i, "convert needs [src, dst] colour space ids");
    p.append(aces::conversion(aces::find_color_space(ids[0]), aces::find_color_space(ids[1])));
  } else {
    throw step_error(i, "expected one of the keys matrix, range, lut1d, lut3d, cdl, transfer, convert");
  }
}

std::string write_clf(const py::handle& path, const py::list& steps, const std::string& name, const std::string& description,
                      const std::string& input_descriptor, const std::string& output_descriptor,
                      const std::string& aces_transform_id, const std::string& aces_user_name, const py::dict& info, bool force) {
  aces::Pipeline p;
  p.name = name;
  p.description = description;
  p.input_descriptor = input_descriptor;
  p.output_descriptor = output_descriptor;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!py::isinstance<py::dict>(steps[i])) throw step_error(i, "each step is a dict");
    append_step(p, steps[i].cast<py::dict>(), i);
  }
  aces::ClfMetadata meta;
  meta.aces_transform_id = aces_transform_id;
  meta.aces_user_name = aces_user_name;
  for (const auto& [k, v] : info) meta.info.emplace_back(py::str(k).cast<std::string>(), py::str(v).cast<std::string>());
  const auto out = as_path(path);
  py::gil_scoped_release release;
  aces::write_clf_file(out, aces::clf_exportable(p), meta, overwrite_flag(force));
  return out.string();
}

}  // namespace

void bind_clf(py::module_& m) {
  m.def("read_clf", &clf_info, py::arg("path"),
        R"doc(Reads a CLF file's structure and metadata (checked like every CLF aceslab reads: no DTDs
or entities, size and nesting limits). Returns a dict: id, name, comp_clf_version, descriptions,
input_descriptor, output_descriptor, aces_transform_id, aces_user_name, node_types, warnings.

>>> info = aceslab.read_clf("look.clf")                      # doctest: +SKIP
>>> info["node_types"]                                       # doctest: +SKIP
['Matrix', 'Log', 'Range', 'LUT3D', 'Log', 'Matrix']
)doc");
  m.def("apply_clf", &apply_clf, py::arg("rgb"), py::arg("path"), py::kw_only(), py::arg("inplace") = false,
        py::arg("threads") = 0,
        R"doc(Applies a CLF file (evaluated by OpenColorIO) to RGB triplets of shape (..., 3).

Returns a new float32 array, or ``rgb`` itself with ``inplace=True``; runs without the GIL on
``threads`` threads (0 = all cores).

>>> aceslab.apply_clf(plate, "show_look.clf")                # doctest: +SKIP
)doc");
  m.def("write_clf", &write_clf, py::arg("path"), py::arg("steps"), py::kw_only(), py::arg("name") = "",
        py::arg("description") = "", py::arg("input_descriptor") = "", py::arg("output_descriptor") = "",
        py::arg("aces_transform_id") = "", py::arg("aces_user_name") = "", py::arg("info") = py::dict(),
        py::arg("force") = false,
        R"doc(Writes a CLF v3 file from a list of steps, atomically; refuses to overwrite unless ``force=True``.

Each step is a dict with one of these keys:
  ``{"matrix": 3x3, "offset": [3]}``, ``{"range": {"min_in", "max_in", "min_out", "max_out", "clamp"}}``,
  ``{"lut1d": (N, 3) array, "half_domain": False}``, ``{"lut3d": (N, N, N, 3) array indexed [r, g, b],
  "interpolation": "tetrahedral"}``, ``{"cdl": {"slope", "offset", "power", "saturation", "clamp"}}``,
  ``{"transfer": id, "direction": "to_linear" | "to_code"}`` (exact CLF Log/Exponent or a baked LUT1D),
  ``{"convert": [src, dst]}`` (colour-space ids).
``info`` adds key/value pairs to the CLF Info block. Returns the path written.

>>> import aceslab, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "logc3_to_aces.clf")
>>> _ = aceslab.write_clf(path, [{"convert": ["logc3-ei800-awg3", "aces2065-1"]}], name="LogC3 to ACES")
>>> aceslab.read_clf(path)["node_types"]
['Log', 'Matrix']
>>> aceslab.apply_clf([[0.391, 0.391, 0.391]], path).round(3)
array([[0.18, 0.18, 0.18]], dtype=float32)
)doc");
}

}  // namespace aceslab::python
