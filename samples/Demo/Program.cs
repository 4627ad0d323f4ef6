// Ser.Core demo (foundation stage): reads a WAV (or generates a test utterance), computes log-mel
// spectrograms with every preset, cuts VGGish patches, writes spectrogram PNGs, and round-trips a
// fitted pipeline through a model file.
//   dotnet run --project samples/Demo -- [input.wav] [output-dir]
using System.Diagnostics;
using Ser.Core.Audio;
using Ser.Core.Features;
using Ser.Core.Imaging;
using Ser.Core.Pipeline;
using Ser.Core.Segmentation;

string? input = args.Length > 0 && args[0].Length > 0 ? args[0] : null;
string outDir = args.Length > 1 ? args[1] : Path.Combine(Environment.CurrentDirectory, "demo-output");
Directory.CreateDirectory(outDir);

AudioClip clip;
if (input is null)
{
    clip = Synthesize();
    var generated = Path.Combine(outDir, "generated.wav");
    clip.Save(generated);
    Console.WriteLine($"No input given: generated a 3 s voiced test utterance -> {generated}");
}
else
{
    try { clip = AudioClip.Load(input); }
    catch (AudioFormatException e) { Console.Error.WriteLine($"Cannot read the input: {e.Message}"); return 2; }
}
Console.WriteLine($"Input: {clip}");

var presets = new (string Name, LogMelOptions Options)[]
{
    ("Paper", LogMelOptions.Paper), ("VGGish", LogMelOptions.VGGish), ("YAMNet", LogMelOptions.YAMNet),
    ("TorchAudio", LogMelOptions.TorchAudio), ("Librosa", LogMelOptions.Librosa),
};
Console.WriteLine($"{"preset",-11} {"rate",7} {"frames",7} {"bands",6} {"min",8} {"max",8} {"ms",7}  png");
foreach (var (name, options) in presets)
{
    var sw = Stopwatch.StartNew();
    var mel = new LogMelTransform(options).Compute(clip);
    sw.Stop();
    var png = Path.Combine(outDir, $"logmel-{name}.png");
    SpectrogramImage.SavePng(mel, png);
    var d = mel.Data;
    float min = float.MaxValue, max = float.MinValue;
    foreach (var v in d) { if (v < min) min = v; if (v > max) max = v; }
    Console.WriteLine($"{name,-11} {options.SampleRate,7} {mel.Frames,7} {mel.Bins,6} {min,8:F2} {max,8:F2} {sw.Elapsed.TotalMilliseconds,7:F1}  {png}");
}

var ser = new SerContext(seed: 7);
var pipeline = ser.Transforms.LogMel(LogMelOptions.VGGish).Append(ser.Transforms.Segment(96, 48, PartialPatchPolicy.ZeroPad));
var model = pipeline.Fit([]);
var modelPath = Path.Combine(outDir, "frontend.sermodel");
ser.Model.Save(model, modelPath);
var reloaded = ser.Model.Load(modelPath);
var patches = reloaded.Transform(SerRow.FromClip(clip)).Get<IReadOnlyList<Patch>>(Columns.Patches);
Console.WriteLine($"VGGish patches (96 x 64, hop 48): {patches.Count}; starts at " +
    string.Join(", ", patches.Select(p => $"{p.StartTime:0.00} s")) + $"; pipeline saved and reloaded from {modelPath}");
return 0;

// A 3 s vowel-like signal: a glottal pulse train with falling-rising pitch shaped by three formants.
static AudioClip Synthesize()
{
    const int rate = 16000;
    var x = new float[3 * rate];
    double phase = 0;
    var formants = new (double F, double Bw)[] { (700, 110), (1220, 120), (2600, 160) };
    var state = new double[formants.Length * 2];
    for (int i = 0; i < x.Length; i++)
    {
        double t = (double)i / rate;
        double f0 = 140 + 40 * Math.Sin(2 * Math.PI * 0.5 * t);
        phase += f0 / rate;
        double excitation = phase >= 1 ? 1 : 0;
        if (phase >= 1) phase -= 1;
        double y = 0;
        for (int k = 0; k < formants.Length; k++)
        {
            double r = Math.Exp(-Math.PI * formants[k].Bw / rate), c = 2 * r * Math.Cos(2 * Math.PI * formants[k].F / rate);
            double v = excitation + c * state[2 * k] - r * r * state[2 * k + 1];
            state[2 * k + 1] = state[2 * k];
            state[2 * k] = v;
            y += v;
        }
        double envelope = Math.Min(1, Math.Min(t / 0.1, (3 - t) / 0.1));
        x[i] = (float)(0.05 * y * envelope);
    }
    return new AudioClip(x, rate, source: "generated");
}
