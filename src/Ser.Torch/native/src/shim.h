// Internal helpers of the shim: error capture and handle conversion.
#pragma once

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <atomic>
#include <exception>
#include <string>

#include "ser_torch.h"

namespace ser_torch {

void set_error(const char* message);
void set_error(const std::string& message);

extern std::atomic<int64_t> live_tensors;

// Bumped by st_set_num_threads. libtorch's OpenMP backend keeps the intra-op thread count per OS
// thread and applies the global setting only the first time a thread uses it, so a thread that
// ran libtorch before a change (a .NET thread-pool thread) would keep the old count, and its
// results would differ in the last bits from the caller's. Every entry point re-applies it.
extern std::atomic<int> thread_settings_generation;

inline void apply_thread_settings() {
  thread_local int seen = 0;
  int now = thread_settings_generation.load(std::memory_order_acquire);
  if (seen != now) {
    seen = now;
    at::init_num_threads();
  }
}

inline at::Tensor& T(st_tensor t) {
  if (t == nullptr) throw std::invalid_argument("null tensor handle");
  return *static_cast<at::Tensor*>(t);
}

inline st_tensor wrap(at::Tensor t) {
  auto* h = new at::Tensor(std::move(t));
  live_tensors.fetch_add(1, std::memory_order_relaxed);
  return h;
}

// Wraps a possibly undefined tensor: undefined becomes NULL.
inline st_tensor wrap_optional(const at::Tensor& t) {
  return t.defined() ? wrap(t) : nullptr;
}

}  // namespace ser_torch

// Every exported function body goes through one of these: exceptions never cross the ABI.
#define ST_GUARD(sentinel, ...)                                   \
  try {                                                            \
    ser_torch::apply_thread_settings();                            \
    __VA_ARGS__                                                    \
  } catch (const c10::Error& e) {                                  \
    ser_torch::set_error(e.what_without_backtrace());              \
  } catch (const std::exception& e) {                              \
    ser_torch::set_error(e.what());                                \
  } catch (...) {                                                  \
    ser_torch::set_error("unknown native exception");              \
  }                                                                \
  return sentinel;
