// SPDX-License-Identifier: Apache-2.0
// The layering rule of DEVELOPERS.md, checked on the source tree: a file in a library's folder may
// include another library's headers only when its folder's target_link_libraries reaches that
// library (directly or through PUBLIC links), and the third-party headers of a dependency only when it
// reaches that dependency's target. The links come from the manifest CMake writes at configure time
// (build/layering.txt: "<folder> <target> <link>... | <public link>..." per line), so the rule is
// what the CMakeLists say: a folder may include what it links, and what those libraries link
// PUBLIC (a PRIVATE link, like solver/'s Ceres, stays inside its library).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace aceslab::testing {

struct LayeringLibrary {
  std::string folder;  // "color"
  std::string target;  // "aceslab_color"
  std::vector<std::string> links;          // target_link_libraries, PUBLIC and PRIVATE
  std::vector<std::string> public_links;   // what it passes on to those who link it
};

struct LayeringViolation {
  std::string where;  // "lmt/show_lut.cpp:12"
  std::string message;
};

inline std::vector<LayeringLibrary> read_layering_manifest(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<LayeringLibrary> libs;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    LayeringLibrary lib;
    if (!(words >> lib.folder >> lib.target)) continue;
    bool after_bar = false;
    for (std::string link; words >> link;) {
      if (link == "|") {
        after_bar = true;
      } else {
        (after_bar ? lib.public_links : lib.links).push_back(link);
      }
    }
    libs.push_back(std::move(lib));
  }
  return libs;
}

// Third-party header prefixes and the CMake target a folder must link to include them.
inline const std::vector<std::pair<std::string, std::string>>& third_party_headers() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      {"OpenColorIO/", "PkgConfig::OCIO"},    {"OpenImageIO/", "OpenImageIO::OpenImageIO"},
      {"ceres/", "Ceres::ceres"},             {"pugixml.hpp", "pugixml::pugixml"},
      {"libxml/", "LibXml2::LibXml2"},        {"openssl/", "OpenSSL::Crypto"},
      {"nlohmann/", "nlohmann_json::nlohmann_json"}, {"CLI/", "CLI11::CLI11"},
      {"Eigen/", "Eigen3::Eigen"},
      {"OpenEXR/", "OpenEXR::OpenEXR"},       {"Imath/", "Imath::Imath"},
      {"xxhash.h", "PkgConfig::XXHASH"},
  };
  return headers;
}

inline std::vector<LayeringViolation> check_layering(const std::filesystem::path& source_root,
                                                     const std::vector<LayeringLibrary>& libs) {
  namespace fs = std::filesystem;
  std::map<std::string, const LayeringLibrary*> by_target;
  std::map<std::string, const LayeringLibrary*> by_folder;
  for (const LayeringLibrary& lib : libs) {
    by_target[lib.target] = &lib;
    by_folder[lib.folder] = &lib;
  }
  // Everything a library reaches: its own links, and the public links of the libraries among them.
  auto reach = [&](const LayeringLibrary& start) {
    std::set<std::string> seen;
    std::vector<std::string> todo = start.links;
    while (!todo.empty()) {
      const std::string t = todo.back();
      todo.pop_back();
      if (!seen.insert(t).second) continue;
      if (auto it = by_target.find(t); it != by_target.end()) {
        todo.insert(todo.end(), it->second->public_links.begin(), it->second->public_links.end());
      }
    }
    return seen;
  };

  std::vector<LayeringViolation> out;
  static const std::regex include_re(R"(^\s*#\s*include\s*([<"])([^">]+)[">])");
  for (const LayeringLibrary& lib : libs) {
    const std::set<std::string> reached = reach(lib);
    if (reached.count(lib.target) != 0) {
      out.push_back({lib.folder + "/CMakeLists.txt", lib.target + " depends on itself through its links (a cycle)"});
    }
    const fs::path folder = source_root / lib.folder;
    if (!fs::is_directory(folder)) continue;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".h" || ext == ".cpp")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      std::ifstream in(file);
      std::string text;
      int line_no = 0;
      while (std::getline(in, text)) {
        ++line_no;
        std::smatch m;
        if (!std::regex_search(text, m, include_re)) continue;
        const std::string header = m[2];
        const std::string where = lib.folder + "/" + file.filename().string() + ":" + std::to_string(line_no);
        if (m[1] == "\"") {
          const auto slash = header.find('/');
          if (slash == std::string::npos) continue;  // same-folder include
          const std::string other = header.substr(0, slash);
          if (other == lib.folder) continue;
          const auto it = by_folder.find(other);
          if (it == by_folder.end()) {
            out.push_back({where, "includes \"" + header + "\": \"" + other + "/\" is not a library folder"});
          } else if (reached.count(it->second->target) == 0) {
            out.push_back({where, "includes \"" + header + "\" but " + lib.target + " does not depend on " +
                                      it->second->target + " (add it to target_link_libraries, if the layering allows)"});
          }
        } else {
          for (const auto& [prefix, target] : third_party_headers()) {
            if (header.rfind(prefix, 0) == 0 && reached.count(target) == 0) {
              out.push_back({where, "includes <" + header + "> but " + lib.target + " does not link " + target});
            }
          }
        }
      }
    }
  }
  return out;
}

}  // namespace aceslab::testing
