// libtorch's own optimizers over a list of parameter tensors.
#include <torch/types.h>

#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/sgd.h>

#include <memory>
#include <vector>

#include "shim.h"

using namespace ser_torch;

namespace {

std::vector<at::Tensor> tensors(const st_tensor* params, int n) {
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v.push_back(T(params[i]));
  return v;
}

torch::optim::Optimizer& O(st_optimizer opt) {
  if (opt == nullptr) throw std::invalid_argument("null optimizer handle");
  return *static_cast<torch::optim::Optimizer*>(opt);
}

const at::Tensor& param_at(torch::optim::Optimizer& opt, int index) {
  auto& params = opt.param_groups().at(0).params();
  if (index < 0 || static_cast<size_t>(index) >= params.size())
    throw std::out_of_range("parameter index out of range");
  return params[static_cast<size_t>(index)];
}

std::string state_key(const at::Tensor& p) {
  return c10::guts::to_string(p.unsafeGetTensorImpl());
}

template <class State>
State* find_state(torch::optim::Optimizer& opt, const at::Tensor& p) {
  auto it = opt.state().find(state_key(p));
  if (it == opt.state().end()) return nullptr;
  return static_cast<State*>(it->second.get());
}

at::Tensor slot(const st_tensor* slots, int n_slots, int i) {
  return i < n_slots && slots[i] != nullptr ? T(slots[i]).detach().clone() : at::Tensor();
}

template <class State>
void set_adam_state(torch::optim::Optimizer& opt, const at::Tensor& p, int64_t step,
                    const st_tensor* slots, int n_slots) {
  auto state = std::make_unique<State>();
  state->step(step);
  at::Tensor m = slot(slots, n_slots, 0), v = slot(slots, n_slots, 1),
             vmax = slot(slots, n_slots, 2);
  state->exp_avg(m.defined() ? m : at::zeros_like(p));
  state->exp_avg_sq(v.defined() ? v : at::zeros_like(p));
  if (vmax.defined()) state->max_exp_avg_sq(vmax);
  opt.state()[state_key(p)] = std::move(state);
}

}  // namespace

extern "C" {

st_optimizer st_optim_adam(const st_tensor* params, int n, double lr, double beta1, double beta2,
                           double eps, double weight_decay, int amsgrad) {
  ST_GUARD(nullptr, {
    auto options = torch::optim::AdamOptions(lr)
                       .betas({beta1, beta2})
                       .eps(eps)
                       .weight_decay(weight_decay)
                       .amsgrad(amsgrad != 0);
    return static_cast<torch::optim::Optimizer*>(
        new torch::optim::Adam(tensors(params, n), options));
  })
}

st_optimizer st_optim_adamw(const st_tensor* params, int n, double lr, double beta1, double beta2,
                            double eps, double weight_decay, int amsgrad) {
  ST_GUARD(nullptr, {
    auto options = torch::optim::AdamWOptions(lr)
                       .betas({beta1, beta2})
                       .eps(eps)
                       .weight_decay(weight_decay)
                       .amsgrad(amsgrad != 0);
    return static_cast<torch::optim::Optimizer*>(
        new torch::optim::AdamW(tensors(params, n), options));
  })
}

st_optimizer st_optim_sgd(const st_tensor* params, int n, double lr, double momentum,
                          double dampening, double weight_decay, int nesterov) {
  ST_GUARD(nullptr, {
    auto options = torch::optim::SGDOptions(lr)
                       .momentum(momentum)
                       .dampening(dampening)
                       .weight_decay(weight_decay)
                       .nesterov(nesterov != 0);
    return static_cast<torch::optim::Optimizer*>(
        new torch::optim::SGD(tensors(params, n), options));
  })
}

void st_optim_free(st_optimizer opt) { delete static_cast<torch::optim::Optimizer*>(opt); }

int st_optim_step(st_optimizer opt) {
  ST_GUARD(ST_ERROR, {
    O(opt).step();
    return ST_OK;
  })
}

int st_optim_zero_grad(st_optimizer opt, int set_to_none) {
  ST_GUARD(ST_ERROR, {
    for (auto& group : O(opt).param_groups()) {
      for (auto& p : group.params()) {
        if (!p.mutable_grad().defined()) continue;
        if (set_to_none != 0) {
          p.mutable_grad().reset();
        } else {
          p.mutable_grad().detach_();
          p.mutable_grad().zero_();
        }
      }
    }
    return ST_OK;
  })
}

int st_optim_set_lr(st_optimizer opt, double lr) {
  ST_GUARD(ST_ERROR, {
    for (auto& group : O(opt).param_groups()) group.options().set_lr(lr);
    return ST_OK;
  })
}

int st_optim_get_lr(st_optimizer opt, double* lr) {
  ST_GUARD(ST_ERROR, {
    *lr = O(opt).param_groups().at(0).options().get_lr();
    return ST_OK;
  })
}

int st_optim_get_state(st_optimizer opt, int index, int64_t* step, st_tensor* slots, int n_slots) {
  ST_GUARD(ST_ERROR, {
    auto& o = O(opt);
    const at::Tensor& p = param_at(o, index);
    for (int i = 0; i < n_slots; ++i) slots[i] = nullptr;
    *step = 0;
    if (dynamic_cast<torch::optim::Adam*>(&o) != nullptr) {
      if (auto* s = find_state<torch::optim::AdamParamState>(o, p)) {
        *step = s->step();
        if (n_slots > 0) slots[0] = wrap_optional(s->exp_avg());
        if (n_slots > 1) slots[1] = wrap_optional(s->exp_avg_sq());
        if (n_slots > 2) slots[2] = wrap_optional(s->max_exp_avg_sq());
      }
    } else if (dynamic_cast<torch::optim::AdamW*>(&o) != nullptr) {
      if (auto* s = find_state<torch::optim::AdamWParamState>(o, p)) {
        *step = s->step();
        if (n_slots > 0) slots[0] = wrap_optional(s->exp_avg());
        if (n_slots > 1) slots[1] = wrap_optional(s->exp_avg_sq());
        if (n_slots > 2) slots[2] = wrap_optional(s->max_exp_avg_sq());
      }
    } else if (dynamic_cast<torch::optim::SGD*>(&o) != nullptr) {
      if (auto* s = find_state<torch::optim::SGDParamState>(o, p)) {
        if (n_slots > 0) slots[0] = wrap_optional(s->momentum_buffer());
      }
    }
    return ST_OK;
  })
}

int st_optim_set_state(st_optimizer opt, int index, int64_t step, const st_tensor* slots,
                       int n_slots) {
  ST_GUARD(ST_ERROR, {
    auto& o = O(opt);
    const at::Tensor& p = param_at(o, index);
    if (dynamic_cast<torch::optim::Adam*>(&o) != nullptr) {
      set_adam_state<torch::optim::AdamParamState>(o, p, step, slots, n_slots);
    } else if (dynamic_cast<torch::optim::AdamW*>(&o) != nullptr) {
      set_adam_state<torch::optim::AdamWParamState>(o, p, step, slots, n_slots);
    } else if (dynamic_cast<torch::optim::SGD*>(&o) != nullptr) {
      at::Tensor buffer = slot(slots, n_slots, 0);
      if (buffer.defined()) {
        auto state = std::make_unique<torch::optim::SGDParamState>();
        state->momentum_buffer(buffer);
        o.state()[state_key(p)] = std::move(state);
      }
    } else {
      throw std::invalid_argument("unknown optimizer type");
    }
    return ST_OK;
  })
}

int st_clip_grad_norm(const st_tensor* params, int n, double max_norm, double norm_type,
                      double* total_norm) {
  ST_GUARD(ST_ERROR, {
    *total_norm = torch::nn::utils::clip_grad_norm_(tensors(params, n), max_norm, norm_type);
    return ST_OK;
  })
}

}  // extern "C"
