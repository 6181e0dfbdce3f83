// SPDX-License-Identifier: Apache-2.0
// The makers: make_lmt (show LUT -> ACES 2.0 LMT) and make_idt (chart capture or patch values ->
// Input Transform), with the figures the command prints as --json.
#include <pybind11/stl.h>

#include "bindings.h"
#include "clf/writer.h"
#include "color/color_space.h"
#include "color/error.h"
#include "color/transfer_function.h"
#include "idt/capture.h"
#include "idt/chart_reference.h"
#include "idt/idt_amf.h"
#include "idt/idt_maker.h"
#include "idt/report.h"
#include "idt/spectral.h"
#include "lmt/lmt_amf.h"
#include "lmt/lmt_json.h"
#include "lmt/lmt_maker.h"
#include "solver/matrix_fit.h"

namespace aceslab::python {
namespace {
namespace fs = std::filesystem;

nlohmann::json make_lmt_json(const fs::path& lut_path, const lmt::LmtSettings& s, const fs::path& output,
                             const fs::path& amf, Overwrite overwrite) {
  // As `aceslab lmt`: fail on unknown ids and unwritable outputs before the long work.
  const lmt::LutEncoding check(s.lut_in, s.lut_in_range, s.lut_out, s.lut_out_range);
  check_writable(output, overwrite);
  if (!amf.empty()) check_writable(amf, overwrite);
  const lmt::ShowLut lut = lmt::read_show_lut(lut_path);
  const lmt::LmtResult r = lmt::make_lmt(lut, s, output, overwrite);
  nlohmann::json doc = lmt::to_json(r, s, lut);
  if (!amf.empty()) {
    const auto a = lmt::write_lmt_amf(amf, r, s, overwrite);
    doc["amf"] = amf.string();
    if (!a.idt_clf.empty()) doc["idt_clf"] = a.idt_clf.string();
  }
  return doc;
}

py::object make_lmt(const py::handle& lut, const std::string& lut_in, const std::string& lut_out, const py::handle& output,
                    const py::object& amf, int cube_size, const std::string& shaper, const std::string& fit,
                    const std::string& node_space, const std::string& layout, const std::string& lut_in_range,
                    const std::string& lut_out_range, const std::string& look_namespace, const std::string& name,
                    const std::string& user_name, bool verify, unsigned threads, bool force,
                    const std::string& neutral_table) {
  if (neutral_table != "auto" && neutral_table != "none") {
    throw Error(ErrorKind::usage, "unknown neutral_table \"" + neutral_table + "\" (valid: auto, none)");
  }
  lmt::LmtSettings s;
  s.neutral_table = neutral_table == "auto";
  s.lut_in = lut_in;
  s.lut_out = lut_out;
  s.lut_in_range = lmt::parse_code_range(lut_in_range);
  s.lut_out_range = lmt::parse_code_range(lut_out_range);
  s.shaper = lmt::parse_shaper_mode(shaper);
  s.fit = lmt::parse_fit_mode(fit);
  s.node_space = lmt::parse_node_space(node_space);
  s.layout = lmt::parse_layout(layout);
  s.cube_size = cube_size;
  s.look_namespace = look_namespace;
  s.look_name = name;
  s.user_name = user_name;
  s.threads = threads;
  s.verify = verify;
  const fs::path lut_path = as_path(lut), out = as_path(output), amf_path = amf.is_none() ? fs::path() : as_path(amf);
  nlohmann::json doc;
  {
    py::gil_scoped_release release;
    doc = make_lmt_json(lut_path, s, out, amf_path, overwrite_flag(force));
  }
  return to_python(doc);
}

// ---- make_idt from a capture manifest or folder ---------------------------------------------

py::object make_idt_from_capture(const fs::path& capture_path, const fs::path& output, const py::object& amf,
                                 const std::string& name, const std::string& cat, const std::string& error_space,
                                 bool force) {
  const Overwrite overwrite = overwrite_flag(force);
  idt::IdtOptions opts;
  if (!cat.empty()) opts.cat = aces::parse_adaptation(cat);
  opts.cat_from_capture = cat.empty();
  opts.error_space = solver::parse_error_space(error_space);
  const fs::path amf_path = amf.is_none() ? fs::path() : as_path(amf);
  nlohmann::json doc;
  {
    py::gil_scoped_release release;
    check_writable(output, overwrite);
    if (!amf_path.empty()) check_writable(amf_path, overwrite);
    idt::IdtResult r = idt::make_idt(idt::load_capture(capture_path), opts);
    if (!name.empty()) {
      r.camera_name = name;
      r.pipeline.name = name + " to ACES2065-1";
      r.pipeline.input_descriptor = name;
    }
    doc = idt::result_json(r);
    doc["mode"] = "capture";
    doc["capture"] = capture_path.string();
    if (!r.usable) throw Error(ErrorKind::invalid_input, "no IDT written: " + r.message, Location(capture_path.string()));
    aces::ClfMetadata meta;
    meta.aces_user_name = r.camera_name + " to ACES2065-1 (aceslab)";
    meta.info.emplace_back("Generator", "aceslab Python make_idt");
    for (auto& kv : idt::idt_info(r)) meta.info.push_back(std::move(kv));
    aces::write_clf_file(output, aces::clf_exportable(r.pipeline), meta, overwrite);
    doc["clf"] = output.string();
    if (!amf_path.empty()) {
      idt::write_idt_amf(amf_path, output, meta.aces_user_name, overwrite);
      doc["amf"] = amf_path.string();
    }
  }
  return to_python(doc);
}

// ---- make_idt from patch values --------------------------------------------------------------

constexpr int kNeutral5 = 21;  // ColorChecker "neutral 5 (.70 D)", row-major from dark skin

py::object make_idt_from_patches(const py::dict& c, const fs::path& output, const py::object& amf, const std::string& name,
                                 const std::string& cat_flag, const std::string& error_space, bool force) {
  using Eigen::Vector3d;
  const auto patches = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(c["patches"]);
  if (!patches || patches.ndim() != 2 || patches.shape(0) != idt::kColorCheckerPatches || patches.shape(1) != 3) {
    PyErr_Clear();
    throw Error(ErrorKind::usage, "make_idt: \"patches\" must be 24 RGB values (shape (24, 3)) of a ColorChecker 24, "
                                  "row by row from dark skin to black");
  }
  const std::string encoding = c.contains("encoding") ? c["encoding"].cast<std::string>() : "linear";
  const aces::TransferFunction* tf = encoding == "linear" ? nullptr : &aces::find_transfer_function(encoding);
  const nlohmann::json illuminant_json =
      c.contains("illuminant") ? nlohmann::json::parse(py::str(py::module_::import("json").attr("dumps")(c["illuminant"])).cast<std::string>())
                               : nlohmann::json("D55");
  const idt::IlluminantSpec illuminant = idt::IlluminantSpec::from_json(illuminant_json, Location("make_idt", 0, "illuminant"));
  const aces::Adaptation cat = aces::parse_adaptation(cat_flag.empty() ? "cat02" : cat_flag);
  const std::string camera = !name.empty() ? name : c.contains("camera") ? c["camera"].cast<std::string>() : "Camera";
  const fs::path amf_path = amf.is_none() ? fs::path() : as_path(amf);
  const Overwrite overwrite = overwrite_flag(force);

  py::gil_scoped_release release;
  check_writable(output, overwrite);
  if (!amf_path.empty()) check_writable(amf_path, overwrite);
  const auto reference = idt::colorchecker_reference_aces(idt::illuminant_spd(illuminant, fs::current_path()), cat);
  std::array<Vector3d, idt::kColorCheckerPatches> linear;
  for (int p = 0; p < idt::kColorCheckerPatches; ++p) {
    for (int ch = 0; ch < 3; ++ch) {
      const double v = patches.at(p, ch);
      linear[p][ch] = tf ? tf->to_linear(v) : v;
    }
  }
  // The Academy procedure (P-2013-001): white balance and exposure on neutral 5, then the
  // white-preserving matrix (solver/matrix_fit.h), as idt/idt_maker.cpp does for captures.
  const Vector3d& n5 = linear[kNeutral5];
  if (!(n5.minCoeff() > 0.0)) {
    throw Error(ErrorKind::invalid_input, "make_idt: neutral 5 (patch 22) reads zero or less in a channel; white balance "
                                          "and exposure cannot be set", Location("make_idt", 0, "patches"));
  }
  Vector3d wb = reference[kNeutral5].cwiseQuotient(n5);
  wb /= wb[1];
  const double exposure = reference[kNeutral5].mean() / n5.cwiseProduct(wb).mean();
  std::vector<solver::Observation> obs;
  for (int p = 0; p < idt::kColorCheckerPatches; ++p) {
    obs.push_back({linear[p].cwiseProduct(wb) * exposure, reference[p], 1.0, idt::kColorCheckerPatchNames[p]});
  }
  solver::MatrixFitOptions mopts;
  mopts.space = solver::parse_error_space(error_space);
  const solver::MatrixFitResult fit = solver::fit_idt_matrix(obs, mopts);
  if (!fit.usable) throw Error(ErrorKind::invalid_input, "make_idt: no IDT written: the matrix could not be fitted: " + fit.message);
  const Eigen::Matrix3d clf_matrix = fit.matrix * exposure * wb.asDiagonal();

  aces::Pipeline p;
  p.name = camera + " to ACES2065-1";
  p.input_descriptor = camera + (tf ? " " + encoding : std::string(" linear"));
  p.output_descriptor = "ACES2065-1";
  if (tf) p.append(aces::TransferStep{tf, aces::Direction::forward});
  p.append(aces::MatrixStep{clf_matrix, aces::Vec3::Zero()});
  aces::ClfMetadata meta;
  meta.aces_user_name = p.name + " (aceslab)";
  meta.info = {{"Generator", "aceslab Python make_idt (patch values)"},
               {"Illuminant", illuminant.describe()},
               {"MeanDeltaE2000", std::to_string(fit.mean_delta_E_2000)},
               {"MaxDeltaE2000", std::to_string(fit.max_delta_E_2000)}};
  aces::write_clf_file(output, aces::clf_exportable(p), meta, overwrite);

  auto mat = [](const Eigen::Matrix3d& m) {
    nlohmann::json j = nlohmann::json::array();
    for (int r = 0; r < 3; ++r) j.push_back({m(r, 0), m(r, 1), m(r, 2)});
    return j;
  };
  nlohmann::json doc = {{"mode", "patches"},
                        {"usable", true},
                        {"camera", camera},
                        {"illuminant", illuminant.describe()},
                        {"encoding", encoding},
                        {"cat", std::string(aces::adaptation_id(cat))},
                        {"error_space", error_space},
                        {"white_balance", {wb[0], wb[1], wb[2]}},
                        {"exposure_factor", exposure},
                        {"matrix", mat(fit.matrix)},
                        {"clf_matrix", mat(clf_matrix)},
                        {"mean_delta_e_2000", fit.mean_delta_E_2000},
                        {"max_delta_e_2000", fit.max_delta_E_2000},
                        {"clf", output.string()}};
  nlohmann::json per_patch = nlohmann::json::array();
  for (int i = 0; i < idt::kColorCheckerPatches; ++i) {
    const Vector3d fitted = clf_matrix * linear[i];
    per_patch.push_back({{"name", idt::kColorCheckerPatchNames[i]},
                         {"delta_e_2000", fit.delta_E_2000[i]},
                         {"reference_aces", {reference[i][0], reference[i][1], reference[i][2]}},
                         {"idt_aces", {fitted[0], fitted[1], fitted[2]}}});
  }
  doc["patches"] = per_patch;
  if (!amf_path.empty()) {
    idt::write_idt_amf(amf_path, output, meta.aces_user_name, overwrite);
    doc["amf"] = amf_path.string();
  }
  py::gil_scoped_acquire acquire;
  return to_python(doc);
}

py::array_t<double> colorchecker_reference(const py::object& illuminant, const std::string& cat) {
  const auto j = nlohmann::json::parse(py::str(py::module_::import("json").attr("dumps")(illuminant)).cast<std::string>());
  const idt::IlluminantSpec spec = idt::IlluminantSpec::from_json(j, Location("colorchecker_reference", 0, "illuminant"));
  const auto ref = idt::colorchecker_reference_aces(idt::illuminant_spd(spec, fs::current_path()), aces::parse_adaptation(cat));
  py::array_t<double> out({idt::kColorCheckerPatches, 3});
  auto w = out.mutable_unchecked<2>();
  for (int p = 0; p < idt::kColorCheckerPatches; ++p) {
    for (int c = 0; c < 3; ++c) w(p, c) = ref[p][c];
  }
  return out;
}

py::object make_idt(const py::handle& capture, const py::handle& output, const py::object& amf, const std::string& name,
                    const std::string& cat, const std::string& error_space, bool force) {
  if (py::isinstance<py::dict>(capture)) {
    const auto d = capture.cast<py::dict>();
    if (!d.contains("patches")) throw Error(ErrorKind::usage, "make_idt: a dict capture needs \"patches\" (24 x 3 values)");
    return make_idt_from_patches(d, as_path(output), amf, name, cat, error_space, force);
  }
  return make_idt_from_capture(as_path(capture), as_path(output), amf, name, cat, error_space, force);
}

}  // namespace

void bind_makers(py::module_& m) {
  m.def("make_lmt", &make_lmt, py::arg("lut"), py::arg("lut_in"), py::arg("lut_out"), py::arg("output"), py::kw_only(),
        py::arg("amf") = py::none(), py::arg("cube_size") = 0, py::arg("shaper") = "camera", py::arg("fit") = "auto",
        py::arg("node_space") = "display", py::arg("layout") = "auto", py::arg("lut_in_range") = "full", py::arg("lut_out_range") = "full", py::arg("namespace") = "aceslab",
        py::arg("name") = "", py::arg("user_name") = "", py::arg("verify") = true, py::arg("threads") = 0,
        py::arg("force") = false, py::arg("neutral_table") = "auto",
        R"doc(Makes an ACES 2.0 LMT (CLF) that reproduces a show LUT through the ACES 2.0 Output Transform,
as `aceslab lmt` does, verifies it and returns the figures of `aceslab lmt --json` as a dict.

``lut``: the show LUT (.cube or any format OpenColorIO reads); ``lut_in``: the colour space id of
its input (``color_spaces()``); ``lut_out``: the output transform of its display (URN or alias);
``output``: the CLF to write (never overwritten without ``force=True``); ``amf``: also write an AMF
recipe. ``neutral_table="none"`` leaves out the second table that corrects the LMT's table next to
the neutral axis (``--neutral-table none``). The result holds "verification" ({"natural": {...}, "cube": {...}, "meets_targets"}),
"warnings", the settings and the LMT's metadata. Runs without the GIL.

>>> r = aceslab.make_lmt("show.cube", "logc3-ei800-awg3", "rec709-bt1886-100nit", "look.clf")  # doctest: +SKIP
>>> r["verification"]["natural"]["delta_e_2000"]["mean"]                                    # doctest: +SKIP
0.0202
)doc");
  m.def("colorchecker_reference", &colorchecker_reference, py::arg("illuminant") = "D55", py::arg("cat") = "cat02",
        R"doc(The 24 ColorChecker Classic patches as ACES2065-1 relative exposure values under an illuminant
(row by row from dark skin), as the IDT makers fit against: the Academy procedure's RICD
integration with its 0.5 % flare model, adapted to the ACES white with ``cat``.

``illuminant``: D50, D55, D60, D65, D75, A, ISO7589-tungsten, FL1..FL12 (F1..F12, CWF, TL84), LED-B1..LED-V2, {"daylight_cct": K}, {"blackbody_cct": K}.

>>> ref = aceslab.colorchecker_reference("D60")
>>> ref.shape
(24, 3)
)doc");
  m.def("make_idt", &make_idt, py::arg("capture"), py::arg("output"), py::kw_only(), py::arg("amf") = py::none(),
        py::arg("name") = "", py::arg("cat") = "", py::arg("error_space") = "delta-e-2000", py::arg("force") = false,
        R"doc(Makes an Input Transform (CLF) and returns its figures as a dict (`aceslab idt --json`).

``capture`` is either a capture manifest / Academy idt-calculator folder (path), read and fitted
exactly as `aceslab idt` does, or a dict of patch values already measured:
``{"patches": (24, 3) array of a ColorChecker 24 (row by row from dark skin), "encoding": "linear" or a
transfer-function id, "illuminant": "D55" or {"daylight_cct": 5600}, "camera": "name"}``; that path
white-balances and normalises exposure on neutral 5 and fits the white-preserving 3x3 matrix (the
Academy procedure's matrix stage). ``cat``: adaptation (cat02, bradford, cat16; default the capture's
or cat02); ``error_space``: delta-e-2000, delta-e-76, oklab, jzazbz. An unusable fit writes nothing
and raises aceslab.InvalidInputError with the reason.

>>> r = aceslab.make_idt("capture.json", "drone_idt.clf")                  # doctest: +SKIP
>>> r = aceslab.make_idt({"patches": samples, "illuminant": "D55"}, "idt.clf")   # doctest: +SKIP
>>> r["mean_delta_e_2000"]                                                 # doctest: +SKIP
0.61
)doc");
}

}  // namespace aceslab::python
