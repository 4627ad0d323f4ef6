using Ser.Core.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ser.Core.Tests.Torch;

public class TorchRuntimeTests
{
    [Fact]
    public void DevicesParseAndCudaIsRefusedWhereLibtorchHasNone()
    {
        Assert.Equal(DeviceType.CPU, TorchRuntime.Parse(null).type);
        Assert.Equal(DeviceType.CPU, TorchRuntime.Parse("CPU").type);
        Assert.Contains("unknown device", Assert.Throws<ArgumentException>(() => TorchRuntime.Parse("tpu")).Message);
        if (!TorchRuntime.IsCudaAvailable)
        {
            Assert.Contains("no CUDA", Assert.Throws<ArgumentException>(() => TorchRuntime.Parse("cuda")).Message);
            Assert.Equal(DeviceType.CPU, TorchRuntime.Best.type);
        }
        else
        {
            Assert.Equal(DeviceType.CUDA, TorchRuntime.Parse("cuda:0").type);
        }
    }
}
