using Ser.Core.Tests.Explanations;
using Xunit;

namespace Ser.Core.Tests.Support;

/// <summary>
/// Tests that seed libtorch's global generator (network initialisation, dropout) and expect exact
/// results: they run one at a time, never beside each other. The explanation tests' trained model
/// (<see cref="BurstModelFixture"/>) is built once for the collection.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LibtorchCollection : ICollectionFixture<BurstModelFixture>
{
    public const string Name = "libtorch global generator";
}
