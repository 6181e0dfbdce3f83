// SPDX-License-Identifier: Apache-2.0
// Every library's public header compiles on its own and brings what its first paragraph promises.
#include "aces2/aces2.h"
#include "amf/amf.h"
#include "clf/clf.h"
#include "color/color.h"
#include "deliver/deliver.h"
#include "idt/idt.h"
#include "image/image.h"
#include "lmt/lmt.h"
#include "ocioconfig/ocioconfig.h"
#include "pipeline/pipeline.h"
#include "solver/solver.h"

#include <gtest/gtest.h>

#include <type_traits>

TEST(PublicHeaders, BringTheirMainNames) {
  namespace aces = aceslab::aces;
  EXPECT_FALSE(aces::color_spaces().empty());                      // color/color.h
  EXPECT_FALSE(aces::output_presets().empty());                    // aces2/aces2.h
  EXPECT_TRUE((std::is_class_v<aces::Pipeline>));                  // pipeline/pipeline.h
  EXPECT_TRUE((std::is_class_v<aces::ClfTransform>));              // clf/clf.h
  EXPECT_TRUE((std::is_class_v<aces::Image>));                     // image/image.h
  EXPECT_TRUE((std::is_class_v<aceslab::solver::MatrixFitResult>));  // solver/solver.h
  EXPECT_TRUE((std::is_class_v<aceslab::amf::Amf>));               // amf/amf.h
  EXPECT_TRUE((std::is_class_v<aceslab::deliver::RenderOptions>));  // deliver/deliver.h
  EXPECT_TRUE((std::is_class_v<aceslab::lmt::LmtSettings>));       // lmt/lmt.h
  EXPECT_TRUE((std::is_class_v<aceslab::idt::IdtResult>));         // idt/idt.h
  EXPECT_TRUE((std::is_class_v<aceslab::ocioconfig::OcioConfigRequest>));  // ocioconfig/ocioconfig.h
}
