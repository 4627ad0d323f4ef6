using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Ser.Core.Torch;

/// <summary>
/// Batch normalisation in training mode over contiguous float32 (N, C, H, W) memory, one channel at a time: the
/// forward pass reads the input once for its statistics and normalises the channel while it is still in cache; the
/// backward pass reads input and gradient once for its two sums and writes the input's gradient while they are still in
/// cache. libtorch 2.10's CPU kernel reads each twice from memory and accumulates the statistics one value at a time in
/// double precision. Statistics: per plane (H × W values, in L1) its mean and its sum of squared deviations, the planes
/// combined in double precision (Chan et al.), so a large mean does not cancel the variance.
/// </summary>
internal static unsafe class BatchNormKernel
{
    /// <summary>
    /// y = (x − mean) / √(var + eps) · weight + bias per channel, with the batch's mean, 1 / √(var + eps) and biased
    /// variance written to <paramref name="mean"/>, <paramref name="invStd"/> and <paramref name="variance"/> (C each).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(float* x, float* y, int batch, int channels, int plane, float* weight, float* bias, double eps,
        float* mean, float* invStd, float* variance)
    {
        for (int c = 0; c < channels; c++)
        {
            double count = 0, m = 0, m2 = 0;
            for (int n = 0; n < batch; n++)
            {
                var p = new ReadOnlySpan<float>(x + ((long)n * channels + c) * plane, plane);
                float planeMean = TensorPrimitives.Sum(p) / plane;
                double delta = planeMean - m, total = count + plane;
                m += delta * plane / total;
                m2 += SquaredDeviations(p, planeMean) + delta * delta * count * plane / total;
                count = total;
            }
            double var = m2 / count, inv = 1 / Math.Sqrt(var + eps);
            mean[c] = (float)m;
            invStd[c] = (float)inv;
            variance[c] = (float)var;
            float alpha = (float)(inv * weight[c]), beta = (float)(bias[c] - m * inv * weight[c]);
            for (int n = 0; n < batch; n++)
            {
                long offset = ((long)n * channels + c) * plane;
                Affine(new ReadOnlySpan<float>(x + offset, plane), alpha, beta, new Span<float>(y + offset, plane));
            }
        }
    }

    /// <summary>
    /// The gradients of <see cref="Forward"/>: dx into <paramref name="dx"/>, dweight and dbias (C each), from the
    /// input, the output's gradient and the forward pass's mean and 1 / √(var + eps).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(float* x, float* dy, float* dx, int batch, int channels, int plane, float* weight,
        float* mean, float* invStd, float* gradWeight, float* gradBias)
    {
        for (int c = 0; c < channels; c++)
        {
            float mu = mean[c];
            double sum = 0, dot = 0;
            for (int n = 0; n < batch; n++)
            {
                long offset = ((long)n * channels + c) * plane;
                var (s, d) = SumAndDot(new ReadOnlySpan<float>(dy + offset, plane), new ReadOnlySpan<float>(x + offset, plane), mu);
                sum += s;
                dot += d;
            }
            double inv = invStd[c], count = (double)batch * plane;
            gradWeight[c] = (float)(dot * inv);
            gradBias[c] = (float)sum;
            // dx = (dy − mean(dy) − (x − mean) · k) · scale, k = dot / count · inv², scale = inv · weight
            float k = (float)(dot / count * inv * inv), meanDy = (float)(sum / count), scale = (float)(inv * weight[c]);
            for (int n = 0; n < batch; n++)
            {
                long offset = ((long)n * channels + c) * plane;
                InputGradient(new ReadOnlySpan<float>(dy + offset, plane), new ReadOnlySpan<float>(x + offset, plane),
                    new Span<float>(dx + offset, plane), mu, k, meanDy, scale);
            }
        }
    }

    /// <summary>y = x · alpha + beta.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Affine(ReadOnlySpan<float> x, float alpha, float beta, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var va = new Vector<float>(alpha);
            var vb = new Vector<float>(beta);
            for (int last = x.Length - Vector<float>.Count; i <= last; i += Vector<float>.Count) (new Vector<float>(x[i..]) * va + vb).CopyTo(y[i..]);
        }
        for (; i < x.Length; i++) y[i] = x[i] * alpha + beta;
    }

    /// <summary>Σ (x − mean)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float SquaredDeviations(ReadOnlySpan<float> x, float mean)
    {
        int i = 0;
        float total = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var vm = new Vector<float>(mean);
            var acc = Vector<float>.Zero;
            for (int last = x.Length - Vector<float>.Count; i <= last; i += Vector<float>.Count)
            {
                var d = new Vector<float>(x[i..]) - vm;
                acc += d * d;
            }
            total = Vector.Sum(acc);
        }
        for (; i < x.Length; i++)
        {
            float d = x[i] - mean;
            total += d * d;
        }
        return total;
    }

    /// <summary>(Σ dy, Σ dy · (x − mean)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float Sum, float Dot) SumAndDot(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, float mean)
    {
        int i = 0;
        float sum = 0, dot = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var vm = new Vector<float>(mean);
            var s = Vector<float>.Zero;
            var d = Vector<float>.Zero;
            for (int last = x.Length - Vector<float>.Count; i <= last; i += Vector<float>.Count)
            {
                var g = new Vector<float>(dy[i..]);
                s += g;
                d += g * (new Vector<float>(x[i..]) - vm);
            }
            sum = Vector.Sum(s);
            dot = Vector.Sum(d);
        }
        for (; i < x.Length; i++)
        {
            sum += dy[i];
            dot += dy[i] * (x[i] - mean);
        }
        return (sum, dot);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputGradient(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dx, float mean, float k, float meanDy, float scale)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var vm = new Vector<float>(mean);
            var vk = new Vector<float>(k);
            var vg = new Vector<float>(meanDy);
            var vs = new Vector<float>(scale);
            for (int last = x.Length - Vector<float>.Count; i <= last; i += Vector<float>.Count)
            {
                ((new Vector<float>(dy[i..]) - vg - (new Vector<float>(x[i..]) - vm) * vk) * vs).CopyTo(dx[i..]);
            }
        }
        for (; i < x.Length; i++) dx[i] = (dy[i] - meanDy - (x[i] - mean) * k) * scale;
    }
}
