using System.Numerics;
using Ser.Core.Torch;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace Ser.Core.Training;

/// <summary>
/// One Adam or AdamW update of a float32 parameter in a single pass over its memory: the parameter, its gradient and
/// both moments are read once and written once. TorchSharp's (and PyTorch 1.13's) single-tensor Adam makes about eight
/// passes and two temporaries the size of the parameter; on VGGish's 72 M parameters that pass count, not arithmetic,
/// is the cost (1.8 s of a 4 s training step on one thread). <see cref="Adam"/> and <see cref="AdamW"/> are TorchSharp's
/// optimizers with this step; their type names are TorchSharp's, so their saved state is interchangeable with it.
/// </summary>
internal static class FusedAdam
{
    /// <summary>The step's scalars, as TorchSharp's Adam computes them from its options and the step count.</summary>
    internal readonly record struct Scalars(float Beta1, float Beta2, float Eps, float StepSize, float SqrtBiasCorrection2, float L2, float Decay, bool Maximize)
    {
        /// <summary>
        /// The scalars of step <paramref name="step"/> (1-based) with learning rate <paramref name="lr"/>, moment decays
        /// <paramref name="beta1"/> and <paramref name="beta2"/>, <paramref name="eps"/> and <paramref name="weightDecay"/>;
        /// <paramref name="decoupled"/> (AdamW) shrinks the parameter by 1 − lr·wd instead of adding wd·p to the gradient,
        /// <paramref name="maximize"/> ascends.
        /// </summary>
        public static Scalars For(long step, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled, bool maximize)
        {
            double correction1 = 1 - Math.Pow(beta1, step), correction2 = 1 - Math.Pow(beta2, step);
            return new Scalars((float)beta1, (float)beta2, (float)eps, (float)(lr / correction1), (float)Math.Sqrt(correction2),
                decoupled ? 0f : (float)weightDecay, decoupled ? (float)(1 - lr * weightDecay) : 1f, maximize);
        }
    }

    /// <summary>Below this many values a tensor is updated on the calling thread alone.</summary>
    private const int ParallelThreshold = 1 << 20;

    /// <summary>Updates <paramref name="p"/>, <paramref name="m"/> and <paramref name="v"/> from <paramref name="g"/>, split over <paramref name="threads"/> threads for large tensors.</summary>
    public static void Apply(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in Scalars s, int threads)
    {
        if (threads <= 1 || p.Length < ParallelThreshold)
        {
            Run(p, g, m, v, s);
            return;
        }
        unsafe
        {
            fixed (float* pp = p, gp = g, mp = m, vp = v)
            {
                var (P, G, M, V, n, scalars) = ((nint)pp, (nint)gp, (nint)mp, (nint)vp, p.Length, s);
                int chunk = (n + threads - 1) / threads;
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    int from = t * chunk, count = Math.Min(chunk, n - from);
                    if (count <= 0) return;
                    Run(new Span<float>((float*)P + from, count), new ReadOnlySpan<float>((float*)G + from, count),
                        new Span<float>((float*)M + from, count), new Span<float>((float*)V + from, count), scalars);
                });
            }
        }
    }

    /// <summary>
    /// Per value, in TorchSharp's order of operations: g' = ±g + L2·p; p ← Decay·p; m ← β1·m + (1 − β1)·g';
    /// v ← β2·v + (1 − β2)·g'²; p ← p − StepSize · m / (√v / √(1 − β2ᵗ) + ε).
    /// </summary>
    private static void Run(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in Scalars s)
    {
        float b1 = s.Beta1, c1 = 1 - s.Beta1, b2 = s.Beta2, c2 = 1 - s.Beta2, sign = s.Maximize ? -1f : 1f;
        int i = 0;
        if (Vector.IsHardwareAccelerated && p.Length >= Vector<float>.Count)
        {
            var vb1 = new Vector<float>(b1); var vc1 = new Vector<float>(c1); var vb2 = new Vector<float>(b2); var vc2 = new Vector<float>(c2);
            var vSign = new Vector<float>(sign); var vL2 = new Vector<float>(s.L2); var vDecay = new Vector<float>(s.Decay);
            var vEps = new Vector<float>(s.Eps); var vRoot = new Vector<float>(s.SqrtBiasCorrection2); var vStep = new Vector<float>(s.StepSize);
            for (int n = p.Length - Vector<float>.Count; i <= n; i += Vector<float>.Count)
            {
                var pi = new Vector<float>(p[i..]);
                var gi = new Vector<float>(g[i..]) * vSign + vL2 * pi;
                pi *= vDecay;
                var mi = new Vector<float>(m[i..]) * vb1 + vc1 * gi;
                var vi = new Vector<float>(v[i..]) * vb2 + vc2 * (gi * gi);
                var denominator = Vector.SquareRoot(vi) / vRoot + vEps;
                (pi - vStep * (mi / denominator)).CopyTo(p[i..]);
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            float pi = p[i];
            float gi = g[i] * sign + s.L2 * pi;
            pi *= s.Decay;
            float mi = m[i] * b1 + c1 * gi;
            float vi = v[i] * b2 + c2 * (gi * gi);
            p[i] = pi - s.StepSize * (mi / (MathF.Sqrt(vi) / s.SqrtBiasCorrection2 + s.Eps));
            m[i] = mi;
            v[i] = vi;
        }
    }

    /// <summary>
    /// True when the parameter, its gradient and its moments are contiguous float32 tensors in CPU memory (and there is
    /// no AMSGrad maximum to keep): the fused step can update them in place.
    /// </summary>
    public static bool CanFuse(Tensor param, Tensor? grad, Tensor m, Tensor v, Tensor? maxV) =>
        maxV is null && grad is not null && Plain(param) && Plain(grad) && Plain(m) && Plain(v);

    private static bool Plain(Tensor t) => t.device_type == TorchSharp.DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous();

    /// <summary>Values of a plain tensor (see <see cref="CanFuse"/>), writable in place.</summary>
    public static Span<float> Values(Tensor t) => PatchTensors.Floats(t);

    /// <summary>A group's hyper-parameters, as TorchSharp's Adam and AdamW options hold them.</summary>
    private readonly record struct Hyper(double LearningRate, double Beta1, double Beta2, double Eps, double WeightDecay, bool Maximize);

    /// <summary>True when every parameter with a gradient can take the fused step (its moments from <paramref name="moments"/>).</summary>
    private static bool AllFuse(IEnumerable<TorchSharp.Modules.ParamGroup> groups, Func<Parameter, (Tensor M, Tensor V, Tensor? Max)> moments) =>
        groups.SelectMany(g => g.Parameters).All(p => p.grad is null || moments(p) is var (m, v, max) && CanFuse(p, p.grad, m, v, max));

    /// <summary>
    /// The fused step of every parameter of a group that has a gradient; <paramref name="advance"/> gives its moments and
    /// its step count after incrementing it.
    /// </summary>
    private static void StepGroup(IEnumerable<Parameter> parameters, Func<Parameter, (Tensor M, Tensor V, long Step)> advance, Hyper h, bool decoupled)
    {
        int threads = TorchThreads.Count;
        foreach (var param in parameters)
        {
            if (param.grad is not { } grad) continue;
            var (m, v, step) = advance(param);
            Apply(Values(param), Values(grad), Values(m), Values(v),
                Scalars.For(step, h.LearningRate, h.Beta1, h.Beta2, h.Eps, h.WeightDecay, decoupled, h.Maximize), threads);
        }
    }

    /// <summary>
    /// TorchSharp's Adam (same options, state and saved state, so checkpoints and resumption are unchanged) whose step
    /// updates each CPU float32 parameter in one pass (<see cref="Apply"/>); anything else (a CUDA parameter, AMSGrad)
    /// takes TorchSharp's own step.
    /// </summary>
    internal sealed class Adam(IEnumerable<Parameter> parameters, double lr, double weightDecay)
        : TorchSharp.Modules.Adam(parameters, lr, weight_decay: weightDecay)
    {
        /// <inheritdoc />
        public override Tensor step(Func<Tensor>? closure = null) =>
            !AllFuse(_parameter_groups, p => ((State)_state[p.Handle]) is var s ? (s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq) : default)
                ? base.step(closure)
                : _step<ParamGroup>(group =>
                {
                    var o = (Options)group.Options;
                    StepGroup(group.Parameters, p => ((State)_state[p.Handle]) is var s ? (s.exp_avg, s.exp_avg_sq, ++s.step) : default,
                        new Hyper(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value), decoupled: false);
                }, closure);
    }

    /// <summary>TorchSharp's AdamW (decoupled weight decay) with the one-pass step of <see cref="Adam"/>.</summary>
    internal sealed class AdamW(IEnumerable<Parameter> parameters, double lr, double weightDecay)
        : TorchSharp.Modules.AdamW(parameters, lr, weight_decay: weightDecay)
    {
        /// <inheritdoc />
        public override Tensor step(Func<Tensor>? closure = null) =>
            !AllFuse(_parameter_groups, p => ((State)_state[p.Handle]) is var s ? (s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq) : default)
                ? base.step(closure)
                : _step<ParamGroup>(group =>
                {
                    var o = (Options)group.Options;
                    StepGroup(group.Parameters, p => ((State)_state[p.Handle]) is var s ? (s.exp_avg, s.exp_avg_sq, ++s.step) : default,
                        new Hyper(o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value), decoupled: true);
                }, closure);
    }
}
