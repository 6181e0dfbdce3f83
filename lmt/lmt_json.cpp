// SPDX-License-Identifier: Apache-2.0
#include "lmt/lmt_json.h"

namespace aceslab::lmt {

nlohmann::json to_json(const ErrorStats& s) {
  return {{"count", s.count}, {"mean", s.mean}, {"p50", s.p50}, {"p95", s.p95}, {"p99", s.p99}, {"max", s.max}};
}

nlohmann::json to_json(const SetFigures& f) {
  nlohmann::json j = {{"samples", f.samples},
                      {"unreachable", f.unreachable},
                      {"uncarried", f.uncarried},
                      {"delta_e_2000", to_json(f.delta_E_2000)},
                      {"code_error_10bit", to_json(f.code_10bit)},
                      {"worst_code_value", f.worst_code}};
  if (!f.worst_label.empty()) j["worst_label"] = f.worst_label;
  return j;
}

nlohmann::json to_json(const Verification& v) {
  const auto& t = v.targets;
  return {{"natural", to_json(v.natural)},
          {"cube", to_json(v.cube)},
          {"targets",
           {{"natural_delta_e_2000_mean", t.natural_delta_E_mean},
            {"natural_delta_e_2000_p99", t.natural_delta_E_p99},
            {"natural_code_error_mean", t.natural_code_mean},
            {"natural_code_error_p99", t.natural_code_p99},
            {"cube_delta_e_2000_mean", t.cube_delta_E_mean},
            {"cube_delta_e_2000_p99", t.cube_delta_E_p99}}},
          {"lab_white_cd_m2", v.lab_white_nits},
          {"meets_targets", v.meets_targets},
          {"misses", v.misses},
          {"seconds", v.seconds}};
}

nlohmann::json to_json(const LmtResult& r, const LmtSettings& settings, const ShowLut& lut) {
  nlohmann::json j;
  j["clf"] = r.clf_path.string();
  j["aces_transform_id"] = r.metadata.aces_transform_id;
  j["aces_user_name"] = r.metadata.aces_user_name;
  j["cube_size"] = r.cube_size;
  j["shaper"] = std::string(shaper_mode_id(settings.shaper));
  j["node_space"] = std::string(node_space_id(settings.node_space));
  j["layout"] = std::string(layout_id(r.layout));
  j["lattice_nests"] = r.lattice_nests;
  j["lut"] = {{"path", lut.path().string()},
              {"title", lut.title()},
              {"format", lut.format()},
              {"lattice", lut.core_lattice_size()},
              {"shaper_1d", lut.shaper_size()}};
  j["lut_in"] = {{"id", settings.lut_in_clf.empty() ? settings.lut_in : "clf:" + settings.lut_in_clf.filename().string()},
                 {"range", std::string(code_range_id(settings.lut_in_range))}};
  if (!settings.lut_in_clf.empty()) j["lut_in"]["clf"] = settings.lut_in_clf.string();
  j["lut_out"] = {{"id", settings.lut_out}, {"range", std::string(code_range_id(settings.lut_out_range))}};
  if (!settings.lut_out_encoding.empty()) j["lut_out"]["encoding"] = settings.lut_out_encoding;
  if (!settings.aces1_output.empty()) j["aces1_output"] = settings.aces1_output;
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : r.pipeline.steps) steps.push_back(aces::describe(s));
  j["steps"] = steps;
  j["bake_seconds"] = r.bake_seconds;
  if (r.fit) {
    const LatticeFitReport& f = *r.fit;
    j["node_values"] = {{"method", r.fitted() ? "least-squares" : "point-samples"},
                        {"samples", f.samples},
                        {"samples_used", f.samples_used},
                        {"iterations", {f.iterations[0], f.iterations[1], f.iterations[2]}},
                        {"converged", f.converged},
                        {"max_change", f.max_change},
                        {"bounded", f.bounded},
                        {"seconds", f.seconds}};
    if (r.rejected_fit_verification) {
      j["node_values"]["fit_rejected"] = true;
      j["node_values"]["note"] = r.fit_note;
    }
  } else {
    j["node_values"] = {{"method", "point-samples"}};
    if (!r.fit_note.empty()) j["node_values"]["note"] = r.fit_note;
  }
  if (r.neutral_table) {
    const NeutralTable& n = *r.neutral_table;
    j["neutral_table"] = {{"nodes", n.nodes},           {"corrected", n.corrected},
                          {"unsolved", n.unsolved},     {"tube", n.tube},
                          {"max_correction", n.max_correction}, {"seconds", n.seconds}};
  } else if (!r.neutral_note.empty()) {
    j["neutral_table"] = {{"rejected", true}, {"note", r.neutral_note}};
  } else {
    j["neutral_table"] = nullptr;
  }
  if (r.verification) j["verification"] = to_json(*r.verification);
  if (r.without_neutral_verification) j["verification_without_neutral_table"] = to_json(*r.without_neutral_verification);
  if (r.rejected_neutral_verification) j["verification_rejected_neutral_table"] = to_json(*r.rejected_neutral_verification);
  if (r.point_verification) j["verification_point_samples"] = to_json(*r.point_verification);
  if (r.rejected_fit_verification) j["verification_rejected_fit"] = to_json(*r.rejected_fit_verification);
  if (r.cdl) {
    const auto& c = *r.cdl;
    const auto v = [](const Eigen::Vector3d& x) { return nlohmann::json::array({x[0], x[1], x[2]}); };
    j["cdl"] = {{"file", settings.cdl_path.string()},
                {"working_space", "acescct"},
                {"slope", v(c.fit.cdl.slope)},
                {"offset", v(c.fit.cdl.offset)},
                {"power", v(c.fit.cdl.power)},
                {"saturation", c.fit.cdl.saturation},
                {"verdict", c.verdict},
                {"natural_vs_lut", to_json(c.vs_lut)},
                {"natural_vs_lmt_delta_e_2000", to_json(c.vs_lmt)}};
  }
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& f : r.lut_checks) checks.push_back({{"id", f.id}, {"message", f.message}});
  j["lut_checks"] = checks;
  j["warnings"] = r.warnings;
  return j;
}

}  // namespace aceslab::lmt
