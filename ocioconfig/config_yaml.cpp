// SPDX-License-Identifier: Apache-2.0
#include "ocioconfig/config_model.h"

#include <cstdio>
#include <sstream>

namespace aceslab::ocioconfig {
namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string triple(const std::array<double, 3>& v) {
  std::string s = "[";
  s.append(number(v[0])).append(", ").append(number(v[1])).append(", ").append(number(v[2])).append("]");
  return s;
}

std::string flow(const Transform& t) {
  switch (t.kind) {
    case Transform::Kind::builtin:
      return "!<BuiltinTransform> {style: " + yaml_scalar(t.style) + (t.inverse ? ", direction: inverse}" : "}");
    case Transform::Kind::file:
      return "!<FileTransform> {src: " + yaml_scalar(t.style) +
             (t.interpolation.empty() ? "" : ", interpolation: " + t.interpolation) + (t.inverse ? ", direction: inverse}" : "}");
    case Transform::Kind::cdl:
      return "!<CDLTransform> {slope: " + triple(t.slope) + ", offset: " + triple(t.offset) + ", power: " + triple(t.power) +
             ", sat: " + number(t.saturation) + (t.clamp ? "" : ", style: noclamp") + (t.inverse ? ", direction: inverse}" : "}");
    case Transform::Kind::group: {
      std::string s = "!<GroupTransform> {children: [";
      for (std::size_t i = 0; i < t.children.size(); ++i) s += (i ? ", " : "") + flow(t.children[i]);
      return s + "]}";
    }
  }
  return {};
}

std::string transform_value(const std::vector<Transform>& ts) {
  return ts.size() == 1 ? flow(ts.front()) : flow(Transform::group(ts));
}

void block_text(std::ostream& o, const std::string& key, const std::string& text, const std::string& indent) {
  if (text.empty()) return;
  if (text.find('\n') == std::string::npos) {
    o << indent << key << ": " << yaml_scalar(text) << "\n";
    return;
  }
  o << indent << key << ": |\n";
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) o << indent << "  " << line << "\n";
}

void colorspace(std::ostream& o, const ColorSpaceDef& cs, const char* to_key, const char* from_key) {
  o << "  - !<ColorSpace>\n";
  o << "    name: " << yaml_scalar(cs.name) << "\n";
  if (!cs.aliases.empty()) {
    o << "    aliases: [";
    for (std::size_t i = 0; i < cs.aliases.size(); ++i) o << (i ? ", " : "") << yaml_scalar(cs.aliases[i]);
    o << "]\n";
  }
  o << "    family: " << yaml_scalar(cs.family) << "\n";
  o << "    equalitygroup: \"\"\n    bitdepth: 32f\n";
  block_text(o, "description", cs.description, "    ");
  o << "    isdata: " << (cs.is_data ? "true" : "false") << "\n";
  if (!cs.encoding.empty()) o << "    encoding: " << cs.encoding << "\n";
  o << "    allocation: uniform\n";
  if (!cs.to_reference.empty()) o << "    " << to_key << ": " << transform_value(cs.to_reference) << "\n";
  if (!cs.from_reference.empty()) o << "    " << from_key << ": " << transform_value(cs.from_reference) << "\n";
  o << "\n";
}

void view(std::ostream& o, const ViewDef& v, const std::string& indent) {
  o << indent << "- !<View> {name: " << yaml_scalar(v.name);
  if (!v.view_transform.empty()) {
    o << ", view_transform: " << yaml_scalar(v.view_transform) << ", display_colorspace: " << yaml_scalar(v.display_colorspace);
  } else {
    o << ", colorspace: " << yaml_scalar(v.colorspace);
  }
  if (!v.looks.empty()) o << ", looks: " << yaml_scalar(v.looks);
  o << "}\n";
}

}  // namespace

Transform Transform::builtin(std::string style, bool inverse) {
  Transform t;
  t.kind = Kind::builtin;
  t.style = std::move(style);
  t.inverse = inverse;
  return t;
}

Transform Transform::file(std::string src, std::string interpolation) {
  Transform t;
  t.kind = Kind::file;
  t.style = std::move(src);
  t.interpolation = std::move(interpolation);
  return t;
}

Transform Transform::group(std::vector<Transform> children) {
  Transform t;
  t.kind = Kind::group;
  t.children = std::move(children);
  return t;
}

std::string yaml_scalar(const std::string& text) {
  // Plain style is safe for names made of letters, digits, spaces and .-_()+/ that do not start
  // with an indicator and do not read as another type (true, null, numbers).
  bool plain = !text.empty() && text.front() != ' ' && text.back() != ' ' && text.front() != '-' &&
               text.front() != '.' && !(text.front() >= '0' && text.front() <= '9');
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '.' ||
                    c == '-' || c == '_' || c == '(' || c == ')' || c == '+' || c == '/';
    plain = plain && ok;
  }
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "null", "True", "False", "Yes", "No", "On", "Off", "Null", "NULL", "TRUE", "FALSE", "YES", "NO", "ON", "OFF"}) {
    plain = plain && text != word;
  }
  if (plain) return text;
  std::string s = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') s += '\\';
    if (c == '\n') {
      s += "\\n";
      continue;
    }
    s += c;
  }
  return s + "\"";
}

std::string write_config_yaml(const ConfigModel& c) {
  std::ostringstream o;
  o << "ocio_profile_version: " << c.profile << "\n\n";
  o << "environment:\n  {}\n";
  o << "search_path: " << yaml_scalar(c.search_path.empty() ? std::string(".") : c.search_path) << "\n";
  o << "strictparsing: true\n";
  o << "luma: [0.2126, 0.7152, 0.0722]\n";
  o << "name: " << yaml_scalar(c.name) << "\n";
  block_text(o, "description", c.description, "");
  o << "\nroles:\n";
  for (const auto& [role, cs] : c.roles) o << "  " << role << ": " << yaml_scalar(cs) << "\n";
  o << "\nfile_rules:\n  - !<Rule> {name: Default, colorspace: " << yaml_scalar(c.default_file_colorspace) << "}\n";
  o << "\ndisplays:\n";
  for (const auto& d : c.displays) {
    o << "  " << yaml_scalar(d.name) << ":\n";
    for (const auto& v : d.views) view(o, v, "    ");
  }
  o << "\nactive_displays: []\nactive_views: []\n";
  if (!c.looks.empty()) {
    o << "\nlooks:\n";
    for (const auto& l : c.looks) {
      o << "  - !<Look>\n    name: " << yaml_scalar(l.name) << "\n    process_space: " << yaml_scalar(l.process_space) << "\n";
      block_text(o, "description", l.description, "    ");
      o << "    transform: " << flow(l.transform) << "\n\n";
    }
  }
  if (!c.view_transforms.empty()) {
    o << "\ndefault_view_transform: " << yaml_scalar(c.default_view_transform) << "\n\nview_transforms:\n";
    for (const auto& vt : c.view_transforms) {
      o << "  - !<ViewTransform>\n    name: " << yaml_scalar(vt.name) << "\n";
      block_text(o, "description", vt.description, "    ");
      o << "    from_scene_reference: " << flow(vt.from_scene_reference) << "\n\n";
    }
  }
  if (!c.display_colorspaces.empty()) {
    o << "\ndisplay_colorspaces:\n";
    for (const auto& cs : c.display_colorspaces) colorspace(o, cs, "to_display_reference", "from_display_reference");
  }
  o << "\ncolorspaces:\n";
  for (const auto& cs : c.colorspaces) colorspace(o, cs, "to_scene_reference", "from_scene_reference");
  return o.str();
}

}  // namespace aceslab::ocioconfig
