namespace Ser.Torch.NN;

/// <summary>Parameter initialisers (torch.nn.init), applied in place without autograd records.</summary>
public static class Init
{
    /// <summary>Fan-in of a weight: in-features × receptive field (dimension 1 × dimensions 2…).</summary>
    public static long FanIn(Tensor weight)
    {
        long[] shape = weight.Shape;
        if (shape.Length < 2) throw new ArgumentException("fan-in needs a weight with at least 2 dimensions", nameof(weight));
        long fan = shape[1];
        for (int i = 2; i < shape.Length; i++) fan *= shape[i];
        return fan;
    }

    /// <summary>Fan-out of a weight: out-features × receptive field.</summary>
    public static long FanOut(Tensor weight)
    {
        long[] shape = weight.Shape;
        if (shape.Length < 2) throw new ArgumentException("fan-out needs a weight with at least 2 dimensions", nameof(weight));
        long fan = shape[0];
        for (int i = 2; i < shape.Length; i++) fan *= shape[i];
        return fan;
    }

    /// <summary>U(from, to).</summary>
    public static void Uniform(Tensor t, double from, double to)
    {
        using var _ = Torch.NoGrad();
        t.UniformInPlace(from, to);
    }

    /// <summary>N(mean, std²).</summary>
    public static void Normal(Tensor t, double mean = 0, double std = 1)
    {
        using var _ = Torch.NoGrad();
        t.NormalInPlace(mean, std);
    }

    /// <summary>A constant.</summary>
    public static void Constant(Tensor t, double value)
    {
        using var _ = Torch.NoGrad();
        t.FillInPlace(value);
    }

    /// <summary>
    /// He/Kaiming uniform with leaky-ReLU slope <paramref name="a"/>: U(−b, b), b = gain·√(3 / fan_in),
    /// gain = √(2 / (1 + a²)). PyTorch's default for Linear and Conv weights is a = √5.
    /// </summary>
    public static void KaimingUniform(Tensor weight, double a = 0)
    {
        double gain = Math.Sqrt(2.0 / (1 + a * a));
        double bound = gain * Math.Sqrt(3.0 / FanIn(weight));
        Uniform(weight, -bound, bound);
    }

    /// <summary>He/Kaiming normal (fan-in mode, ReLU gain): N(0, 2 / fan_in).</summary>
    public static void KaimingNormal(Tensor weight) => Normal(weight, 0, Math.Sqrt(2.0 / FanIn(weight)));

    /// <summary>Glorot/Xavier uniform: U(−b, b), b = gain·√(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Tensor weight, double gain = 1)
    {
        double bound = gain * Math.Sqrt(6.0 / (FanIn(weight) + FanOut(weight)));
        Uniform(weight, -bound, bound);
    }

    /// <summary>PyTorch's default initialisation of a Linear/Conv layer: Kaiming uniform (a = √5) weight, U(±1/√fan_in) bias.</summary>
    public static void PyTorchDefault(Tensor weight, Tensor? bias)
    {
        KaimingUniform(weight, Math.Sqrt(5));
        if (bias is not null)
        {
            double bound = 1 / Math.Sqrt(FanIn(weight));
            Uniform(bias, -bound, bound);
        }
    }
}
