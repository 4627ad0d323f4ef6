/*
 * Ser.Torch native shim: a flat C ABI over libtorch.
 *
 * Conventions
 *  - Handles are opaque pointers to heap objects owned by the caller (st_tensor_free, ...).
 *  - No C++ exception crosses this boundary. A function that fails stores libtorch's message
 *    in a thread-local slot (st_last_error) and returns its sentinel: NULL for handles,
 *    ST_ERROR (-1) for status codes. Success clears nothing: callers check the sentinel first.
 *  - Scalar types use at::ScalarType's numbering; device types use c10::DeviceType's.
 */
#ifndef SER_TORCH_H
#define SER_TORCH_H

#include <stdint.h>

#if defined(SER_TORCH_BUILD)
#define ST_API __attribute__((visibility("default")))
#else
#define ST_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define ST_OK 0
#define ST_ERROR (-1)

typedef void* st_tensor;     /* at::Tensor* */
typedef void* st_op;         /* c10::OperatorHandle* (process lifetime) */
typedef void* st_optimizer;  /* torch::optim::Optimizer* */

/* ---- errors ------------------------------------------------------------------------ */
/* The message of the last failure on this thread, or NULL. Valid until the next failure. */
ST_API const char* st_last_error(void);
ST_API void st_clear_error(void);

/* ---- runtime ----------------------------------------------------------------------- */
ST_API int st_version(void); /* ABI version of this shim */
ST_API int st_manual_seed(uint64_t seed);
ST_API int st_set_num_threads(int n);
ST_API int st_get_num_threads(void);
ST_API int st_cuda_is_available(void);
ST_API int st_cuda_device_count(void);
/* Sets this thread's grad mode; returns the previous one (0/1) or ST_ERROR. */
ST_API int st_set_grad_enabled(int enabled);
ST_API int st_is_grad_enabled(void);
/* Number of tensor handles alive (created by this shim and not yet freed). */
ST_API int64_t st_live_tensors(void);
/* Allocator policy (glibc only; native/src/memory.cpp). retain != 0: freed blocks stay in the process
   (mmap threshold 32 MiB, trim threshold 1 GiB, top pad 64 MiB); 0: glibc's initial values (128 KiB). Returns 1
   when applied, 0 where the C library is not glibc. Applied with retain = 1 when the shim loads,
   unless SER_TORCH_MALLOC=default or glibc's malloc settings are given in the environment. */
ST_API int st_set_retain_freed_memory(int retain);
ST_API int st_get_retain_freed_memory(void);

/* ---- tensors ----------------------------------------------------------------------- */
ST_API st_tensor st_tensor_empty(const int64_t* shape, int ndim, int dtype, int device_type,
                                 int device_index);
/* Copies nbytes from data (host memory, row-major) into a new CPU tensor. */
ST_API st_tensor st_tensor_from_data(const void* data, int64_t nbytes, const int64_t* shape,
                                     int ndim, int dtype);
ST_API void st_tensor_free(st_tensor t);
/* A new handle to the same tensor (shares storage and autograd identity). */
ST_API st_tensor st_tensor_alias(st_tensor t);
ST_API int st_tensor_ndim(st_tensor t);
ST_API int st_tensor_shape(st_tensor t, int64_t* shape, int capacity);
ST_API int st_tensor_dtype(st_tensor t);
ST_API int st_tensor_device(st_tensor t, int* device_type, int* device_index);
ST_API int64_t st_tensor_numel(st_tensor t);
ST_API int st_tensor_is_contiguous(st_tensor t);
/* Host pointer to the data of a contiguous CPU tensor, or NULL (error set) otherwise. */
ST_API void* st_tensor_data_ptr(st_tensor t);
/* Copies the tensor (any device/layout) into host memory, row-major; nbytes must match. */
ST_API int st_tensor_copy_to_host(st_tensor t, void* dst, int64_t nbytes);
/* Copies host memory into the tensor in place (no autograd record); nbytes must match. */
ST_API int st_tensor_copy_from_host(st_tensor t, const void* src, int64_t nbytes);
/* In-place copy src -> dst (no autograd record), broadcasting and casting as copy_ does. */
ST_API int st_tensor_copy_(st_tensor dst, st_tensor src);
ST_API int st_tensor_item_double(st_tensor t, double* value);
ST_API int st_tensor_item_int64(st_tensor t, int64_t* value);
ST_API st_tensor st_tensor_to(st_tensor t, int device_type, int device_index, int dtype,
                              int copy);
ST_API int st_tensor_to_string(st_tensor t, char* buffer, int capacity);

/* ---- autograd ---------------------------------------------------------------------- */
ST_API int st_tensor_requires_grad(st_tensor t);
ST_API int st_tensor_set_requires_grad(st_tensor t, int requires_grad);
ST_API int st_tensor_is_leaf(st_tensor t);
/* *grad receives a new handle, or NULL when the tensor has no gradient. */
ST_API int st_tensor_grad(st_tensor t, st_tensor* grad);
ST_API int st_tensor_set_grad(st_tensor t, st_tensor grad_or_null);
ST_API int st_tensor_retain_grad(st_tensor t);
ST_API int st_tensor_backward(st_tensor t, st_tensor grad_or_null, int retain_graph,
                              int create_graph);
ST_API st_tensor st_tensor_detach(st_tensor t);
/* Replaces t's data (storage, shape, device) by data's, keeping t's identity (Tensor.data = ...). */
ST_API int st_tensor_set_data(st_tensor t, st_tensor data);
/* torch::autograd::grad; results[i] is NULL where an input is unused and allow_unused. */
ST_API int st_autograd_grad(const st_tensor* outputs, int n_outputs,
                            const st_tensor* grad_outputs /* nullable, entries nullable */,
                            const st_tensor* inputs, int n_inputs, int retain_graph,
                            int create_graph, int allow_unused, st_tensor* results);

/* ---- operators (boxed dispatch over ATen's registered schemas) -------------------- */
enum st_arg_tag {
  ST_ARG_DEFAULT = 0,     /* the schema's default value */
  ST_ARG_NONE = 1,        /* None for optional arguments */
  ST_ARG_TENSOR = 2,      /* p: st_tensor */
  ST_ARG_INT = 3,         /* i */
  ST_ARG_DOUBLE = 4,      /* d */
  ST_ARG_BOOL = 5,        /* i != 0 */
  ST_ARG_INT_LIST = 6,    /* p: const int64_t*, n */
  ST_ARG_TENSOR_LIST = 7, /* p: const st_tensor*, n */
  ST_ARG_DOUBLE_LIST = 8, /* p: const double*, n */
  ST_ARG_STRING = 9       /* p: const char* (UTF-8, NUL-terminated) */
};

typedef struct st_arg {
  int32_t tag;
  int32_t reserved;
  int64_t i;
  double d;
  const void* p;
  int64_t n;
} st_arg;

/* Finds an operator by qualified name ("aten::conv2d") and overload ("" for none). */
ST_API st_op st_op_find(const char* name, const char* overload);
/* Number of arguments in the operator's schema, or ST_ERROR. */
ST_API int st_op_num_arguments(st_op op);
/* Calls the operator with args (missing trailing arguments take their defaults). Results
   are written to results[0..capacity): tensors as ST_ARG_TENSOR (new handles), lists of
   tensors and tuples flattened, numbers as ST_ARG_INT / ST_ARG_DOUBLE / ST_ARG_BOOL.
   Returns the number of results, or ST_ERROR. */
ST_API int st_op_call(st_op op, const st_arg* args, int n_args, st_arg* results,
                      int capacity);

/* ---- typed fast paths (the operators of a forward pass; no argument boxing) ----- */
/* spatial_dims 1 or 2; stride/padding/dilation hold spatial_dims values each. */
ST_API st_tensor st_conv(st_tensor input, st_tensor weight, st_tensor bias_or_null,
                         const int64_t* stride, const int64_t* padding, const int64_t* dilation,
                         int spatial_dims, int64_t groups);
ST_API st_tensor st_linear(st_tensor input, st_tensor weight, st_tensor bias_or_null);
ST_API st_tensor st_batch_norm(st_tensor input, st_tensor weight, st_tensor bias,
                               st_tensor running_mean, st_tensor running_var, int training,
                               double momentum, double eps);
/* inplace != 0: ReLU in place, returns a new handle to the input. */
ST_API st_tensor st_relu(st_tensor input, int inplace);
ST_API st_tensor st_max_pool2d(st_tensor input, const int64_t* kernel, const int64_t* stride,
                               const int64_t* padding, int ceil_mode);
ST_API st_tensor st_adaptive_avg_pool2d(st_tensor input, const int64_t* output_size);
/* op: 0 add, 1 sub, 2 mul, 3 div; alpha scales b for add/sub. */
ST_API st_tensor st_binary(int op, st_tensor a, st_tensor b, double alpha);

/* ---- optimizers (libtorch's own implementations) ---------------------------------- */
ST_API st_optimizer st_optim_adam(const st_tensor* params, int n, double lr, double beta1,
                                  double beta2, double eps, double weight_decay, int amsgrad);
ST_API st_optimizer st_optim_adamw(const st_tensor* params, int n, double lr, double beta1,
                                   double beta2, double eps, double weight_decay, int amsgrad);
ST_API st_optimizer st_optim_sgd(const st_tensor* params, int n, double lr, double momentum,
                                 double dampening, double weight_decay, int nesterov);
ST_API void st_optim_free(st_optimizer opt);
ST_API int st_optim_step(st_optimizer opt);
ST_API int st_optim_zero_grad(st_optimizer opt, int set_to_none);
ST_API int st_optim_set_lr(st_optimizer opt, double lr);
ST_API int st_optim_get_lr(st_optimizer opt, double* lr);
/* State of parameter `index` for checkpoints. Adam/AdamW: slots 0 exp_avg, 1 exp_avg_sq,
   2 max_exp_avg_sq, *step the step count; SGD: slot 0 momentum_buffer. A slot without state
   gives NULL. */
ST_API int st_optim_get_state(st_optimizer opt, int index, int64_t* step, st_tensor* slots,
                              int n_slots);
ST_API int st_optim_set_state(st_optimizer opt, int index, int64_t step,
                              const st_tensor* slots, int n_slots);
/* torch::nn::utils::clip_grad_norm_; *total_norm receives the norm before clipping. */
ST_API int st_clip_grad_norm(const st_tensor* params, int n, double max_norm, double norm_type,
                             double* total_norm);

#ifdef __cplusplus
}
#endif
#endif /* SER_TORCH_H */
