// SPDX-License-Identifier: Apache-2.0
// ACES Metadata Files: read (the model as a dict), validate (findings), write (a recipe).
#include <pybind11/stl.h>

#include <sstream>

#include "aces2/output_presets.h"
#include "amf/amf.h"
#include "bindings.h"
#include "color/error.h"
#include "pipeline/transform_registry.h"

namespace aceslab::python {
namespace {
namespace fs = std::filesystem;

py::dict finding_dict(const amf::Finding& f) {
  return py::dict(py::arg("id") = f.id, py::arg("name") = f.name,
                  py::arg("severity") = std::string(amf::severity_name(f.severity)), py::arg("line") = f.location.line,
                  py::arg("message") = f.message, py::arg("path") = f.location.path, py::arg("element") = f.location.element,
                  py::arg("text") = amf::format_finding(f));
}

py::object reference_dict(const fs::path& amf_path, const amf::Reference& r) {
  py::dict d(py::arg("description") = r.description, py::arg("transform_id") = r.transform_id, py::arg("file") = r.file,
             py::arg("uuid") = r.uuid, py::arg("line") = r.line);
  d["hash"] = r.hash ? py::object(py::dict(py::arg("algorithm") = std::string(amf::hash_algorithm_name(r.hash->algorithm)),
                                           py::arg("value") = r.hash->value))
                     : py::object(py::none());
  // Where a file reference points (whether or not it may be followed: validate_amf says).
  const auto resolved = r.by_file() ? amf::check_reference(amf_path, r.file).path : fs::path();
  d["resolved"] = resolved.empty() ? py::object(py::none()) : py::object(py::str(resolved.string()));
  return d;
}

py::object optional_reference(const fs::path& amf_path, const std::optional<amf::Reference>& r) {
  return r ? reference_dict(amf_path, *r) : py::object(py::none());
}

py::object transform_dict(const fs::path& amf_path, const std::optional<amf::TransformRef>& t) {
  if (!t) return py::none();
  py::dict d = reference_dict(amf_path, *t);
  d["applied"] = t->applied;
  if (t->cdl) {
    d["cdl"] = py::dict(py::arg("slope") = t->cdl->slope, py::arg("offset") = t->cdl->offset,
                        py::arg("power") = t->cdl->power, py::arg("saturation") = t->cdl->saturation);
  } else {
    d["cdl"] = py::none();
  }
  d["cdl_ref"] = t->cdl_ref;
  if (t->cdl_working_space) {
    d["cdl_working_space"] = py::dict(py::arg("to") = optional_reference(amf_path, t->cdl_working_space->to),
                                      py::arg("from") = optional_reference(amf_path, t->cdl_working_space->from));
  } else {
    d["cdl_working_space"] = py::none();
  }
  d["reference_rendering"] = optional_reference(amf_path, t->reference_rendering);
  d["output_device"] = optional_reference(amf_path, t->output_device);
  d["inverse_output"] = optional_reference(amf_path, t->inverse_output);
  d["inverse_output_device"] = optional_reference(amf_path, t->inverse_output_device);
  d["inverse_reference_rendering"] = optional_reference(amf_path, t->inverse_reference_rendering);
  return d;
}

py::dict info_dict(const amf::Info& info) {
  py::list authors;
  for (const auto& a : info.authors) authors.append(py::dict(py::arg("name") = a.name, py::arg("email") = a.email));
  return py::dict(py::arg("description") = info.description, py::arg("authors") = authors,
                  py::arg("created") = info.date_time.creation, py::arg("modified") = info.date_time.modification,
                  py::arg("uuid") = info.uuid);
}

py::dict pipeline_dict(const fs::path& amf_path, const amf::Pipeline& p) {
  py::dict d = info_dict(p.info);
  if (p.info.system_version) {
    std::ostringstream v;
    v << p.info.system_version->major << '.' << p.info.system_version->minor << '.' << p.info.system_version->patch;
    d["system_version"] = v.str();
  } else {
    d["system_version"] = py::none();
  }
  d["input"] = transform_dict(amf_path, p.input);
  py::list looks;
  for (const auto& l : p.looks) looks.append(transform_dict(amf_path, l));
  d["looks"] = looks;
  d["working_locations"] = p.working_locations;
  d["output"] = transform_dict(amf_path, p.output);
  return d;
}

py::dict read_amf(const py::handle& path) {
  const fs::path file = as_path(path);
  std::vector<amf::Finding> warnings;
  amf::Amf doc;
  {
    py::gil_scoped_release release;
    doc = amf::read_amf(file, &warnings);
  }
  py::dict d(py::arg("path") = file.string(), py::arg("amf_version") = doc.version == amf::AmfVersion::v1_0 ? "1.0" : "2.0");
  d["info"] = info_dict(doc.info);
  if (doc.clip) {
    py::dict clip(py::arg("name") = doc.clip->clip_name, py::arg("file") = doc.clip->file, py::arg("uuid") = doc.clip->uuid);
    clip["sequence"] = doc.clip->sequence ? py::object(py::dict(py::arg("pattern") = doc.clip->sequence->pattern,
                                                                py::arg("idx") = doc.clip->sequence->idx,
                                                                py::arg("min") = doc.clip->sequence->min,
                                                                py::arg("max") = doc.clip->sequence->max))
                                          : py::object(py::none());
    d["clip"] = clip;
  } else {
    d["clip"] = py::none();
  }
  d["pipeline"] = pipeline_dict(file, doc.pipeline);
  py::list archived;
  for (const auto& p : doc.archived_pipelines) archived.append(pipeline_dict(file, p));
  d["archived_pipelines"] = archived;
  py::list w;
  for (const auto& f : warnings) w.append(finding_dict(f));
  d["warnings"] = w;
  return d;
}

py::list validate_amf(const py::handle& path, bool schema, bool check_files, bool allow_outside) {
  const fs::path file = as_path(path);
  amf::ValidationReport report;
  {
    py::gil_scoped_release release;
    report = amf::validate_amf(file, {schema, check_files, allow_outside});
  }
  py::list out;
  for (const auto& f : report.findings) out.append(finding_dict(f));
  return out;
}

// A look for write_amf: a CLF path, a Look transformId, or {"cdl": {...}} (applied in ACEScct).
amf::TransformRef look_ref(const py::handle& look, const fs::path& amf_path, bool allow_outside) {
  if (py::isinstance<py::dict>(look)) {
    const auto d = look.cast<py::dict>();
    if (!d.contains("cdl")) throw Error(ErrorKind::usage, "write_amf: a look dict needs a \"cdl\" key");
    const auto c = d["cdl"].cast<py::dict>();
    amf::Cdl cdl;
    auto triple = [&](const char* k, std::array<double, 3>& out) {
      if (!c.contains(k)) return;
      const auto v = c[k].cast<std::vector<double>>();
      if (v.size() != 3) throw Error(ErrorKind::usage, std::string("write_amf: cdl ") + k + " needs 3 numbers");
      std::copy(v.begin(), v.end(), out.begin());
    };
    triple("slope", cdl.slope);
    triple("offset", cdl.offset);
    triple("power", cdl.power);
    if (c.contains("saturation")) cdl.saturation = c["saturation"].cast<double>();
    return amf::cdl_look_in_acescct(cdl);
  }
  const std::string text = py::str(py::module_::import("os").attr("fspath")(look)).cast<std::string>();
  if (text.rfind("urn:", 0) == 0) return amf::look_by_id(text);
  return amf::file_reference(amf_path, text, false, allow_outside);
}

py::dict write_amf(const py::handle& path, const py::object& input, const py::list& looks, const py::object& output,
                   const std::string& description, const std::vector<std::pair<std::string, std::string>>& authors,
                   const std::string& clip_name, const std::string& clip_file, bool allow_outside, bool force) {
  const fs::path out = as_path(path);
  check_writable(out, overwrite_flag(force));
  amf::Amf doc;
  doc.info.description = description;
  for (const auto& [name, email] : authors) doc.info.authors.push_back({name, email});
  if (!clip_name.empty()) {
    doc.clip = amf::ClipId{};
    doc.clip->clip_name = clip_name;
    doc.clip->file = amf::percent_encode_path(clip_file.empty() ? clip_name : clip_file);
  }
  doc.pipeline.info.system_version = amf::SystemVersion{2, 0, 0};
  if (!input.is_none()) {
    const std::string text = py::str(py::module_::import("os").attr("fspath")(input)).cast<std::string>();
    doc.pipeline.input = text.rfind("urn:", 0) == 0 ? amf::input_by_id(text)
                                                     : amf::file_reference(out, text, false, allow_outside);
  }
  for (const auto& l : looks) doc.pipeline.looks.push_back(look_ref(l, out, allow_outside));
  if (!output.is_none()) {
    // An ACES 2.0 preset by URN or alias; another registered Output id (ACES 1.x) as given.
    const std::string id = output.cast<std::string>();
    const bool registered = id.rfind("urn:", 0) == 0 && aces::TransformRegistry::shipped().find(id);
    doc.pipeline.output = amf::output_by_id(registered ? id : aces::find_output_preset(id).transform_id);
  }
  // Stages named by id get the registry's name as description, as `amf create` does.
  auto describe = [](amf::TransformRef& t) {
    if (!t.description.empty() || t.transform_id.empty()) return;
    if (const auto* e = aces::TransformRegistry::shipped().find(t.transform_id)) t.description = e->user_name;
  };
  if (doc.pipeline.input) describe(*doc.pipeline.input);
  for (auto& l : doc.pipeline.looks) describe(l);
  if (doc.pipeline.output) describe(*doc.pipeline.output);
  amf::ValidationReport report;
  {
    py::gil_scoped_release release;
    amf::write_amf_file(out, doc, overwrite_flag(force));
    report = amf::validate_amf(out, {true, true, allow_outside});
  }
  py::list findings;
  for (const auto& f : report.findings) findings.append(finding_dict(f));
  return py::dict(py::arg("path") = out.string(), py::arg("valid") = !report.has_errors(), py::arg("findings") = findings);
}

}  // namespace

void bind_amf(py::module_& m) {
  m.def("read_amf", &read_amf, py::arg("path"),
        R"doc(Reads an ACES Metadata File (v1.0 or v2.0) into a dict.

Keys: path, amf_version, info (description, authors, created, modified, uuid), clip, pipeline
(system_version, input, looks, working_locations, output, and its own info), archived_pipelines,
warnings (findings met while reading). Each transform is a dict with transform_id, file (as
written), resolved (the path it points to), hash, description, applied, cdl and the ACES 1.x parts.
Raises aceslab.Error with the file and line for an unreadable or malformed AMF.

>>> doc = aceslab.read_amf("shot.amf")                                     # doctest: +SKIP
>>> doc["pipeline"]["output"]["transform_id"]                             # doctest: +SKIP
'urn:ampas:aces:transformId:v2.0:Output.Academy.Rec709-D65_100nit_in_Rec709-D65_BT1886.a2.v1'
)doc");
  m.def("validate_amf", &validate_amf, py::arg("path"), py::kw_only(), py::arg("schema") = true,
        py::arg("check_files") = true, py::arg("allow_outside") = false,
        R"doc(Validates an AMF (XSD + semantic rules, referenced files and hashes) as `aceslab amf validate` does.

Returns the findings, in line order, as dicts with id ("AMF-E012"), name, severity ("error",
"warning", "info"), line, message, path, element and text (the formatted line). An empty list or
one without "error" severities means valid.

>>> [f["id"] for f in aceslab.validate_amf("shot.amf") if f["severity"] == "error"]   # doctest: +SKIP
[]
)doc");
  m.def("write_amf", &write_amf, py::arg("path"), py::kw_only(), py::arg("input") = py::none(),
        py::arg("looks") = py::list(), py::arg("output") = py::none(), py::arg("description") = "",
        py::arg("authors") = std::vector<std::pair<std::string, std::string>>{}, py::arg("clip_name") = "",
        py::arg("clip_file") = "", py::arg("allow_outside") = false, py::arg("force") = false,
        R"doc(Writes an AMF v2.0 recipe as `aceslab amf create` does, then validates it.

``input``: an input transformId (urn:...) or a CLF path; ``looks``: CLF paths, Look transformIds or
``{"cdl": {"slope", "offset", "power", "saturation"}}`` (applied in ACEScct), in order; ``output``:
an output transform id or alias. Files get a path relative to the AMF and a SHA-256 hash.
``authors`` is a list of (name, email). Returns {"path", "valid", "findings"}.

>>> aceslab.write_amf("shot.amf", input="urn:ampas:aces:transformId:v2.0:CSC.Arri.LogC4_to_ACES.a2.v1",
...                   looks=["show_look.clf"], output="rec709-bt1886-100nit")      # doctest: +SKIP
{'path': 'shot.amf', 'valid': True, 'findings': []}
)doc");
}

}  // namespace aceslab::python
