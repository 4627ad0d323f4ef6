namespace Ser.Torch.Interop;

/// <summary>The ATen operators the managed API calls, each found once by schema name.</summary>
internal static class Aten
{
    // arithmetic
    internal static readonly Op AddScalar = new("aten::add", "Scalar");
    internal static readonly Op Add_ = new("aten::add_", "Tensor");
    internal static readonly Op AddScalar_ = new("aten::add_", "Scalar");
    internal static readonly Op SubScalar = new("aten::sub", "Scalar");
    internal static readonly Op RSubScalar = new("aten::rsub", "Scalar");
    internal static readonly Op MulScalar = new("aten::mul", "Scalar");
    internal static readonly Op Mul_ = new("aten::mul_", "Tensor");
    internal static readonly Op MulScalar_ = new("aten::mul_", "Scalar");
    internal static readonly Op DivScalar = new("aten::div", "Scalar");
    internal static readonly Op Neg = new("aten::neg");
    internal static readonly Op Exp = new("aten::exp");
    internal static readonly Op Log = new("aten::log");
    internal static readonly Op Log1p = new("aten::log1p");
    internal static readonly Op Sqrt = new("aten::sqrt");
    internal static readonly Op Rsqrt = new("aten::rsqrt");
    internal static readonly Op Abs = new("aten::abs");
    internal static readonly Op PowScalar = new("aten::pow", "Tensor_Scalar");
    internal static readonly Op PowTensor = new("aten::pow", "Tensor_Tensor");
    internal static readonly Op Clamp = new("aten::clamp");
    internal static readonly Op Maximum = new("aten::maximum");
    internal static readonly Op Minimum = new("aten::minimum");
    internal static readonly Op MatMul = new("aten::matmul");
    internal static readonly Op Where = new("aten::where", "self");
    internal static readonly Op MaskedFill = new("aten::masked_fill", "Scalar");

    // comparisons
    internal static readonly Op Eq = new("aten::eq", "Tensor");
    internal static readonly Op EqScalar = new("aten::eq", "Scalar");
    internal static readonly Op Ne = new("aten::ne", "Tensor");
    internal static readonly Op Gt = new("aten::gt", "Tensor");
    internal static readonly Op GtScalar = new("aten::gt", "Scalar");
    internal static readonly Op Ge = new("aten::ge", "Tensor");
    internal static readonly Op Lt = new("aten::lt", "Tensor");
    internal static readonly Op LtScalar = new("aten::lt", "Scalar");
    internal static readonly Op Le = new("aten::le", "Tensor");
    internal static readonly Op AllClose = new("aten::allclose");
    internal static readonly Op IsNan = new("aten::isnan");

    // reductions
    internal static readonly Op Sum = new("aten::sum");
    internal static readonly Op SumDim = new("aten::sum", "dim_IntList");
    internal static readonly Op Mean = new("aten::mean");
    internal static readonly Op MeanDim = new("aten::mean", "dim");
    internal static readonly Op Max = new("aten::max");
    internal static readonly Op MaxDim = new("aten::max", "dim");
    internal static readonly Op Min = new("aten::min");
    internal static readonly Op MinDim = new("aten::min", "dim");
    internal static readonly Op ArgMax = new("aten::argmax");
    internal static readonly Op ArgMin = new("aten::argmin");
    internal static readonly Op StdDim = new("aten::std", "dim");
    internal static readonly Op VarDim = new("aten::var", "dim");
    internal static readonly Op TopK = new("aten::topk");
    internal static readonly Op Norm = new("aten::norm", "Scalar");

    // shape
    internal static readonly Op Reshape = new("aten::reshape");
    internal static readonly Op View = new("aten::view");
    internal static readonly Op Permute = new("aten::permute");
    internal static readonly Op Transpose = new("aten::transpose", "int");
    internal static readonly Op Flatten = new("aten::flatten", "using_ints");
    internal static readonly Op Squeeze = new("aten::squeeze", "dim");
    internal static readonly Op Unsqueeze = new("aten::unsqueeze");
    internal static readonly Op Contiguous = new("aten::contiguous");
    internal static readonly Op Expand = new("aten::expand");
    internal static readonly Op Clone = new("aten::clone");
    internal static readonly Op Cat = new("aten::cat");
    internal static readonly Op Stack = new("aten::stack");
    internal static readonly Op Slice = new("aten::slice", "Tensor");
    internal static readonly Op Narrow = new("aten::narrow");
    internal static readonly Op Select = new("aten::select", "int");
    internal static readonly Op IndexSelect = new("aten::index_select");
    internal static readonly Op Gather = new("aten::gather");
    internal static readonly Op Repeat = new("aten::repeat");
    internal static readonly Op ConstantPad = new("aten::constant_pad_nd");
    internal static readonly Op OneHot = new("aten::one_hot");

    // creation and in-place fills
    internal static readonly Op Zero_ = new("aten::zero_");
    internal static readonly Op Fill_ = new("aten::fill_", "Scalar");
    internal static readonly Op Uniform_ = new("aten::uniform_");
    internal static readonly Op Normal_ = new("aten::normal_");
    internal static readonly Op Random_ = new("aten::random_", "from");
    internal static readonly Op Arange = new("aten::arange", "start_step");

    // activations
    internal static readonly Op Hardtanh = new("aten::hardtanh");
    internal static readonly Op Sigmoid = new("aten::sigmoid");
    internal static readonly Op Tanh = new("aten::tanh");
    internal static readonly Op Softmax = new("aten::softmax", "int");
    internal static readonly Op LogSoftmax = new("aten::log_softmax", "int");

    // network layers
    internal static readonly Op MaxPool1d = new("aten::max_pool1d");
    internal static readonly Op AvgPool1d = new("aten::avg_pool1d");
    internal static readonly Op AvgPool2d = new("aten::avg_pool2d");
    internal static readonly Op AdaptiveAvgPool1d = new("aten::adaptive_avg_pool1d");
    internal static readonly Op AdaptiveMaxPool2d = new("aten::adaptive_max_pool2d");
    internal static readonly Op Dropout = new("aten::dropout");
    internal static readonly Op UpsampleBilinear = new("aten::upsample_bilinear2d", "vec");

    // losses
    internal static readonly Op CrossEntropy = new("aten::cross_entropy_loss");
    internal static readonly Op NllLoss = new("aten::nll_loss_nd");
    internal static readonly Op MseLoss = new("aten::mse_loss");
    internal static readonly Op BceWithLogits = new("aten::binary_cross_entropy_with_logits");
}
