// SPDX-License-Identifier: Apache-2.0
#include "color/transfer_function.h"

#include <string>

#include "color/error.h"
#include "color/transfer_function_catalog.h"

namespace aceslab::aces {

void TransferFunction::to_linear(std::span<float> values) const {
  for (float& v : values) v = static_cast<float>(to_linear(static_cast<double>(v)));
}

void TransferFunction::to_code(std::span<float> values) const {
  for (float& v : values) v = static_cast<float>(to_code(static_cast<double>(v)));
}

const std::vector<const TransferFunction*>& transfer_functions() {
  static const std::vector<const TransferFunction*> all = [] {
    std::vector<const TransferFunction*> list = detail::standard_transfer_functions();
    for (const TransferFunction* tf : detail::camera_transfer_functions()) list.push_back(tf);
    for (const TransferFunction* tf : detail::secondary_camera_transfer_functions()) list.push_back(tf);
    for (const TransferFunction* tf : detail::film_transfer_functions()) list.push_back(tf);
    return list;
  }();
  return all;
}

const TransferFunction& find_transfer_function(std::string_view id) {
  std::string valid;
  for (const TransferFunction* tf : transfer_functions()) {
    if (tf->id() == id) return *tf;
    if (!valid.empty()) valid += ", ";
    valid += tf->id();
  }
  throw Error(ErrorKind::usage,
              "unknown transfer function \"" + std::string(id) + "\" (valid: " + valid + ")");
}

}  // namespace aceslab::aces
