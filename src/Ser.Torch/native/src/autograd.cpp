#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/variable.h>

#include <vector>

#include "shim.h"

using namespace ser_torch;

extern "C" {

int st_tensor_requires_grad(st_tensor t) {
  ST_GUARD(ST_ERROR, { return T(t).requires_grad() ? 1 : 0; })
}

int st_tensor_set_requires_grad(st_tensor t, int requires_grad) {
  ST_GUARD(ST_ERROR, {
    T(t).set_requires_grad(requires_grad != 0);
    return ST_OK;
  })
}

int st_tensor_is_leaf(st_tensor t) {
  ST_GUARD(ST_ERROR, { return T(t).is_leaf() ? 1 : 0; })
}

int st_tensor_grad(st_tensor t, st_tensor* grad) {
  ST_GUARD(ST_ERROR, {
    *grad = wrap_optional(T(t).grad());
    return ST_OK;
  })
}

int st_tensor_set_grad(st_tensor t, st_tensor grad_or_null) {
  ST_GUARD(ST_ERROR, {
    if (grad_or_null == nullptr) {
      T(t).mutable_grad().reset();
    } else {
      T(t).mutable_grad() = T(grad_or_null);
    }
    return ST_OK;
  })
}

int st_tensor_retain_grad(st_tensor t) {
  ST_GUARD(ST_ERROR, {
    T(t).retain_grad();
    return ST_OK;
  })
}

int st_tensor_backward(st_tensor t, st_tensor grad_or_null, int retain_graph, int create_graph) {
  ST_GUARD(ST_ERROR, {
    at::Tensor gradient = grad_or_null != nullptr ? T(grad_or_null) : at::Tensor();
    c10::optional<bool> retain;
    if (retain_graph >= 0) retain = retain_graph != 0;
    T(t).backward(gradient, retain, create_graph != 0);
    return ST_OK;
  })
}

st_tensor st_tensor_detach(st_tensor t) {
  ST_GUARD(nullptr, { return wrap(T(t).detach()); })
}

int st_autograd_grad(const st_tensor* outputs, int n_outputs, const st_tensor* grad_outputs,
                     const st_tensor* inputs, int n_inputs, int retain_graph, int create_graph,
                     int allow_unused, st_tensor* results) {
  ST_GUARD(ST_ERROR, {
    std::vector<at::Tensor> outs, grads, ins;
    outs.reserve(n_outputs);
    for (int i = 0; i < n_outputs; ++i) {
      outs.push_back(T(outputs[i]));
      grads.push_back(grad_outputs != nullptr && grad_outputs[i] != nullptr ? T(grad_outputs[i])
                                                                            : at::Tensor());
    }
    ins.reserve(n_inputs);
    for (int i = 0; i < n_inputs; ++i) ins.push_back(T(inputs[i]));
    c10::optional<bool> retain;
    if (retain_graph >= 0) retain = retain_graph != 0;
    auto result = torch::autograd::grad(outs, ins, grads, retain, create_graph != 0,
                                        allow_unused != 0);
    for (int i = 0; i < n_inputs; ++i) results[i] = wrap_optional(result[i]);
    return ST_OK;
  })
}

}  // extern "C"

extern "C" {

int st_tensor_set_data(st_tensor t, st_tensor data) {
  ST_GUARD(ST_ERROR, {
    T(t).set_data(T(data));
    return ST_OK;
  })
}

}  // extern "C"
