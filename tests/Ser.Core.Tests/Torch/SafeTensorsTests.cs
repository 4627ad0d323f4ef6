using System.Buffers.Binary;
using System.Text;
using Ser.Core.Tests.Support;
using Ser.Core.Torch;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Ser.Core.Tests.Torch;

public class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-st-").FullName;

    public SafeTensorsTests() => TorchRuntime.EnsureInitialized();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static void WriteRaw(string path, string header, byte[] data)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        using var f = File.Create(path);
        Span<byte> n = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(n, (ulong)h.Length);
        f.Write(n);
        f.Write(h);
        f.Write(data);
    }

    [Fact]
    public void ModuleStateRoundTripsExactly()
    {
        using var a = nn.Sequential(("0", nn.Conv2d(1, 2, 3)), ("1", nn.BatchNorm2d(2)), ("2", nn.Linear(3, 2)));
        using var b = nn.Sequential(("0", nn.Conv2d(1, 2, 3)), ("1", nn.BatchNorm2d(2)), ("2", nn.Linear(3, 2)));
        using (no_grad()) a.state_dict()["1.running_mean"].copy_(tensor(new float[] { 0.25f, -3f }));
        string file = PathOf("m.safetensors");
        SafeTensors.Save(a, file, new Dictionary<string, string> { ["format"] = "pt" });
        SafeTensors.LoadInto(b, file);
        foreach (var ((name, x), (_, y)) in a.state_dict().OrderBy(k => k.Key).Zip(b.state_dict().OrderBy(k => k.Key)))
        {
            Assert.True(x.allclose(y, 0, 0), name);
        }
        var (infos, meta) = SafeTensors.ReadHeader(file);
        Assert.Equal("pt", meta["format"]);
        Assert.Contains(infos, i => i.Name == "1.num_batches_tracked" && i.DType == ScalarType.Int64 && i.Shape.Length == 0);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void LoadingIntoAModuleOfAnotherShapeListsTheMismatches()
    {
        using var a = nn.Linear(4, 3);
        using var b = nn.Linear(5, 3);
        using var c = nn.Linear(4, 3, hasBias: false);
        string file = PathOf("lin.safetensors");
        SafeTensors.Save(a, file);
        var e = Assert.Throws<StateDictMismatchException>(() => SafeTensors.LoadInto(b, file));
        Assert.Contains("'weight': shape [3, 4] where the network has [3, 5]", e.Message);
        var unexpected = Assert.Throws<StateDictMismatchException>(() => SafeTensors.LoadInto(c, file));
        Assert.Contains("unexpected tensor 'bias'", unexpected.Message);
        SafeTensors.LoadInto(c, file, strict: false);
        Assert.True(c.weight!.allclose(a.weight!, 0, 0));
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", "do not hold")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", "ends at byte 24")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", "overlaps")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "not described")]
    [InlineData("{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", "unsupported dtype")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,16]}}", "invalid shape")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[9223372036854775807,4],\"data_offsets\":[0,16]}}", "too large")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", "twice")]
    [InlineData("[1,2,3]", "not a JSON object")]
    [InlineData("{\"a\":", "not valid JSON")]
    public void TamperedHeadersAreRejectedWithTheReason(string header, string reason)
    {
        string file = PathOf("bad.safetensors");
        WriteRaw(file, header, new byte[16]);
        var e = Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(file));
        Assert.Contains(reason, e.Reason);
        Assert.Equal(file, e.File);
    }

    [Fact]
    public void HugeHeaderLengthAndShortFilesAreRejected()
    {
        string file = PathOf("huge.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue / 2);
        File.WriteAllBytes(file, bytes);
        Assert.Contains("outside", Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(file)).Reason);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(file, bytes);
        Assert.Contains("exceeds the file", Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(file)).Reason);
        File.WriteAllBytes(file, new byte[3]);
        Assert.Contains("too short", Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(file)).Reason);
        Assert.Contains("cannot be opened", Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(PathOf("absent"))).Reason);
    }

    [Fact]
    public void TruncatedDataIsRejected()
    {
        using var lin = nn.Linear(8, 8);
        string file = PathOf("t.safetensors");
        SafeTensors.Save(lin, file);
        byte[] all = File.ReadAllBytes(file);
        File.WriteAllBytes(file, all[..^10]);
        Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(file));
    }

    [Fact]
    public void RandomCorruptionNeverCrashesAndNeverLoadsSilentlyWrongSizes()
    {
        using var lin = nn.Linear(4, 4);
        string file = PathOf("fuzz.safetensors");
        SafeTensors.Save(lin, file);
        byte[] good = File.ReadAllBytes(file);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(good);
        var rng = new Random(1234);
        for (int trial = 0; trial < 500; trial++)
        {
            byte[] bad = (byte[])good.Clone();
            int pos = rng.Next(0, headerEnd);
            bad[pos] = (byte)rng.Next(256);
            File.WriteAllBytes(file, bad);
            try
            {
                var t = SafeTensors.Load(file);
                Assert.Equal(16, t["weight"].numel());   // a corruption that still parses keeps the layout
                SafeTensors.DisposeAll(t);
            }
            catch (SafeTensorsException)
            {
            }
            catch (KeyNotFoundException)
            {
            }
        }
    }

    [SkippableFact]
    public void PretrainedYamnetWeightsLoad()
    {
        string? dir = SharedData.YamnetModels;
        Skip.If(dir is null, SharedData.MissingModelsMessage);
        var tensors = SafeTensors.Load(Path.Combine(dir!, "yamnet_folded_f32.safetensors"));
        try
        {
            Assert.Equal(56, tensors.Count);
            Assert.Equal(3_729_481, tensors.Values.Sum(t => t.numel()));
            Assert.Equal(new long[] { 32, 1, 3, 3 }, tensors["layer1.conv.weight"].shape);
            Assert.Equal(new long[] { 521, 1024 }, tensors["classifier.weight"].shape);
            Assert.All(tensors.Values, t => Assert.Equal(ScalarType.Float32, t.dtype));
            using var nans = tensors["classifier.weight"].isnan().sum();
            Assert.Equal(0L, nans.item<long>());
        }
        finally
        {
            SafeTensors.DisposeAll(tensors);
        }
    }
}
