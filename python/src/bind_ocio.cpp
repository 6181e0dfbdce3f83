// SPDX-License-Identifier: Apache-2.0
// ocio_config: the OpenColorIO config export of `aceslab ocio-config`.
#include <pybind11/stl.h>

#include "bindings.h"
#include "ocioconfig/ocioconfig.h"

namespace aceslab::python {
namespace {
namespace fs = std::filesystem;

std::vector<fs::path> paths(const py::object& list) {
  std::vector<fs::path> out;
  if (list.is_none()) return out;
  for (const auto& p : list) out.push_back(as_path(p));
  return out;
}

py::dict ocio_config(const py::handle& output, const py::object& amf, const py::object& lmt, const py::object& idt,
                     const std::vector<std::string>& output_transforms, const std::string& ocio_version, int lut_size,
                     const std::string& name, bool allow_outside, bool force) {
  ocioconfig::OcioConfigRequest req;
  req.amfs = paths(amf);
  req.lmts = paths(lmt);
  req.idts = paths(idt);
  req.output_transforms = output_transforms;
  req.version = ocioconfig::parse_ocio_version(ocio_version);
  req.lut_size = lut_size;
  req.name = name;
  req.allow_outside = allow_outside;
  const fs::path out = as_path(output);
  ocioconfig::OcioConfigReport r;
  {
    py::gil_scoped_release release;
    r = ocioconfig::write_ocio_config(req, out, overwrite_flag(force));
  }
  py::list views;
  for (const auto& v : r.views) {
    py::dict d(py::arg("display") = v.display, py::arg("view") = v.view, py::arg("output_transform") = v.output_id,
               py::arg("baked") = v.baked, py::arg("looks") = v.looks);
    if (v.baked) {
      d["file"] = v.file.string();
      d["error_code_values"] = py::dict(py::arg("max") = v.error.max, py::arg("p99") = v.error.p99, py::arg("mean") = v.error.mean);
      d["error_delta_e_2000"] =
          py::dict(py::arg("max") = v.error.delta_E_max, py::arg("p99") = v.error.delta_E_p99, py::arg("mean") = v.error.delta_E_mean);
    }
    views.append(d);
  }
  std::vector<std::string> files;
  for (const auto& f : r.files) files.push_back(f.string());
  return py::dict(py::arg("config") = r.config.string(), py::arg("ocio_profile_version") = r.profile,
                  py::arg("input_colorspaces") = r.input_colorspaces, py::arg("looks") = r.looks, py::arg("views") = views,
                  py::arg("files") = files, py::arg("warnings") = r.warnings);
}

}  // namespace

void bind_ocio(py::module_& m) {
  m.def("ocio_config", &ocio_config, py::arg("output"), py::kw_only(), py::arg("amf") = py::none(), py::arg("lmt") = py::none(),
        py::arg("idt") = py::none(), py::arg("output_transforms") = std::vector<std::string>{}, py::arg("ocio_version") = "2.4",
        py::arg("lut_size") = ocioconfig::kDefaultBakeSize, py::arg("name") = "", py::arg("allow_outside") = false,
        py::arg("force") = false,
        R"doc(Writes an OpenColorIO config from AMF recipes, look CLFs and input CLFs, as `aceslab ocio-config`.

``amf``, ``lmt``, ``idt``: lists of paths; ``output_transforms``: more ACES 2.0 outputs to show
(ids or aliases); ``ocio_version``: "2.4" (OCIO's ACES 2.0 built-ins) or "2.1" (every ACES 2.0
view baked to a CLF with its measured error). CLFs go to ``<stem>_luts/`` beside the config.
Returns {"config", "ocio_profile_version", "input_colorspaces", "looks", "views", "files",
"warnings"}; a baked view carries "error_code_values" and "error_delta_e_2000".

>>> r = aceslab.ocio_config("shot.ocio", amf=["shot.amf"], ocio_version="2.1")   # doctest: +SKIP
>>> [v["view"] for v in r["views"]]                                              # doctest: +SKIP
['ACES 2.0 - SDR 100 nits (Rec.709)', 'shot - ACES 2.0 - SDR 100 nits (Rec.709)']
)doc");
}

}  // namespace aceslab::python
