#include "shim.h"

namespace ser_torch {

namespace {
thread_local std::string last_error;
thread_local bool has_error = false;
}  // namespace

std::atomic<int64_t> live_tensors{0};
std::atomic<int> thread_settings_generation{0};

void set_error(const char* message) {
  last_error = message != nullptr ? message : "unknown native error";
  has_error = true;
}

void set_error(const std::string& message) { set_error(message.c_str()); }

}  // namespace ser_torch

extern "C" {

const char* st_last_error(void) {
  return ser_torch::has_error ? ser_torch::last_error.c_str() : nullptr;
}

void st_clear_error(void) {
  ser_torch::has_error = false;
  ser_torch::last_error.clear();
}

}  // extern "C"
