#include <c10/core/GradMode.h>

#include <cstring>
#include <sstream>

#include "shim.h"

using namespace ser_torch;

namespace {

at::IntArrayRef dims(const int64_t* shape, int ndim) {
  if (ndim < 0) throw std::invalid_argument("negative number of dimensions");
  if (ndim > 0 && shape == nullptr) throw std::invalid_argument("null shape");
  return at::IntArrayRef(shape, static_cast<size_t>(ndim));
}

void check_bytes(const at::Tensor& t, int64_t nbytes) {
  int64_t expected = t.numel() * static_cast<int64_t>(t.element_size());
  if (expected != nbytes) {
    std::ostringstream s;
    s << "byte count mismatch: tensor " << t.sizes() << " of " << t.scalar_type() << " holds "
      << expected << " bytes, buffer has " << nbytes;
    throw std::invalid_argument(s.str());
  }
}

}  // namespace

extern "C" {

st_tensor st_tensor_empty(const int64_t* shape, int ndim, int dtype, int device_type,
                          int device_index) {
  ST_GUARD(nullptr, {
    auto options = at::TensorOptions()
                       .dtype(static_cast<at::ScalarType>(dtype))
                       .device(c10::Device(static_cast<c10::DeviceType>(device_type),
                                           static_cast<c10::DeviceIndex>(device_index)));
    return wrap(at::empty(dims(shape, ndim), options));
  })
}

st_tensor st_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape, int ndim,
                              int dtype) {
  ST_GUARD(nullptr, {
    at::Tensor t = at::empty(dims(shape, ndim),
                             at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
    check_bytes(t, nbytes);
    if (nbytes > 0) {
      if (data == nullptr) throw std::invalid_argument("null data pointer");
      std::memcpy(t.data_ptr(), data, static_cast<size_t>(nbytes));
    }
    return wrap(std::move(t));
  })
}

void st_tensor_free(st_tensor t) {
  if (t == nullptr) return;
  delete static_cast<at::Tensor*>(t);
  live_tensors.fetch_sub(1, std::memory_order_relaxed);
}

st_tensor st_tensor_alias(st_tensor t) {
  ST_GUARD(nullptr, { return wrap(T(t)); })
}

int st_tensor_ndim(st_tensor t) {
  ST_GUARD(ST_ERROR, { return static_cast<int>(T(t).dim()); })
}

int st_tensor_shape(st_tensor t, int64_t* shape, int capacity) {
  ST_GUARD(ST_ERROR, {
    auto sizes = T(t).sizes();
    int n = static_cast<int>(sizes.size());
    for (int i = 0; i < n && i < capacity; ++i) shape[i] = sizes[i];
    return n;
  })
}

int st_tensor_dtype(st_tensor t) {
  ST_GUARD(ST_ERROR, { return static_cast<int>(T(t).scalar_type()); })
}

int st_tensor_device(st_tensor t, int* device_type, int* device_index) {
  ST_GUARD(ST_ERROR, {
    auto d = T(t).device();
    *device_type = static_cast<int>(d.type());
    *device_index = static_cast<int>(d.index());
    return ST_OK;
  })
}

int64_t st_tensor_numel(st_tensor t) {
  ST_GUARD(ST_ERROR, { return T(t).numel(); })
}

int st_tensor_is_contiguous(st_tensor t) {
  ST_GUARD(ST_ERROR, { return T(t).is_contiguous() ? 1 : 0; })
}

void* st_tensor_data_ptr(st_tensor t) {
  ST_GUARD(nullptr, {
    auto& x = T(t);
    if (!x.device().is_cpu()) throw std::invalid_argument("data pointer of a non-CPU tensor");
    if (!x.is_contiguous()) throw std::invalid_argument("data pointer of a non-contiguous tensor");
    return x.data_ptr();
  })
}

int st_tensor_copy_to_host(st_tensor t, void* dst, int64_t nbytes) {
  ST_GUARD(ST_ERROR, {
    auto& x = T(t);
    check_bytes(x, nbytes);
    if (nbytes == 0) return ST_OK;
    at::Tensor src = x.device().is_cpu() ? x : x.to(at::kCPU);
    src = src.is_contiguous() ? src : src.contiguous();
    std::memcpy(dst, src.data_ptr(), static_cast<size_t>(nbytes));
    return ST_OK;
  })
}

int st_tensor_copy_from_host(st_tensor t, const void* src, int64_t nbytes) {
  ST_GUARD(ST_ERROR, {
    auto& x = T(t);
    check_bytes(x, nbytes);
    if (nbytes == 0) return ST_OK;
    c10::AutoGradMode no_grad(false);
    if (x.device().is_cpu() && x.is_contiguous()) {
      std::memcpy(x.data_ptr(), src, static_cast<size_t>(nbytes));
    } else {
      at::Tensor host = at::empty(x.sizes(), x.options().device(at::kCPU));
      std::memcpy(host.data_ptr(), src, static_cast<size_t>(nbytes));
      x.copy_(host);
    }
    return ST_OK;
  })
}

int st_tensor_copy_(st_tensor dst, st_tensor src) {
  ST_GUARD(ST_ERROR, {
    c10::AutoGradMode no_grad(false);
    T(dst).copy_(T(src));
    return ST_OK;
  })
}

int st_tensor_item_double(st_tensor t, double* value) {
  ST_GUARD(ST_ERROR, {
    *value = T(t).item<double>();
    return ST_OK;
  })
}

int st_tensor_item_int64(st_tensor t, int64_t* value) {
  ST_GUARD(ST_ERROR, {
    *value = T(t).item<int64_t>();
    return ST_OK;
  })
}

st_tensor st_tensor_to(st_tensor t, int device_type, int device_index, int dtype, int copy) {
  ST_GUARD(nullptr, {
    c10::Device device(static_cast<c10::DeviceType>(device_type),
                       static_cast<c10::DeviceIndex>(device_index));
    return wrap(T(t).to(device, static_cast<at::ScalarType>(dtype), /*non_blocking=*/false,
                        copy != 0));
  })
}

int st_tensor_to_string(st_tensor t, char* buffer, int capacity) {
  ST_GUARD(ST_ERROR, {
    std::ostringstream s;
    s << T(t);
    std::string text = s.str();
    int n = static_cast<int>(text.size());
    if (buffer != nullptr && capacity > 0) {
      int m = std::min(n, capacity - 1);
      std::memcpy(buffer, text.data(), static_cast<size_t>(m));
      buffer[m] = '\0';
    }
    return n;
  })
}

}  // extern "C"
