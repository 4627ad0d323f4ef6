using System.Runtime.CompilerServices;

namespace Ser.Torch.Interop;

/// <summary>
/// Builds the boxed argument list of one operator call on the stack, keeps the argument tensors
/// alive for the duration of the call, and converts the results to <see cref="Tensor"/>s.
/// </summary>
internal unsafe ref struct Args
{
    private const int MaxArgs = 16;
    private const int MaxResults = 64;

    private fixed byte _args[MaxArgs * 40];
    private int _count;
    private readonly Op _op;
    // Tensors referenced by raw pointer in the argument list: kept reachable until the call ends.
    private Tensor? _k0, _k1, _k2, _k3;
    private List<object>? _kMore;

    internal Args(Op op)
    {
        _op = op;
    }

    private ref NativeArg Next(ArgTag tag)
    {
        if (_count == MaxArgs) throw new InvalidOperationException($"{_op}: too many arguments");
        ref NativeArg a = ref Unsafe.As<byte, NativeArg>(ref _args[_count * sizeof(NativeArg)]);
        a = default;
        a.Tag = tag;
        _count++;
        return ref a;
    }

    private void Keep(object o)
    {
        if (o is Tensor t)
        {
            if (_k0 is null) { _k0 = t; return; }
            if (_k1 is null) { _k1 = t; return; }
            if (_k2 is null) { _k2 = t; return; }
            if (_k3 is null) { _k3 = t; return; }
        }
        (_kMore ??= new List<object>()).Add(o);
    }

    /// <summary>A tensor argument; null passes None (for optional tensors).</summary>
    public Args Tensor(Tensor? t)
    {
        if (t is null) return None();
        Next(ArgTag.Tensor).P = (void*)t.Ptr;
        Keep(t);
        return this;
    }

    public Args None()
    {
        Next(ArgTag.None);
        return this;
    }

    public Args Default()
    {
        Next(ArgTag.Default);
        return this;
    }

    public Args Int(long v)
    {
        Next(ArgTag.Int).I = v;
        return this;
    }

    public Args Int(long? v) => v.HasValue ? Int(v.Value) : None();

    public Args Double(double v)
    {
        Next(ArgTag.Double).D = v;
        return this;
    }

    public Args Double(double? v) => v.HasValue ? Double(v.Value) : None();

    public Args Bool(bool v)
    {
        Next(ArgTag.Bool).I = v ? 1 : 0;
        return this;
    }

    /// <summary>An int list; the values are copied to the pinned heap and kept reachable for the call.</summary>
    public Args Ints(params long[] values) => List(values, ArgTag.IntList);

    /// <summary>A float list, passed like <see cref="Ints"/>.</summary>
    public Args Doubles(params double[] values) => List(values, ArgTag.DoubleList);

    private Args List<T>(T[] values, ArgTag tag) where T : unmanaged
    {
        T[] pinned = GC.AllocateUninitializedArray<T>(values.Length, pinned: true);
        values.CopyTo(pinned, 0);
        ref NativeArg a = ref Next(tag);
        a.P = pinned.Length == 0 ? null : Unsafe.AsPointer(ref pinned[0]);
        a.N = pinned.Length;
        Keep(pinned);
        return this;
    }

    public Args Tensors(IReadOnlyList<Tensor> tensors)
    {
        IntPtr[] pinned = GC.AllocateUninitializedArray<IntPtr>(tensors.Count, pinned: true);
        for (int i = 0; i < pinned.Length; i++) pinned[i] = tensors[i].Ptr;
        ref NativeArg a = ref Next(ArgTag.TensorList);
        a.P = pinned.Length == 0 ? null : Unsafe.AsPointer(ref pinned[0]);
        a.N = pinned.Length;
        Keep(pinned);
        Keep(tensors);
        return this;
    }

    private int Invoke(NativeArg* results)
    {
        int n;
        fixed (byte* p = _args)
        {
            n = NativeMethods.st_op_call(_op.Handle, (NativeArg*)p, _count, results, MaxResults);
        }
        GC.KeepAlive(_k0);
        GC.KeepAlive(_k1);
        GC.KeepAlive(_k2);
        GC.KeepAlive(_k3);
        GC.KeepAlive(_kMore);
        if (n < 0) throw NativeMethods.LastError();
        return n;
    }

    /// <summary>Calls the operator and returns its first result, a tensor.</summary>
    public Tensor Call()
    {
        NativeArg* results = stackalloc NativeArg[MaxResults];
        int n = Invoke(results);
        Tensor? first = null;
        for (int i = 0; i < n; i++)
        {
            if (results[i].Tag != ArgTag.Tensor) continue;
            if (first is null) first = global::Ser.Torch.Tensor.FromHandle((IntPtr)results[i].P);
            else NativeMethods.st_tensor_free((IntPtr)results[i].P);
        }
        return first ?? throw new TorchException($"{_op} returned no tensor");
    }

    /// <summary>Calls the operator and returns all tensor results (tuples and lists flattened).</summary>
    public Tensor[] CallMany()
    {
        NativeArg* results = stackalloc NativeArg[MaxResults];
        int n = Invoke(results);
        var list = new Tensor[n];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            if (results[i].Tag == ArgTag.Tensor && results[i].P != null)
            {
                list[k++] = global::Ser.Torch.Tensor.FromHandle((IntPtr)results[i].P);
            }
        }
        return k == n ? list : list[..k];
    }

    /// <summary>Calls an operator that returns one boolean (e.g. aten::allclose).</summary>
    public bool CallBool()
    {
        NativeArg* results = stackalloc NativeArg[MaxResults];
        int n = Invoke(results);
        bool? value = null;
        for (int i = 0; i < n; i++)
        {
            if (results[i].Tag == ArgTag.Tensor) NativeMethods.st_tensor_free((IntPtr)results[i].P);
            else if (results[i].Tag == ArgTag.Bool && value is null) value = results[i].I != 0;
        }
        return value ?? throw new TorchException($"{_op} returned no boolean");
    }

    /// <summary>Calls an in-place operator; the returned alias handle is released.</summary>
    public void CallInPlace()
    {
        NativeArg* results = stackalloc NativeArg[MaxResults];
        int n = Invoke(results);
        for (int i = 0; i < n; i++)
        {
            if (results[i].Tag == ArgTag.Tensor) NativeMethods.st_tensor_free((IntPtr)results[i].P);
        }
    }
}
