using System.Runtime.InteropServices;

namespace Ser.Torch.Interop;

/// <summary>P/Invoke declarations of the shim's C ABI (native/include/ser_torch.h).</summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "ser_torch";

    static NativeMethods() => NativeLoader.EnsureResolver();

    [LibraryImport(Library)] internal static partial IntPtr st_last_error();
    [LibraryImport(Library)] internal static partial void st_clear_error();

    [LibraryImport(Library)] internal static partial int st_version();
    [LibraryImport(Library)] internal static partial int st_manual_seed(ulong seed);
    [LibraryImport(Library)] internal static partial int st_set_num_threads(int n);
    [LibraryImport(Library)] internal static partial int st_get_num_threads();
    [LibraryImport(Library)] internal static partial int st_cuda_is_available();
    [LibraryImport(Library)] internal static partial int st_cuda_device_count();
    [LibraryImport(Library)] internal static partial int st_set_grad_enabled(int enabled);
    [LibraryImport(Library)] internal static partial int st_is_grad_enabled();
    [LibraryImport(Library)] internal static partial long st_live_tensors();
    [LibraryImport(Library)] internal static partial int st_set_retain_freed_memory(int retain);
    [LibraryImport(Library)] internal static partial int st_get_retain_freed_memory();

    [LibraryImport(Library)] internal static partial IntPtr st_tensor_empty(long* shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr st_tensor_from_data(void* data, long nbytes, long* shape, int ndim, int dtype);
    [LibraryImport(Library)] internal static partial void st_tensor_free(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr st_tensor_alias(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_ndim(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_shape(IntPtr t, long* shape, int capacity);
    [LibraryImport(Library)] internal static partial int st_tensor_dtype(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_device(IntPtr t, int* deviceType, int* deviceIndex);
    [LibraryImport(Library)] internal static partial long st_tensor_numel(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_is_contiguous(IntPtr t);
    [LibraryImport(Library)] internal static partial void* st_tensor_data_ptr(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_copy_to_host(IntPtr t, void* dst, long nbytes);
    [LibraryImport(Library)] internal static partial int st_tensor_copy_from_host(IntPtr t, void* src, long nbytes);
    [LibraryImport(Library)] internal static partial int st_tensor_copy_(IntPtr dst, IntPtr src);
    [LibraryImport(Library)] internal static partial int st_tensor_item_double(IntPtr t, double* value);
    [LibraryImport(Library)] internal static partial int st_tensor_item_int64(IntPtr t, long* value);
    [LibraryImport(Library)] internal static partial IntPtr st_tensor_to(IntPtr t, int deviceType, int deviceIndex, int dtype, int copy);
    [LibraryImport(Library)] internal static partial int st_tensor_to_string(IntPtr t, byte* buffer, int capacity);

    [LibraryImport(Library)] internal static partial int st_tensor_requires_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_set_requires_grad(IntPtr t, int requiresGrad);
    [LibraryImport(Library)] internal static partial int st_tensor_is_leaf(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_grad(IntPtr t, IntPtr* grad);
    [LibraryImport(Library)] internal static partial int st_tensor_set_grad(IntPtr t, IntPtr gradOrNull);
    [LibraryImport(Library)] internal static partial int st_tensor_retain_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_backward(IntPtr t, IntPtr gradOrNull, int retainGraph, int createGraph);
    [LibraryImport(Library)] internal static partial IntPtr st_tensor_detach(IntPtr t);
    [LibraryImport(Library)] internal static partial int st_tensor_set_data(IntPtr t, IntPtr data);
    [LibraryImport(Library)] internal static partial int st_autograd_grad(IntPtr* outputs, int nOutputs, IntPtr* gradOutputs, IntPtr* inputs, int nInputs, int retainGraph, int createGraph, int allowUnused, IntPtr* results);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr st_op_find(string name, string overload);
    [LibraryImport(Library)] internal static partial int st_op_num_arguments(IntPtr op);
    [LibraryImport(Library)] internal static partial int st_op_call(IntPtr op, NativeArg* args, int nArgs, NativeArg* results, int capacity);

    [LibraryImport(Library)] internal static partial IntPtr st_conv(IntPtr input, IntPtr weight, IntPtr bias, long* stride, long* padding, long* dilation, int spatialDims, long groups);
    [LibraryImport(Library)] internal static partial IntPtr st_linear(IntPtr input, IntPtr weight, IntPtr bias);
    [LibraryImport(Library)] internal static partial IntPtr st_batch_norm(IntPtr input, IntPtr weight, IntPtr bias, IntPtr runningMean, IntPtr runningVar, int training, double momentum, double eps);
    [LibraryImport(Library)] internal static partial IntPtr st_relu(IntPtr input, int inplace);
    [LibraryImport(Library)] internal static partial IntPtr st_max_pool2d(IntPtr input, long* kernel, long* stride, long* padding, int ceilMode);
    [LibraryImport(Library)] internal static partial IntPtr st_adaptive_avg_pool2d(IntPtr input, long* outputSize);
    [LibraryImport(Library)] internal static partial IntPtr st_binary(int op, IntPtr a, IntPtr b, double alpha);

    [LibraryImport(Library)] internal static partial IntPtr st_optim_adam(IntPtr* parameters, int n, double lr, double beta1, double beta2, double eps, double weightDecay, int amsgrad);
    [LibraryImport(Library)] internal static partial IntPtr st_optim_adamw(IntPtr* parameters, int n, double lr, double beta1, double beta2, double eps, double weightDecay, int amsgrad);
    [LibraryImport(Library)] internal static partial IntPtr st_optim_sgd(IntPtr* parameters, int n, double lr, double momentum, double dampening, double weightDecay, int nesterov);
    [LibraryImport(Library)] internal static partial void st_optim_free(IntPtr opt);
    [LibraryImport(Library)] internal static partial int st_optim_step(IntPtr opt);
    [LibraryImport(Library)] internal static partial int st_optim_zero_grad(IntPtr opt, int setToNone);
    [LibraryImport(Library)] internal static partial int st_optim_set_lr(IntPtr opt, double lr);
    [LibraryImport(Library)] internal static partial int st_optim_get_lr(IntPtr opt, double* lr);
    [LibraryImport(Library)] internal static partial int st_optim_get_state(IntPtr opt, int index, long* step, IntPtr* slots, int nSlots);
    [LibraryImport(Library)] internal static partial int st_optim_set_state(IntPtr opt, int index, long step, IntPtr* slots, int nSlots);
    [LibraryImport(Library)] internal static partial int st_clip_grad_norm(IntPtr* parameters, int n, double maxNorm, double normType, double* totalNorm);

    /// <summary>Throws <see cref="TorchException"/> with the native message when <paramref name="status"/> is negative.</summary>
    internal static int Check(int status)
    {
        if (status < 0) throw LastError();
        return status;
    }

    /// <summary>Throws <see cref="TorchException"/> with the native message when <paramref name="handle"/> is null.</summary>
    internal static IntPtr Check(IntPtr handle)
    {
        if (handle == IntPtr.Zero) throw LastError();
        return handle;
    }

    /// <summary>The exception for this thread's last native failure.</summary>
    internal static TorchException LastError()
    {
        string? message = Marshal.PtrToStringUTF8(st_last_error());
        st_clear_error();
        return new TorchException(message ?? "libtorch reported a failure without a message");
    }
}
