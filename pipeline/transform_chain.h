// SPDX-License-Identifier: Apache-2.0
// An ordered chain of heterogeneous colour transforms applied to RGB buffers: aceslab pipelines
// (which may contain output transforms) and CLF files evaluated by OpenColorIO. It is what the CLI's
// `apply` runs and what applying an AMF recipe produces. Stages are shared and immutable, so one
// chain serves many threads.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace aceslab::aces {

class TransformChain {
 public:
  using Function = std::function<void(std::span<float>)>;

  // Appends a stage; `label` is shown by describe() ("CLF look.clf", "Output Rec709 100 nit").
  void add(std::string label, Function function);
  void add(std::string label, Pipeline pipeline);

  bool empty() const { return m_stages.empty(); }
  std::vector<std::string> describe() const;

  // Applies every stage in order, in place. `threads` 0 = all cores; the buffer is split into
  // contiguous chunks of whole triplets, each chunk running the full chain.
  // `progress`, if set, is called from the calling thread with (done, total) triplets.
  void apply(std::span<float> rgb, unsigned threads = 1,
             const std::function<void(std::size_t, std::size_t)>& progress = {}) const;

 private:
  struct Stage {
    std::string label;
    Function function;
  };
  std::vector<Stage> m_stages;
};

}  // namespace aceslab::aces
