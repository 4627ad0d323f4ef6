using Ser.Core.Segmentation;

namespace Ser.Core.Explanations;

/// <summary>Places per-patch maps on the clip's frame grid, averaging where patches overlap; padding frames are ignored.</summary>
internal static class PatchStitcher
{
    public static float[] Stitch(IReadOnlyList<Patch> patches, IReadOnlyList<float[]> maps, int frames, int bands)
    {
        var sum = new double[frames * bands];
        var count = new int[frames];
        for (int p = 0; p < patches.Count; p++)
        {
            Patch patch = patches[p];
            int valid = Math.Min(patch.ValidFrames, frames - patch.StartFrame);
            for (int t = 0; t < valid; t++)
            {
                int row = patch.StartFrame + t;
                count[row]++;
                for (int b = 0; b < bands; b++) sum[row * bands + b] += maps[p][t * bands + b];
            }
        }
        var result = new float[frames * bands];
        for (int t = 0; t < frames; t++)
        {
            if (count[t] == 0) continue;
            for (int b = 0; b < bands; b++) result[t * bands + b] = (float)(sum[t * bands + b] / count[t]);
        }
        return result;
    }

    /// <summary>Divides by the maximum (in place) when it is positive; returns the array.</summary>
    public static float[] NormaliseToMax(float[] map)
    {
        float max = 0;
        foreach (float v in map) max = Math.Max(max, v);
        if (max > 0)
        {
            for (int i = 0; i < map.Length; i++) map[i] /= max;
        }
        return map;
    }
}
