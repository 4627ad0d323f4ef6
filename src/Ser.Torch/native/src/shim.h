// Internal helpers of the shim: error capture and handle conversion.
#pragma once

#include <ATen/ATen.h>

#include <atomic>
#include <exception>
#include <string>

#include "ser_torch.h"

namespace ser_torch {

void set_error(const char* message);
void set_error(const std::string& message);

extern std::atomic<int64_t> live_tensors;

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
    __VA_ARGS__                                                    \
  } catch (const c10::Error& e) {                                  \
    ser_torch::set_error(e.what_without_backtrace());              \
  } catch (const std::exception& e) {                              \
    ser_torch::set_error(e.what());                                \
  } catch (...) {                                                  \
    ser_torch::set_error("unknown native exception");              \
  }                                                                \
  return sentinel;
