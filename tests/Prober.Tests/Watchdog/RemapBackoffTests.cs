using IgdLab.Prober.Watchdog;

namespace IgdLab.Prober.Tests.Watchdog;

public sealed class RemapBackoffTests
{
    private readonly RemapBackoff _backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    [TestCase(0, 0)]
    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(3, 4)]
    [TestCase(5, 16)]
    [TestCase(6, 30)]
    [TestCase(1000, 30)]
    public void After_ConsecutiveFailures_DoublesUpToTheMax(int failures, int seconds)
    {
        Assert.That(_backoff.After(failures), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }
}
