using Ser.Torch.Interop;

namespace Ser.Torch;

public sealed partial class Tensor
{
    private static Args A(Op op) => new(op);

    private Tensor Binary(int op, Tensor other, double alpha)
    {
        Tensor r = FromHandle(NativeMethods.st_binary(op, Ptr, other.Ptr, alpha));
        GC.KeepAlive(other);
        return r;
    }

    // ------------------------------------------------------------------ arithmetic

    /// <summary>this + <paramref name="other"/> (broadcasting).</summary>
    public Tensor Add(Tensor other) => Binary(0, other, 1);

    /// <summary>this + alpha · <paramref name="other"/>.</summary>
    public Tensor Add(Tensor other, double alpha) => Binary(0, other, alpha);

    /// <summary>this + <paramref name="value"/>.</summary>
    public Tensor Add(double value) => A(Aten.AddScalar).Tensor(this).Double(value).Call();

    /// <summary>In place: this += alpha · <paramref name="other"/>; returns this.</summary>
    public Tensor AddInPlace(Tensor other, double alpha = 1)
    {
        A(Aten.Add_).Tensor(this).Tensor(other).Double(alpha).CallInPlace();
        return this;
    }

    /// <summary>In place: this += <paramref name="value"/>; returns this.</summary>
    public Tensor AddInPlace(double value)
    {
        A(Aten.AddScalar_).Tensor(this).Double(value).CallInPlace();
        return this;
    }

    /// <summary>In place: this += <paramref name="value"/> (keeps integer tensors integral); returns this.</summary>
    public Tensor AddInPlace(long value)
    {
        A(Aten.AddScalar_).Tensor(this).Int(value).CallInPlace();
        return this;
    }

    /// <summary>this − <paramref name="other"/>.</summary>
    public Tensor Sub(Tensor other) => Binary(1, other, 1);

    /// <summary>this − <paramref name="value"/>.</summary>
    public Tensor Sub(double value) => A(Aten.SubScalar).Tensor(this).Double(value).Call();

    /// <summary>this · <paramref name="other"/>, element-wise.</summary>
    public Tensor Mul(Tensor other) => Binary(2, other, 1);

    /// <summary>this · <paramref name="value"/>.</summary>
    public Tensor Mul(double value) => A(Aten.MulScalar).Tensor(this).Double(value).Call();

    /// <summary>In place: this ·= <paramref name="other"/>; returns this.</summary>
    public Tensor MulInPlace(Tensor other)
    {
        A(Aten.Mul_).Tensor(this).Tensor(other).CallInPlace();
        return this;
    }

    /// <summary>In place: this ·= <paramref name="value"/>; returns this.</summary>
    public Tensor MulInPlace(double value)
    {
        A(Aten.MulScalar_).Tensor(this).Double(value).CallInPlace();
        return this;
    }

    /// <summary>this / <paramref name="other"/>, element-wise (true division).</summary>
    public Tensor Div(Tensor other) => Binary(3, other, 1);

    /// <summary>this / <paramref name="value"/>.</summary>
    public Tensor Div(double value) => A(Aten.DivScalar).Tensor(this).Double(value).Call();

    /// <summary>−this.</summary>
    public Tensor Neg() => A(Aten.Neg).Tensor(this).Call();

    /// <summary>e^x.</summary>
    public Tensor Exp() => A(Aten.Exp).Tensor(this).Call();

    /// <summary>Natural logarithm.</summary>
    public Tensor Log() => A(Aten.Log).Tensor(this).Call();

    /// <summary>ln(1 + x).</summary>
    public Tensor Log1p() => A(Aten.Log1p).Tensor(this).Call();

    /// <summary>Square root.</summary>
    public Tensor Sqrt() => A(Aten.Sqrt).Tensor(this).Call();

    /// <summary>1 / √x.</summary>
    public Tensor Rsqrt() => A(Aten.Rsqrt).Tensor(this).Call();

    /// <summary>|x|.</summary>
    public Tensor Abs() => A(Aten.Abs).Tensor(this).Call();

    /// <summary>x^<paramref name="exponent"/>.</summary>
    public Tensor Pow(double exponent) => A(Aten.PowScalar).Tensor(this).Double(exponent).Call();

    /// <summary>x^<paramref name="exponent"/>, element-wise.</summary>
    public Tensor Pow(Tensor exponent) => A(Aten.PowTensor).Tensor(this).Tensor(exponent).Call();

    /// <summary>Limits every element to [min, max] (null: no bound on that side).</summary>
    public Tensor Clamp(double? min = null, double? max = null) => A(Aten.Clamp).Tensor(this).Double(min).Double(max).Call();

    /// <summary>Element-wise maximum.</summary>
    public Tensor Maximum(Tensor other) => A(Aten.Maximum).Tensor(this).Tensor(other).Call();

    /// <summary>Element-wise minimum.</summary>
    public Tensor Minimum(Tensor other) => A(Aten.Minimum).Tensor(this).Tensor(other).Call();

    /// <summary>Matrix product with broadcasting (torch.matmul).</summary>
    public Tensor MatMul(Tensor other) => A(Aten.MatMul).Tensor(this).Tensor(other).Call();

    /// <summary>Elements of this where <paramref name="condition"/> is true, else of <paramref name="other"/>.</summary>
    public Tensor Where(Tensor condition, Tensor other) => A(Aten.Where).Tensor(condition).Tensor(this).Tensor(other).Call();

    /// <summary>A copy with <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
    public Tensor MaskedFill(Tensor mask, double value) => A(Aten.MaskedFill).Tensor(this).Tensor(mask).Double(value).Call();

    // ------------------------------------------------------------------ comparisons

    /// <summary>Element-wise ==, as a Bool tensor.</summary>
    public Tensor Eq(Tensor other) => A(Aten.Eq).Tensor(this).Tensor(other).Call();

    /// <summary>Element-wise == <paramref name="value"/>.</summary>
    public Tensor Eq(double value) => A(Aten.EqScalar).Tensor(this).Double(value).Call();

    /// <summary>Element-wise !=.</summary>
    public Tensor Ne(Tensor other) => A(Aten.Ne).Tensor(this).Tensor(other).Call();

    /// <summary>Element-wise &gt;.</summary>
    public Tensor Gt(Tensor other) => A(Aten.Gt).Tensor(this).Tensor(other).Call();

    /// <summary>Element-wise &gt; <paramref name="value"/>.</summary>
    public Tensor Gt(double value) => A(Aten.GtScalar).Tensor(this).Double(value).Call();

    /// <summary>Element-wise ≥.</summary>
    public Tensor Ge(Tensor other) => A(Aten.Ge).Tensor(this).Tensor(other).Call();

    /// <summary>Element-wise &lt;.</summary>
    public Tensor Lt(Tensor other) => A(Aten.Lt).Tensor(this).Tensor(other).Call();

    /// <summary>Element-wise &lt; <paramref name="value"/>.</summary>
    public Tensor Lt(double value) => A(Aten.LtScalar).Tensor(this).Double(value).Call();

    /// <summary>Element-wise ≤.</summary>
    public Tensor Le(Tensor other) => A(Aten.Le).Tensor(this).Tensor(other).Call();

    /// <summary>Element-wise "is NaN".</summary>
    public Tensor IsNaN() => A(Aten.IsNan).Tensor(this).Call();

    /// <summary>True when both tensors have the same shape and elements equal within the tolerances.</summary>
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8) =>
        A(Aten.AllClose).Tensor(this).Tensor(other).Double(rtol).Double(atol).CallBool();

    // ------------------------------------------------------------------ reductions

    /// <summary>Sum of all elements.</summary>
    public Tensor Sum() => A(Aten.Sum).Tensor(this).Call();

    /// <summary>Sum over <paramref name="dims"/>.</summary>
    public Tensor Sum(long[] dims, bool keepDim = false) => A(Aten.SumDim).Tensor(this).Ints(dims).Bool(keepDim).Call();

    /// <summary>Sum over one dimension.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Sum(new long[] { dim }, keepDim);

    /// <summary>Mean of all elements.</summary>
    public Tensor Mean() => A(Aten.Mean).Tensor(this).Call();

    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public Tensor Mean(long[] dims, bool keepDim = false) => A(Aten.MeanDim).Tensor(this).Ints(dims).Bool(keepDim).Call();

    /// <summary>Mean over one dimension.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Mean(new long[] { dim }, keepDim);

    /// <summary>Largest element.</summary>
    public Tensor Max() => A(Aten.Max).Tensor(this).Call();

    /// <summary>Largest elements along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false)
    {
        Tensor[] r = A(Aten.MaxDim).Tensor(this).Int(dim).Bool(keepDim).CallMany();
        return (r[0], r[1]);
    }

    /// <summary>Smallest element.</summary>
    public Tensor Min() => A(Aten.Min).Tensor(this).Call();

    /// <summary>Smallest elements along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false)
    {
        Tensor[] r = A(Aten.MinDim).Tensor(this).Int(dim).Bool(keepDim).CallMany();
        return (r[0], r[1]);
    }

    /// <summary>Index of the largest element along <paramref name="dim"/> (of the flattened tensor when null).</summary>
    public Tensor ArgMax(int? dim = null, bool keepDim = false) => A(Aten.ArgMax).Tensor(this).Int(dim).Bool(keepDim).Call();

    /// <summary>Index of the smallest element along <paramref name="dim"/> (of the flattened tensor when null).</summary>
    public Tensor ArgMin(int? dim = null, bool keepDim = false) => A(Aten.ArgMin).Tensor(this).Int(dim).Bool(keepDim).Call();

    /// <summary>Standard deviation over <paramref name="dims"/> (all when null).</summary>
    public Tensor Std(long[]? dims = null, bool unbiased = true, bool keepDim = false) =>
        (dims is null ? A(Aten.StdDim).Tensor(this).None() : A(Aten.StdDim).Tensor(this).Ints(dims)).Bool(unbiased).Bool(keepDim).Call();

    /// <summary>Variance over <paramref name="dims"/> (all when null).</summary>
    public Tensor Var(long[]? dims = null, bool unbiased = true, bool keepDim = false) =>
        (dims is null ? A(Aten.VarDim).Tensor(this).None() : A(Aten.VarDim).Tensor(this).Ints(dims)).Bool(unbiased).Bool(keepDim).Call();

    /// <summary>The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/> and their indices.</summary>
    public (Tensor Values, Tensor Indices) TopK(int k, int dim = -1, bool largest = true, bool sorted = true)
    {
        Tensor[] r = A(Aten.TopK).Tensor(this).Int(k).Int(dim).Bool(largest).Bool(sorted).CallMany();
        return (r[0], r[1]);
    }

    /// <summary>The p-norm of all elements.</summary>
    public Tensor Norm(double p = 2) => A(Aten.Norm).Tensor(this).Double(p).Call();

    // ------------------------------------------------------------------ activations

    /// <summary>max(x, 0).</summary>
    public Tensor Relu()
    {
        Tensor r = FromHandle(NativeMethods.st_relu(Ptr, 0));
        GC.KeepAlive(this);
        return r;
    }

    /// <summary>In place: max(x, 0); returns this.</summary>
    public Tensor ReluInPlace()
    {
        NativeMethods.st_tensor_free(NativeMethods.Check(NativeMethods.st_relu(Ptr, 1)));
        return this;
    }

    /// <summary>min(max(x, 0), 6).</summary>
    public Tensor Relu6() => A(Aten.Hardtanh).Tensor(this).Double(0).Double(6).Call();

    /// <summary>1 / (1 + e^−x).</summary>
    public Tensor Sigmoid() => A(Aten.Sigmoid).Tensor(this).Call();

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh() => A(Aten.Tanh).Tensor(this).Call();

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public Tensor Softmax(int dim) => A(Aten.Softmax).Tensor(this).Int(dim).Call();

    /// <summary>log(softmax) along <paramref name="dim"/>, computed stably.</summary>
    public Tensor LogSoftmax(int dim) => A(Aten.LogSoftmax).Tensor(this).Int(dim).Call();

    // ------------------------------------------------------------------ in-place fills

    /// <summary>In place: sets every element to zero; returns this.</summary>
    public Tensor ZeroInPlace()
    {
        A(Aten.Zero_).Tensor(this).CallInPlace();
        return this;
    }

    /// <summary>In place: sets every element to <paramref name="value"/>; returns this.</summary>
    public Tensor FillInPlace(double value)
    {
        A(Aten.Fill_).Tensor(this).Double(value).CallInPlace();
        return this;
    }

    /// <summary>In place: uniform random values in [from, to) from the global generator; returns this.</summary>
    public Tensor UniformInPlace(double from = 0, double to = 1)
    {
        A(Aten.Uniform_).Tensor(this).Double(from).Double(to).CallInPlace();
        return this;
    }

    /// <summary>In place: normal random values N(mean, std²); returns this.</summary>
    public Tensor NormalInPlace(double mean = 0, double std = 1)
    {
        A(Aten.Normal_).Tensor(this).Double(mean).Double(std).CallInPlace();
        return this;
    }

    // ------------------------------------------------------------------ operators

    /// <summary>Element-wise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(Tensor a, double b) => a.Add(b);
    /// <summary>Adds a scalar.</summary>
    public static Tensor operator +(double a, Tensor b) => b.Add(a);
    /// <summary>Element-wise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    /// <summary>Subtracts a scalar.</summary>
    public static Tensor operator -(Tensor a, double b) => a.Sub(b);
    /// <summary>A scalar minus each element.</summary>
    public static Tensor operator -(double a, Tensor b) => A(Aten.RSubScalar).Tensor(b).Double(a).Call();
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();
    /// <summary>Element-wise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(Tensor a, double b) => a.Mul(b);
    /// <summary>Multiplies by a scalar.</summary>
    public static Tensor operator *(double a, Tensor b) => b.Mul(a);
    /// <summary>Element-wise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    /// <summary>Divides by a scalar.</summary>
    public static Tensor operator /(Tensor a, double b) => a.Div(b);
}
