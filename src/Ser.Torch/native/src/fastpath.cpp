// Typed entry points for the operators a network forward pass calls most (convolution, linear,
// batch norm, ReLU, pooling, element-wise arithmetic): direct at:: calls, with no boxing of
// arguments. Everything else goes through st_op_call.
#include "shim.h"

using namespace ser_torch;

namespace {

c10::optional<at::Tensor> opt(st_tensor t) {
  return t != nullptr ? c10::optional<at::Tensor>(T(t)) : c10::nullopt;
}

at::IntArrayRef ints(const int64_t* p, int n) { return at::IntArrayRef(p, static_cast<size_t>(n)); }

}  // namespace

extern "C" {

st_tensor st_conv(st_tensor input, st_tensor weight, st_tensor bias, const int64_t* stride,
                  const int64_t* padding, const int64_t* dilation, int spatial_dims, int64_t groups) {
  ST_GUARD(nullptr, {
    if (spatial_dims == 2)
      return wrap(at::conv2d(T(input), T(weight), opt(bias), ints(stride, 2), ints(padding, 2),
                             ints(dilation, 2), groups));
    if (spatial_dims == 1)
      return wrap(at::conv1d(T(input), T(weight), opt(bias), ints(stride, 1), ints(padding, 1),
                             ints(dilation, 1), groups));
    throw std::invalid_argument("st_conv: spatial_dims must be 1 or 2");
  })
}

st_tensor st_linear(st_tensor input, st_tensor weight, st_tensor bias) {
  ST_GUARD(nullptr, { return wrap(at::linear(T(input), T(weight), opt(bias))); })
}

st_tensor st_batch_norm(st_tensor input, st_tensor weight, st_tensor bias, st_tensor running_mean,
                        st_tensor running_var, int training, double momentum, double eps) {
  ST_GUARD(nullptr, {
    return wrap(at::batch_norm(T(input), opt(weight), opt(bias), opt(running_mean), opt(running_var),
                               training != 0, momentum, eps, /*cudnn_enabled=*/true));
  })
}

st_tensor st_relu(st_tensor input, int inplace) {
  ST_GUARD(nullptr, {
    if (inplace != 0) {
      at::relu_(T(input));
      return wrap(T(input));
    }
    return wrap(at::relu(T(input)));
  })
}

st_tensor st_max_pool2d(st_tensor input, const int64_t* kernel, const int64_t* stride,
                        const int64_t* padding, int ceil_mode) {
  ST_GUARD(nullptr, {
    const int64_t dilation[2] = {1, 1};
    return wrap(at::max_pool2d(T(input), ints(kernel, 2), ints(stride, 2), ints(padding, 2),
                               ints(dilation, 2), ceil_mode != 0));
  })
}

st_tensor st_adaptive_avg_pool2d(st_tensor input, const int64_t* output_size) {
  ST_GUARD(nullptr, { return wrap(at::adaptive_avg_pool2d(T(input), ints(output_size, 2))); })
}

/* op: 0 add, 1 sub, 2 mul, 3 div; alpha applies to add/sub. */
st_tensor st_binary(int op, st_tensor a, st_tensor b, double alpha) {
  ST_GUARD(nullptr, {
    switch (op) {
      case 0: return wrap(at::add(T(a), T(b), alpha));
      case 1: return wrap(at::sub(T(a), T(b), alpha));
      case 2: return wrap(at::mul(T(a), T(b)));
      case 3: return wrap(at::div(T(a), T(b)));
      default: throw std::invalid_argument("st_binary: unknown operation");
    }
  })
}

}  // extern "C"
