using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ser.Core.Numerics;

/// <summary>
/// Complex forward FFT of any length n ≥ 1, computed for <see cref="Vector{T}.Count"/> independent
/// signals at once: lane l of every vector belongs to signal l. Split format (separate real and imaginary
/// arrays). Self-sorting (Stockham) mixed radix with hand-written radix-2/3/4/5 butterflies and a direct
/// DFT for other prime factors, so lengths such as 1200 or 600 need no padding. Plans are immutable and
/// thread-safe; callers supply scratch.
/// </summary>
internal sealed class LaneFft
{
    private readonly Stage[] _stages;

    private sealed class Stage
    {
        public int Radix;     // p
        public int M;         // sub-length / p
        public int Stride;    // s
        public int SubLength; // current n
        public float[] TwRe = [], TwIm = []; // [j * (p - 1) + (k - 1)] = exp(-2πi jk / SubLength)
        public float[] RootRe = [], RootIm = []; // generic radix: exp(-2πi r / p), r < p
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
            st.TwRe = new float[m * (p - 1)];
            st.TwIm = new float[m * (p - 1)];
            for (int j = 0; j < m; j++)
                for (int k = 1; k < p; k++)
                {
                    double a = -2 * Math.PI * ((long)j * k % sub) / sub;
                    st.TwRe[j * (p - 1) + k - 1] = (float)Math.Cos(a);
                    st.TwIm[j * (p - 1) + k - 1] = (float)Math.Sin(a);
                }
            if (p > 5)
            {
                st.RootRe = new float[p];
                st.RootIm = new float[p];
                for (int r = 0; r < p; r++)
                {
                    st.RootRe[r] = (float)Math.Cos(-2 * Math.PI * r / p);
                    st.RootIm[r] = (float)Math.Sin(-2 * Math.PI * r / p);
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
    public void Forward(Span<Vector<float>> re, Span<Vector<float>> im, Span<Vector<float>> scratchRe, Span<Vector<float>> scratchIm)
    {
        int n = Length;
        Span<Vector<float>> xr = re[..n], xi = im[..n], yr = scratchRe[..n], yi = scratchIm[..n];
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
    private static void CMul(Vector<float> ar, Vector<float> ai, float wr, float wi, out Vector<float> r, out Vector<float> i)
    {
        r = ar * wr - ai * wi;
        i = ar * wi + ai * wr;
    }

    private static void Radix2(Stage st, Span<Vector<float>> xr, Span<Vector<float>> xi, Span<Vector<float>> yr, Span<Vector<float>> yi)
    {
        int m = st.M, s = st.Stride;
        for (int j = 0; j < m; j++)
        {
            float w1r = st.TwRe[j], w1i = st.TwIm[j];
            for (int q = 0; q < s; q++)
            {
                int i0 = q + s * j, i1 = i0 + s * m;
                var ar = xr[i0]; var ai = xi[i0]; var br = xr[i1]; var bi = xi[i1];
                int o = q + s * 2 * j;
                yr[o] = ar + br; yi[o] = ai + bi;
                CMul(ar - br, ai - bi, w1r, w1i, out yr[o + s], out yi[o + s]);
            }
        }
    }

    private static void Radix4(Stage st, Span<Vector<float>> xr, Span<Vector<float>> xi, Span<Vector<float>> yr, Span<Vector<float>> yi)
    {
        int m = st.M, s = st.Stride, sm = s * m;
        for (int j = 0; j < m; j++)
        {
            int t = 3 * j;
            float w1r = st.TwRe[t], w1i = st.TwIm[t], w2r = st.TwRe[t + 1], w2i = st.TwIm[t + 1], w3r = st.TwRe[t + 2], w3i = st.TwIm[t + 2];
            int ib = s * j, ob = s * 4 * j;
            for (int q = 0; q < s; q++)
            {
                int i0 = ib + q;
                var a0r = xr[i0]; var a0i = xi[i0];
                var a1r = xr[i0 + sm]; var a1i = xi[i0 + sm];
                var a2r = xr[i0 + 2 * sm]; var a2i = xi[i0 + 2 * sm];
                var a3r = xr[i0 + 3 * sm]; var a3i = xi[i0 + 3 * sm];
                var t0r = a0r + a2r; var t0i = a0i + a2i;
                var t1r = a0r - a2r; var t1i = a0i - a2i;
                var t2r = a1r + a3r; var t2i = a1i + a3i;
                var t3r = a1r - a3r; var t3i = a1i - a3i;
                int o = ob + q;
                yr[o] = t0r + t2r; yi[o] = t0i + t2i;
                // b1 = t1 - i t3, b2 = t0 - t2, b3 = t1 + i t3
                CMul(t1r + t3i, t1i - t3r, w1r, w1i, out yr[o + s], out yi[o + s]);
                CMul(t0r - t2r, t0i - t2i, w2r, w2i, out yr[o + 2 * s], out yi[o + 2 * s]);
                CMul(t1r - t3i, t1i + t3r, w3r, w3i, out yr[o + 3 * s], out yi[o + 3 * s]);
            }
        }
    }

    private static void Radix3(Stage st, Span<Vector<float>> xr, Span<Vector<float>> xi, Span<Vector<float>> yr, Span<Vector<float>> yi)
    {
        const float C = -0.5f, S = 0.866025403784438647f; // e^{-2πi/3} = C - iS
        int m = st.M, s = st.Stride, sm = s * m;
        for (int j = 0; j < m; j++)
        {
            int t = 2 * j;
            float w1r = st.TwRe[t], w1i = st.TwIm[t], w2r = st.TwRe[t + 1], w2i = st.TwIm[t + 1];
            int ib = s * j, ob = s * 3 * j;
            for (int q = 0; q < s; q++)
            {
                int i0 = ib + q;
                var a0r = xr[i0]; var a0i = xi[i0];
                var a1r = xr[i0 + sm]; var a1i = xi[i0 + sm];
                var a2r = xr[i0 + 2 * sm]; var a2i = xi[i0 + 2 * sm];
                var sr = a1r + a2r; var si = a1i + a2i;
                var dr = a1r - a2r; var di = a1i - a2i;
                var ur = a0r + sr * C; var ui = a0i + si * C;
                // v = -i S d = S*di - i S*dr
                var vr = di * S; var vi = -dr * S;
                int o = ob + q;
                yr[o] = a0r + sr; yi[o] = a0i + si;
                CMul(ur + vr, ui + vi, w1r, w1i, out yr[o + s], out yi[o + s]);
                CMul(ur - vr, ui - vi, w2r, w2i, out yr[o + 2 * s], out yi[o + 2 * s]);
            }
        }
    }

    private static void Radix5(Stage st, Span<Vector<float>> xr, Span<Vector<float>> xi, Span<Vector<float>> yr, Span<Vector<float>> yi)
    {
        // e^{-2πik/5}: c1 = cos(2π/5), c2 = cos(4π/5), s1 = sin(2π/5), s2 = sin(4π/5)
        const float C1 = 0.309016994374947424f, C2 = -0.809016994374947424f;
        const float S1 = 0.951056516295153572f, S2 = 0.587785252292473129f;
        int m = st.M, s = st.Stride, sm = s * m;
        for (int j = 0; j < m; j++)
        {
            int t = 4 * j;
            float w1r = st.TwRe[t], w1i = st.TwIm[t], w2r = st.TwRe[t + 1], w2i = st.TwIm[t + 1];
            float w3r = st.TwRe[t + 2], w3i = st.TwIm[t + 2], w4r = st.TwRe[t + 3], w4i = st.TwIm[t + 3];
            int ib = s * j, ob = s * 5 * j;
            for (int q = 0; q < s; q++)
            {
                int i0 = ib + q;
                var a0r = xr[i0]; var a0i = xi[i0];
                var a1r = xr[i0 + sm]; var a1i = xi[i0 + sm];
                var a2r = xr[i0 + 2 * sm]; var a2i = xi[i0 + 2 * sm];
                var a3r = xr[i0 + 3 * sm]; var a3i = xi[i0 + 3 * sm];
                var a4r = xr[i0 + 4 * sm]; var a4i = xi[i0 + 4 * sm];
                var p1r = a1r + a4r; var p1i = a1i + a4i; var m1r = a1r - a4r; var m1i = a1i - a4i;
                var p2r = a2r + a3r; var p2i = a2i + a3i; var m2r = a2r - a3r; var m2i = a2i - a3i;
                var e1r = a0r + p1r * C1 + p2r * C2; var e1i = a0i + p1i * C1 + p2i * C2;
                var e2r = a0r + p1r * C2 + p2r * C1; var e2i = a0i + p1i * C2 + p2i * C1;
                // o1 = -i (S1 m1 + S2 m2), o2 = -i (S2 m1 - S1 m2); -i z = (z.im, -z.re)
                var f1r = m1r * S1 + m2r * S2; var f1i = m1i * S1 + m2i * S2;
                var f2r = m1r * S2 - m2r * S1; var f2i = m1i * S2 - m2i * S1;
                int o = ob + q;
                yr[o] = a0r + p1r + p2r; yi[o] = a0i + p1i + p2i;
                CMul(e1r + f1i, e1i - f1r, w1r, w1i, out yr[o + s], out yi[o + s]);
                CMul(e2r + f2i, e2i - f2r, w2r, w2i, out yr[o + 2 * s], out yi[o + 2 * s]);
                CMul(e2r - f2i, e2i + f2r, w3r, w3i, out yr[o + 3 * s], out yi[o + 3 * s]);
                CMul(e1r - f1i, e1i + f1r, w4r, w4i, out yr[o + 4 * s], out yi[o + 4 * s]);
            }
        }
    }

    private static void RadixGeneric(Stage st, Span<Vector<float>> xr, Span<Vector<float>> xi, Span<Vector<float>> yr, Span<Vector<float>> yi)
    {
        int p = st.Radix, m = st.M, s = st.Stride, sm = s * m;
        for (int j = 0; j < m; j++)
        {
            int ib = s * j, ob = s * p * j;
            for (int q = 0; q < s; q++)
            {
                int i0 = ib + q;
                for (int k = 0; k < p; k++)
                {
                    var accR = Vector<float>.Zero; var accI = Vector<float>.Zero;
                    for (int r = 0; r < p; r++)
                    {
                        int idx = (int)((long)r * k % p);
                        float wr = st.RootRe[idx], wi = st.RootIm[idx];
                        var ar = xr[i0 + r * sm]; var ai = xi[i0 + r * sm];
                        accR += ar * wr - ai * wi;
                        accI += ar * wi + ai * wr;
                    }
                    int o = ob + q + k * s;
                    if (k == 0) { yr[o] = accR; yi[o] = accI; }
                    else
                    {
                        int t = j * (p - 1) + k - 1;
                        CMul(accR, accI, st.TwRe[t], st.TwIm[t], out yr[o], out yi[o]);
                    }
                }
            }
        }
    }
}
