using IgdLab.Emulator.Running;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>
/// The values are pinned: a derivation that changes from one process to the next (as <see cref="HashCode"/> does)
/// would fail here, and with it every <c>--seed N</c> replay.
/// </summary>
public sealed class SeedStreamsTests
{
    [TestCase(18, "fleet", 0, ExpectedResult = 1165574472)]
    [TestCase(18, "fleet", 1, ExpectedResult = 1286721587)]
    [TestCase(42, "faults", 0, ExpectedResult = 702994573)]
    public int Derive_IsTheSameInEveryProcess(int seed, string stream, int index) => SeedStreams.Derive(seed, stream, index);

    [Test]
    public void Derive_SeparatesSeedsStreamsAndParts()
    {
        int[] seeds =
        [
            SeedStreams.Derive(1, "fleet", 0),
            SeedStreams.Derive(2, "fleet", 0),
            SeedStreams.Derive(1, "fleet", 1),
            SeedStreams.Derive(1, "faults", 0),
            SeedStreams.Derive(1, "fleet", "0", "x"),
        ];

        Assert.That(seeds, Is.Unique);
        Assert.That(seeds, Is.All.GreaterThanOrEqualTo(0));
    }
}
