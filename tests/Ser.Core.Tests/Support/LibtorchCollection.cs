using Xunit;

namespace Ser.Core.Tests.Support;

/// <summary>
/// Tests that seed libtorch's global generator (network initialisation, dropout) and expect exact
/// results: they run one at a time, never beside each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibtorchCollection
{
    public const string Name = "libtorch global generator";
}
