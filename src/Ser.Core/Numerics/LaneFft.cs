using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ser.Core.Numerics;

/// <summary>
/// Complex forward FFT of any length n ≥ 1, computed for <see cref="Vector{T}.Count"/> independent
/// signals at once: lane l of every vector belongs to signal l. Split format (separate real and imaginary
/// arrays). Self-sorting (Stockham) mixed radix with hand-written radix-2/3/4/5 butterflies and a direct
/// DFT for other prime factors, so lengths such as 1200 or 600 need no padding. Plans are immutable and
/// thread-safe; callers supply scratch.
/// </summary>
internal sealed class LaneFft<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Stage[] _stages;

    private sealed class Stage
    {
        public int Radix;     // p
        public int M;         // sub-length / p
        public int Stride;    // s
        public int SubLength; // current n
        public T[] TwRe = [], TwIm = []; // [j * (p - 1) + (k - 1)] = exp(-2πi jk / SubLength)
        public T[] RootRe = [], RootIm = []; // generic radix: exp(-2πi r / p), r < p
    }

    public LaneFft(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        Length = n;
        var factors = Factor(n);
        var stages = new List<Stage>();
        int sub = n, stride = 1;
        foreach (int p in factors)
        {
            int m = sub / p;
            var st = new Stage { Radix = p, M = m, Stride = stride, SubLength = sub };
            st.TwRe = new T[m * (p - 1)];
            st.TwIm = new T[m * (p - 1)];
            for (int j = 0; j < m; j++)
                for (int k = 1; k < p; k++)
                {
                    double a = -2 * Math.PI * ((long)j * k % sub) / sub;
                    st.TwRe[j * (p - 1) + k - 1] = T.CreateTruncating(Math.Cos(a));
                    st.TwIm[j * (p - 1) + k - 1] = T.CreateTruncating(Math.Sin(a));
                }
            if (p > 5)
            {
                st.RootRe = new T[p];
                st.RootIm = new T[p];
                for (int r = 0; r < p; r++)
                {
                    st.RootRe[r] = T.CreateTruncating(Math.Cos(-2 * Math.PI * r / p));
                    st.RootIm[r] = T.CreateTruncating(Math.Sin(-2 * Math.PI * r / p));
                }
            }
            stages.Add(st);
            sub = m;
            stride *= p;
        }
        _stages = [.. stages];
    }

    /// <summary>Transform length.</summary>
    public int Length { get; }

    /// <summary>Radices in the order applied (4s first, then 2, 3, 5, then larger primes).</summary>
    public static List<int> Factor(int n)
    {
        var f = new List<int>();
        while (n % 4 == 0) { f.Add(4); n /= 4; }
        while (n % 2 == 0) { f.Add(2); n /= 2; }
        for (int p = 3; n > 1; p += 2)
        {
            if ((long)p * p > n) { f.Add(n); break; }
            while (n % p == 0) { f.Add(p); n /= p; }
        }
        return f;
    }

    /// <summary>
    /// Transforms re/im in place (length n each). <paramref name="scratchRe"/>/<paramref name="scratchIm"/>
    /// must also have length ≥ n.
    /// </summary>
    public void Forward(Span<Vector<T>> re, Span<Vector<T>> im, Span<Vector<T>> scratchRe, Span<Vector<T>> scratchIm)
    {
        int n = Length;
        Span<Vector<T>> xr = re[..n], xi = im[..n], yr = scratchRe[..n], yi = scratchIm[..n];
        foreach (var st in _stages)
        {
            switch (st.Radix)
            {
                case 2: Radix2(st, xr, xi, yr, yi); break;
                case 3: Radix3(st, xr, xi, yr, yi); break;
                case 4: Radix4(st, xr, xi, yr, yi); break;
                case 5: Radix5(st, xr, xi, yr, yi); break;
                default: RadixGeneric(st, xr, xi, yr, yi); break;
            }
            var tr = xr; xr = yr; yr = tr;
            var ti = xi; xi = yi; yi = ti;
        }
        if (_stages.Length % 2 == 1)
        {
            xr.CopyTo(re);
            xi.CopyTo(im);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CMul(Vector<T> ar, Vector<T> ai, T wr, T wi, out Vector<T> r, out Vector<T> i)
    {
        r = ar * wr - ai * wi;
        i = ar * wi + ai * wr;
    }

    private static void Radix2(Stage st, Span<Vector<T>> xr, Span<Vector<T>> xi, Span<Vector<T>> yr, Span<Vector<T>> yi)
    {
        ref var XR = ref MemoryMarshal.GetReference(xr); ref var XI = ref MemoryMarshal.GetReference(xi);
        ref var YR = ref MemoryMarshal.GetReference(yr); ref var YI = ref MemoryMarshal.GetReference(yi);
        int m = st.M, s = st.Stride;
        for (int j = 0; j < m; j++)
        {
            T w1r = st.TwRe[j], w1i = st.TwIm[j];
            for (int q = 0; q < s; q++)
            {
                int i0 = q + s * j, i1 = i0 + s * m;
                var ar = Unsafe.Add(ref XR, i0); var ai = Unsafe.Add(ref XI, i0); var br = Unsafe.Add(ref XR, i1); var bi = Unsafe.Add(ref XI, i1);
                int o = q + s * 2 * j;
                Unsafe.Add(ref YR, o) = ar + br; Unsafe.Add(ref YI, o) = ai + bi;
                CMul(ar - br, ai - bi, w1r, w1i, out Unsafe.Add(ref YR, o + s), out Unsafe.Add(ref YI, o + s));
            }
        }
    }

    private static void Radix4(Stage st, Span<Vector<T>> xr, Span<Vector<T>> xi, Span<Vector<T>> yr, Span<Vector<T>> yi)
    {
        ref var XR = ref MemoryMarshal.GetReference(xr); ref var XI = ref MemoryMarshal.GetReference(xi);
        ref var YR = ref MemoryMarshal.GetReference(yr); ref var YI = ref MemoryMarshal.GetReference(yi);
        int m = st.M, s = st.Stride, sm = s * m;
        for (int j = 0; j < m; j++)
        {
            int t = 3 * j;
            T w1r = st.TwRe[t], w1i = st.TwIm[t], w2r = st.TwRe[t + 1], w2i = st.TwIm[t + 1], w3r = st.TwRe[t + 2], w3i = st.TwIm[t + 2];
            int ib = s * j, ob = s * 4 * j;
            for (int q = 0; q < s; q++)
            {
                int i0 = ib + q;
                var a0r = Unsafe.Add(ref XR, i0); var a0i = Unsafe.Add(ref XI, i0);
                var a1r = Unsafe.Add(ref XR, i0 + sm); var a1i = Unsafe.Add(ref XI, i0 + sm);
                var a2r = Unsafe.Add(ref XR, i0 + 2 * sm); var a2i = Unsafe.Add(ref XI, i0 + 2 * sm);
                var a3r = Unsafe.Add(ref XR, i0 + 3 * sm); var a3i = Unsafe.Add(ref XI, i0 + 3 * sm);
                var t0r = a0r + a2r; var t0i = a0i + a2i;
                var t1r = a0r - a2r; var t1i = a0i - a2i;
                var t2r = a1r + a3r; var t2i = a1i + a3i;
                var t3r = a1r - a3r; var t3i = a1i - a3i;
                int o = ob + q;
                Unsafe.Add(ref YR, o) = t0r + t2r; Unsafe.Add(ref YI, o) = t0i + t2i;
                // b1 = t1 - i t3, b2 = t0 - t2, b3 = t1 + i t3
                CMul(t1r + t3i, t1i - t3r, w1r, w1i, out Unsafe.Add(ref YR, o + s), out Unsafe.Add(ref YI, o + s));
                CMul(t0r - t2r, t0i - t2i, w2r, w2i, out Unsafe.Add(ref YR, o + 2 * s), out Unsafe.Add(ref YI, o + 2 * s));
                CMul(t1r - t3i, t1i + t3r, w3r, w3i, out Unsafe.Add(ref YR, o + 3 * s), out Unsafe.Add(ref YI, o + 3 * s));
            }
        }
    }

    private static void Radix3(Stage st, Span<Vector<T>> xr, Span<Vector<T>> xi, Span<Vector<T>> yr, Span<Vector<T>> yi)
    {
        ref var XR = ref MemoryMarshal.GetReference(xr); ref var XI = ref MemoryMarshal.GetReference(xi);
        ref var YR = ref MemoryMarshal.GetReference(yr); ref var YI = ref MemoryMarshal.GetReference(yi);
        T C = T.CreateTruncating(-0.5), S = T.CreateTruncating(0.866025403784438647); // e^{-2πi/3} = C - iS
        int m = st.M, s = st.Stride, sm = s * m;
        for (int j = 0; j < m; j++)
        {
            int t = 2 * j;
            T w1r = st.TwRe[t], w1i = st.TwIm[t], w2r = st.TwRe[t + 1], w2i = st.TwIm[t + 1];
            int ib = s * j, ob = s * 3 * j;
            for (int q = 0; q < s; q++)
            {
                int i0 = ib + q;
                var a0r = Unsafe.Add(ref XR, i0); var a0i = Unsafe.Add(ref XI, i0);
                var a1r = Unsafe.Add(ref XR, i0 + sm); var a1i = Unsafe.Add(ref XI, i0 + sm);
                var a2r = Unsafe.Add(ref XR, i0 + 2 * sm); var a2i = Unsafe.Add(ref XI, i0 + 2 * sm);
                var sr = a1r + a2r; var si = a1i + a2i;
                var dr = a1r - a2r; var di = a1i - a2i;
                var ur = a0r + sr * C; var ui = a0i + si * C;
                // v = -i S d = S*di - i S*dr
                var vr = di * S; var vi = -dr * S;
                int o = ob + q;
                Unsafe.Add(ref YR, o) = a0r + sr; Unsafe.Add(ref YI, o) = a0i + si;
                CMul(ur + vr, ui + vi, w1r, w1i, out Unsafe.Add(ref YR, o + s), out Unsafe.Add(ref YI, o + s));
                CMul(ur - vr, ui - vi, w2r, w2i, out Unsafe.Add(ref YR, o + 2 * s), out Unsafe.Add(ref YI, o + 2 * s));
            }
        }
    }

    private static void Radix5(Stage st, Span<Vector<T>> xr, Span<Vector<T>> xi, Span<Vector<T>> yr, Span<Vector<T>> yi)
    {
        ref var XR = ref MemoryMarshal.GetReference(xr); ref var XI = ref MemoryMarshal.GetReference(xi);
        ref var YR = ref MemoryMarshal.GetReference(yr); ref var YI = ref MemoryMarshal.GetReference(yi);
        // e^{-2πik/5}: c1 = cos(2π/5), c2 = cos(4π/5), s1 = sin(2π/5), s2 = sin(4π/5)
        T C1 = T.CreateTruncating(0.309016994374947424), C2 = T.CreateTruncating(-0.809016994374947424);
        T S1 = T.CreateTruncating(0.951056516295153572), S2 = T.CreateTruncating(0.587785252292473129);
        int m = st.M, s = st.Stride, sm = s * m;
        for (int j = 0; j < m; j++)
        {
            int t = 4 * j;
            T w1r = st.TwRe[t], w1i = st.TwIm[t], w2r = st.TwRe[t + 1], w2i = st.TwIm[t + 1];
            T w3r = st.TwRe[t + 2], w3i = st.TwIm[t + 2], w4r = st.TwRe[t + 3], w4i = st.TwIm[t + 3];
            int ib = s * j, ob = s * 5 * j;
            for (int q = 0; q < s; q++)
            {
                int i0 = ib + q;
                var a0r = Unsafe.Add(ref XR, i0); var a0i = Unsafe.Add(ref XI, i0);
                var a1r = Unsafe.Add(ref XR, i0 + sm); var a1i = Unsafe.Add(ref XI, i0 + sm);
                var a2r = Unsafe.Add(ref XR, i0 + 2 * sm); var a2i = Unsafe.Add(ref XI, i0 + 2 * sm);
                var a3r = Unsafe.Add(ref XR, i0 + 3 * sm); var a3i = Unsafe.Add(ref XI, i0 + 3 * sm);
                var a4r = Unsafe.Add(ref XR, i0 + 4 * sm); var a4i = Unsafe.Add(ref XI, i0 + 4 * sm);
                var p1r = a1r + a4r; var p1i = a1i + a4i; var m1r = a1r - a4r; var m1i = a1i - a4i;
                var p2r = a2r + a3r; var p2i = a2i + a3i; var m2r = a2r - a3r; var m2i = a2i - a3i;
                var e1r = a0r + p1r * C1 + p2r * C2; var e1i = a0i + p1i * C1 + p2i * C2;
                var e2r = a0r + p1r * C2 + p2r * C1; var e2i = a0i + p1i * C2 + p2i * C1;
                // o1 = -i (S1 m1 + S2 m2), o2 = -i (S2 m1 - S1 m2); -i z = (z.im, -z.re)
                var f1r = m1r * S1 + m2r * S2; var f1i = m1i * S1 + m2i * S2;
                var f2r = m1r * S2 - m2r * S1; var f2i = m1i * S2 - m2i * S1;
                int o = ob + q;
                Unsafe.Add(ref YR, o) = a0r + p1r + p2r; Unsafe.Add(ref YI, o) = a0i + p1i + p2i;
                CMul(e1r + f1i, e1i - f1r, w1r, w1i, out Unsafe.Add(ref YR, o + s), out Unsafe.Add(ref YI, o + s));
                CMul(e2r + f2i, e2i - f2r, w2r, w2i, out Unsafe.Add(ref YR, o + 2 * s), out Unsafe.Add(ref YI, o + 2 * s));
                CMul(e2r - f2i, e2i + f2r, w3r, w3i, out Unsafe.Add(ref YR, o + 3 * s), out Unsafe.Add(ref YI, o + 3 * s));
                CMul(e1r - f1i, e1i + f1r, w4r, w4i, out Unsafe.Add(ref YR, o + 4 * s), out Unsafe.Add(ref YI, o + 4 * s));
            }
        }
    }

    private static void RadixGeneric(Stage st, Span<Vector<T>> xr, Span<Vector<T>> xi, Span<Vector<T>> yr, Span<Vector<T>> yi)
    {
        ref var XR = ref MemoryMarshal.GetReference(xr); ref var XI = ref MemoryMarshal.GetReference(xi);
        ref var YR = ref MemoryMarshal.GetReference(yr); ref var YI = ref MemoryMarshal.GetReference(yi);
        int p = st.Radix, m = st.M, s = st.Stride, sm = s * m;
        for (int j = 0; j < m; j++)
        {
            int ib = s * j, ob = s * p * j;
            for (int q = 0; q < s; q++)
            {
                int i0 = ib + q;
                for (int k = 0; k < p; k++)
                {
                    var accR = Vector<T>.Zero; var accI = Vector<T>.Zero;
                    for (int r = 0; r < p; r++)
                    {
                        int idx = (int)((long)r * k % p);
                        T wr = st.RootRe[idx], wi = st.RootIm[idx];
                        var ar = Unsafe.Add(ref XR, i0 + r * sm); var ai = Unsafe.Add(ref XI, i0 + r * sm);
                        accR += ar * wr - ai * wi;
                        accI += ar * wi + ai * wr;
                    }
                    int o = ob + q + k * s;
                    if (k == 0) { Unsafe.Add(ref YR, o) = accR; Unsafe.Add(ref YI, o) = accI; }
                    else
                    {
                        int t = j * (p - 1) + k - 1;
                        CMul(accR, accI, st.TwRe[t], st.TwIm[t], out Unsafe.Add(ref YR, o), out Unsafe.Add(ref YI, o));
                    }
                }
            }
        }
    }
}
