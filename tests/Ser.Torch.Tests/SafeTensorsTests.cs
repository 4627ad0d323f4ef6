using System.Buffers.Binary;
using System.Text;
using Ser.Core.Tests.Support;
using Ser.Torch;
using Ser.Torch.NN;
using Ser.Torch.Serialization;
using Xunit;

namespace Ser.Torch.Tests;

public class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ser-torch-st-").FullName;

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
        Torch.ManualSeed(9);
        using var a = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new Linear(3, 2));
        using var b = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new Linear(3, 2));
        string file = PathOf("m.safetensors");
        SafeTensors.Save(a, file, new Dictionary<string, string> { ["format"] = "pt" });
        SafeTensors.LoadInto(b, file);
        foreach (var ((name, x), (_, y)) in a.StateDict().OrderBy(k => k.Key).Zip(b.StateDict().OrderBy(k => k.Key)))
        {
            Assert.True(x.AllClose(y, 0, 0), name);
        }
        var (infos, meta) = SafeTensors.ReadHeader(file);
        Assert.Equal("pt", meta["format"]);
        Assert.Contains(infos, i => i.Name == "1.num_batches_tracked" && i.DType == DType.Int64 && i.Shape.Length == 0);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void LoadingIntoAModuleOfAnotherShapeListsTheMismatches()
    {
        using var a = new Linear(4, 3);
        using var b = new Linear(5, 3);
        string file = PathOf("lin.safetensors");
        SafeTensors.Save(a, file);
        var e = Assert.Throws<StateDictMismatchException>(() => SafeTensors.LoadInto(b, file));
        Assert.Contains("'weight': expected [3, 5] Float32, found [3, 4] Float32", e.Message);
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
        using var lin = new Linear(8, 8);
        string file = PathOf("t.safetensors");
        SafeTensors.Save(lin, file);
        byte[] all = File.ReadAllBytes(file);
        File.WriteAllBytes(file, all[..^10]);
        Assert.Throws<SafeTensorsException>(() => SafeTensors.Load(file));
    }

    [Fact]
    public void RandomCorruptionNeverCrashesAndNeverLoadsSilentlyWrongSizes()
    {
        using var lin = new Linear(4, 4);
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
                Assert.Equal(16, t["weight"].NumberOfElements);   // a corruption that still parses keeps the layout
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
            Assert.Equal(3_729_481, tensors.Values.Sum(t => t.NumberOfElements));
            Assert.Equal(new long[] { 32, 1, 3, 3 }, tensors["layer1.conv.weight"].Shape);
            Assert.Equal(new long[] { 521, 1024 }, tensors["classifier.weight"].Shape);
            Assert.All(tensors.Values, t => Assert.Equal(DType.Float32, t.DType));
            using var finite = tensors["classifier.weight"].IsNaN().Sum();
            Assert.Equal(0L, finite.Item<long>());
        }
        finally
        {
            SafeTensors.DisposeAll(tensors);
        }
    }
}
