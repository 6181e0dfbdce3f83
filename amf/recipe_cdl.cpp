// SPDX-License-Identifier: Apache-2.0
#include "amf/recipe_cdl.h"

#include <array>
#include <pugixml.hpp>
#include <sstream>

#include "amf/reader.h"
#include "amf/schema.h"
#include "color/error.h"

namespace aceslab::amf::detail {
namespace fs = std::filesystem;

Cdl cdl_from_ccc(const fs::path& ccc_path, const std::string& id) {
  const std::string xml = read_xml_file(ccc_path);
  check_xml_safety(xml, ccc_path.string());
  pugi::xml_document doc;
  // pugixml never loads external entities or DTDs; parse_doctype only skips the declaration.
  const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default);
  if (!parsed) {
    throw Error(ErrorKind::invalid_input, std::string("not well-formed XML: ") + parsed.description(), {ccc_path.string()});
  }
  auto local = [](const pugi::xml_node& n) {
    std::string name = n.name();
    const auto colon = name.find(':');
    return colon == std::string::npos ? name : name.substr(colon + 1);
  };
  auto child = [&](const pugi::xml_node& n, const char* name) {
    for (auto c : n.children()) {
      if (local(c) == name) return c;
    }
    return pugi::xml_node();
  };
  for (auto cc : doc.document_element().children()) {
    if (local(cc) != "ColorCorrection" || cc.attribute("id").value() != id) continue;
    Cdl cdl;
    auto triple = [&](const pugi::xml_node& n, std::array<double, 3>& out, const char* what) {
      if (!n) return;
      std::istringstream in(n.child_value());
      for (auto& v : out) {
        if (!(in >> v)) {
          throw Error(ErrorKind::invalid_input, std::string(what) + " needs three numbers", {ccc_path.string(), 0, id});
        }
      }
    };
    if (auto sop = child(cc, "SOPNode")) {
      triple(child(sop, "Slope"), cdl.slope, "Slope");
      triple(child(sop, "Offset"), cdl.offset, "Offset");
      triple(child(sop, "Power"), cdl.power, "Power");
    }
    if (auto sat = child(cc, "SATNode")) {
      if (auto s = child(sat, "Saturation")) cdl.saturation = std::stod(s.child_value());
    }
    return cdl;
  }
  throw Error(ErrorKind::invalid_input, "no ColorCorrection with id \"" + id + "\"", {ccc_path.string()});
}

aces::Pipeline cdl_pipeline(const Cdl& cdl) {
  aces::CdlStep step;
  // AMF CDLs run in log working spaces (ACEScct) whose values exceed 1: the unclamped style keeps
  // highlights instead of clipping them at the ASC v1.2 [0,1] clamp.
  step.style = aces::CdlStyle::FwdNoClamp;
  step.slope = aces::Vec3(cdl.slope[0], cdl.slope[1], cdl.slope[2]);
  step.offset = aces::Vec3(cdl.offset[0], cdl.offset[1], cdl.offset[2]);
  step.power = aces::Vec3(cdl.power[0], cdl.power[1], cdl.power[2]);
  step.saturation = cdl.saturation;
  aces::Pipeline p;
  p.append(step);
  return p;
}

}  // namespace aceslab::amf::detail
