using static Ser.Torch.Interop.NativeMethods;

namespace Ser.Torch.Optim;

/// <summary>Adam (Kingma &amp; Ba 2015) — libtorch's torch::optim::Adam; weight decay is L2 added to the gradient.</summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates the optimizer (PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay).</summary>
    public unsafe Adam(IReadOnlyList<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : base(parameters, (p, n) => st_optim_adam((IntPtr*)p, n, learningRate, beta1, beta2, eps, weightDecay, amsgrad ? 1 : 0), 3)
    {
    }
}

/// <summary>AdamW (Loshchilov &amp; Hutter 2019) — libtorch's torch::optim::AdamW; decoupled weight decay.</summary>
public sealed class AdamW : Optimizer
{
    /// <summary>Creates the optimizer (PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2).</summary>
    public unsafe AdamW(IReadOnlyList<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        : base(parameters, (p, n) => st_optim_adamw((IntPtr*)p, n, learningRate, beta1, beta2, eps, weightDecay, amsgrad ? 1 : 0), 3)
    {
    }
}

/// <summary>Stochastic gradient descent with optional momentum and Nesterov — libtorch's torch::optim::SGD.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer.</summary>
    public unsafe Sgd(IReadOnlyList<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false)
        : base(parameters, (p, n) => st_optim_sgd((IntPtr*)p, n, learningRate, momentum, dampening, weightDecay, nesterov ? 1 : 0), 1)
    {
    }
}
