namespace Ser.Torch;

/// <summary>Kinds of device, numbered as libtorch's <c>c10::DeviceType</c>.</summary>
public enum DeviceType
{
    /// <summary>The host processor.</summary>
    Cpu = 0,
    /// <summary>An NVIDIA GPU (needs a CUDA build of libtorch).</summary>
    Cuda = 1,
}

/// <summary>Where a tensor lives: the CPU or one CUDA GPU.</summary>
/// <param name="Type">The kind of device.</param>
/// <param name="Index">The device ordinal (-1 for "the current one"; CPU is always -1).</param>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    /// <summary>The CPU.</summary>
    public static Device Cpu => new(DeviceType.Cpu);

    /// <summary>CUDA GPU number <paramref name="index"/>; tensors moved there throw
    /// <see cref="TorchException"/> when libtorch has no CUDA support (see <see cref="Torch.IsCudaAvailable"/>).</summary>
    public static Device Cuda(int index = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new Device(DeviceType.Cuda, index);
    }

    /// <summary>"cpu" or "cuda:N", as PyTorch writes it.</summary>
    public override string ToString() =>
        Type == DeviceType.Cpu ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";
}
