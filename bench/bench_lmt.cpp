// SPDX-License-Identifier: Apache-2.0
// Baking and verifying a 65^3 LMT from the shipped 33^3 show LUT (LogC3 -> Rec.709 BT.1886): the
// inverse output transform at ~275k lattice points is the cost of the bake; the verification runs
// ~68k code values through the written CLF (OpenColorIO) and the forward/inverse output transform.
// Target: bake + verify under 1 s on the 2-core build machine.
// Then a real-LUT class (lut_classes.h: the IPP2-like Log3G10 -> Rec.709 33^3 look, generated into a
// temporary folder): bake + least-squares fit + verify of its default 65^3 LMT (issue target: under
// 3 s on this 2-core machine), against point sampling of the same sandwich (--fit none, what a
// careful hand-made sandwich gives) in the same run; counters give each one's natural p99.
//
//   build-lmt/bench/bench_lmt --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "lmt/lmt_maker.h"
#include "lmt/lut_classes.h"

namespace fs = std::filesystem;
using namespace aceslab;
using namespace aceslab::lmt;

namespace {

const fs::path kSample = fs::path(ACESLAB_DATA_DIR) / "samples" / "show_logc3_to_rec709.cube";

LmtSettings settings(int cube_size) {
  LmtSettings s;
  s.lut_in = "logc3-ei800-awg3";
  s.lut_out = "rec709-bt1886-100nit";
  s.cube_size = cube_size;
  return s;
}

fs::path temp_clf() { return fs::temp_directory_path() / "aceslab_bench_lmt.clf"; }

// Bake only (no file).
void BM_Bake(benchmark::State& state) {
  const ShowLut lut = read_show_lut(kSample);
  const LmtSettings s = settings(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    LmtResult r = bake_lmt(lut, s);
    benchmark::DoNotOptimize(r.pipeline.steps.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0) * state.range(0) * state.range(0));
}
BENCHMARK(BM_Bake)->Arg(65)->Arg(129)->Unit(benchmark::kMillisecond)->UseRealTime();

// What `aceslab lmt` does: bake, write the CLF, read it back with OCIO, verify, rewrite with figures.
void BM_BakeWriteVerify(benchmark::State& state) {
  const ShowLut lut = read_show_lut(kSample);
  const LmtSettings s = settings(static_cast<int>(state.range(0)));
  double mean_dE = 0.0;
  for (auto _ : state) {
    LmtResult r = make_lmt(lut, s, temp_clf(), Overwrite::allow);
    mean_dE = r.verification->natural.delta_E_2000.mean;
  }
  state.counters["natural_mean_dE2000"] = mean_dE;
  state.counters["clf_MB"] = static_cast<double>(fs::file_size(temp_clf())) / 1e6;
  std::error_code ec;
  fs::remove(temp_clf(), ec);
}
BENCHMARK(BM_BakeWriteVerify)->Arg(65)->Arg(129)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Verification alone against an in-memory pipeline (no CLF round trip), for comparison.
void BM_VerifyInMemory(benchmark::State& state) {
  const ShowLut lut = read_show_lut(kSample);
  const LmtSettings s = settings(65);
  const LmtResult r = bake_lmt(lut, s);
  const LutEncoding enc(s.lut_in, s.lut_in_range, s.lut_out, s.lut_out_range);
  const RgbFunction lmt = [&](std::span<float> rgb) { aces::apply(r.pipeline, rgb); };
  for (auto _ : state) {
    Verification v = verify_lmt(lut, enc, lmt);
    benchmark::DoNotOptimize(v.natural.delta_E_2000.mean);
  }
}
BENCHMARK(BM_VerifyInMemory)->Unit(benchmark::kMillisecond)->UseRealTime();

ShowLut class_lut(const std::string& id) {
  const fs::path dir = fs::temp_directory_path() / "aceslab_bench_lmt_classes";
  const fs::path p = write_class_lut(find_show_lut_class(id), dir, Overwrite::allow);
  ShowLut l = read_show_lut(p);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return l;
}

const ShowLut& ipp2_class() {
  static const ShowLut lut = class_lut("ipp2_high_log3g10_rec709");
  return lut;
}

// fit 1: least-squares node values (the default), 0: point samples (--fit none); split 1: the split
// layout (the default for SDR displays), 0: merged (lmt_maker.h, Layout); neutral 1: with the
// neutral-axis table (the default, neutral_table.h), 0: without (--neutral-table none).
void BM_ClassBakeFitVerify(benchmark::State& state) {
  const ShowLut& lut = ipp2_class();
  LmtSettings s = find_show_lut_class("ipp2_high_log3g10_rec709").settings();
  s.fit = state.range(0) != 0 ? FitMode::least_squares : FitMode::none;
  s.layout = state.range(1) != 0 ? Layout::split : Layout::merged;
  s.neutral_table = state.range(2) != 0;
  double p99 = 0.0, mean = 0.0;
  for (auto _ : state) {
    LmtResult r = make_lmt(lut, s, temp_clf(), Overwrite::allow);
    p99 = r.verification->natural.delta_E_2000.p99;
    mean = r.verification->natural.delta_E_2000.mean;
  }
  state.counters["natural_mean_dE2000"] = mean;
  state.counters["natural_p99_dE2000"] = p99;
  std::error_code ec;
  fs::remove(temp_clf(), ec);
}
BENCHMARK(BM_ClassBakeFitVerify)
    ->ArgNames({"fit", "split", "neutral"})
    ->Args({1, 1, 1})
    ->Args({1, 1, 0})
    ->Args({0, 1, 1})
    ->Args({0, 1, 0})
    ->Args({1, 0, 1})
    ->Args({0, 0, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

// The HDR classes at their defaults (split 65^3, fit, neutral-axis table): hdr 0 the Rec.2100 PQ
// P3-limited class (LogC4), 1 the HLG class (BMD Film Gen5; its table is its PQ twin's after a
// 33^3 conversion, display_container.h); split 0: HLG's previous default, merged at 97^3.
void BM_HdrClassDefault(benchmark::State& state) {
  static const ShowLut pq = class_lut("pq_rec2100_logc4");
  static const ShowLut hlg = class_lut("hlg_bmdfilm");
  const bool is_hlg = state.range(0) != 0;
  LmtSettings s = find_show_lut_class(is_hlg ? "hlg_bmdfilm" : "pq_rec2100_logc4").settings();
  if (state.range(1) == 0) {
    s.layout = Layout::merged;
    s.cube_size = kDefaultCubeSizeHdr;
  }
  double p99 = 0.0, cube_p99 = 0.0;
  for (auto _ : state) {
    LmtResult r = make_lmt(is_hlg ? hlg : pq, s, temp_clf(), Overwrite::allow);
    p99 = r.verification->natural.delta_E_2000.p99;
    cube_p99 = r.verification->cube.delta_E_2000.p99;
  }
  state.counters["natural_p99_dE2000"] = p99;
  state.counters["cube_p99_dE2000"] = cube_p99;
  state.counters["clf_MB"] = static_cast<double>(fs::file_size(temp_clf())) / 1e6;
  std::error_code ec;
  fs::remove(temp_clf(), ec);
}
BENCHMARK(BM_HdrClassDefault)
    ->ArgNames({"hlg", "split"})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({1, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
