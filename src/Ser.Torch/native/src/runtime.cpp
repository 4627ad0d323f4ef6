#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>
#include <torch/cuda.h>
#include <torch/utils.h>

#include "shim.h"

using namespace ser_torch;

extern "C" {

int st_version(void) { return 1; }

int st_manual_seed(uint64_t seed) {
  ST_GUARD(ST_ERROR, {
    torch::manual_seed(seed);
    return ST_OK;
  })
}

int st_set_num_threads(int n) {
  ST_GUARD(ST_ERROR, {
    at::set_num_threads(n);
    thread_settings_generation.fetch_add(1, std::memory_order_acq_rel);
    return ST_OK;
  })
}

int st_get_num_threads(void) {
  ST_GUARD(ST_ERROR, { return at::get_num_threads(); })
}

int st_cuda_is_available(void) {
  ST_GUARD(0, { return torch::cuda::is_available() ? 1 : 0; })
}

int st_cuda_device_count(void) {
  ST_GUARD(0, { return static_cast<int>(torch::cuda::device_count()); })
}

int st_set_grad_enabled(int enabled) {
  ST_GUARD(ST_ERROR, {
    bool previous = c10::GradMode::is_enabled();
    c10::GradMode::set_enabled(enabled != 0);
    return previous ? 1 : 0;
  })
}

int st_is_grad_enabled(void) { return c10::GradMode::is_enabled() ? 1 : 0; }

int64_t st_live_tensors(void) { return live_tensors.load(std::memory_order_relaxed); }

}  // extern "C"
