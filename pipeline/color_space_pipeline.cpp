// SPDX-License-Identifier: Apache-2.0
#include "pipeline/color_space_pipeline.h"

namespace aceslab::aces {
namespace {

// Treat a derived matrix as the identity when it is one to double rounding (AP0 -> AP0, or a matrix
// times its own inverse).
constexpr double kIdentityTolerance = 1e-12;

bool is_identity(const Mat3& m) { return m.isIdentity(kIdentityTolerance); }

}  // namespace

Pipeline to_aces(const ColorSpace& cs) {
  Pipeline p;
  p.name = cs.name + " to ACES2065-1";
  p.input_descriptor = cs.name;
  p.output_descriptor = "ACES2065-1";
  if (cs.transfer != nullptr && !cs.transfer->is_identity()) {
    p.append(TransferStep{cs.transfer, Direction::forward});
  }
  const Mat3 m = cs.to_ACES2065_1();
  if (!is_identity(m)) p.append(MatrixStep{m, Vec3::Zero()});
  return p;
}

Pipeline from_aces(const ColorSpace& cs) {
  Pipeline p;
  p.name = "ACES2065-1 to " + cs.name;
  p.input_descriptor = "ACES2065-1";
  p.output_descriptor = cs.name;
  const Mat3 m = cs.from_ACES2065_1();
  if (!is_identity(m)) p.append(MatrixStep{m, Vec3::Zero()});
  if (cs.transfer != nullptr && !cs.transfer->is_identity()) {
    p.append(TransferStep{cs.transfer, Direction::inverse});
  }
  return p;
}

Pipeline conversion(const ColorSpace& from, const ColorSpace& to) {
  Pipeline p;
  p.name = from.name + " to " + to.name;
  p.input_descriptor = from.name;
  p.output_descriptor = to.name;
  if (from.id == to.id) return p;
  if (from.transfer != nullptr && !from.transfer->is_identity()) {
    p.append(TransferStep{from.transfer, Direction::forward});
  }
  const Mat3 m = to.from_ACES2065_1() * from.to_ACES2065_1();
  if (!is_identity(m)) p.append(MatrixStep{m, Vec3::Zero()});
  if (to.transfer != nullptr && !to.transfer->is_identity()) {
    p.append(TransferStep{to.transfer, Direction::inverse});
  }
  return p;
}

}  // namespace aceslab::aces
