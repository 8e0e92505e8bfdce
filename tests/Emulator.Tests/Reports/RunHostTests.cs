using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class RunHostTests
{
    [TestCase("1.0.0+875475daf6b1", "1.0.0", "875475daf6b1")]
    [TestCase("1.2.3-beta.1", "1.2.3-beta.1", null)]
    [TestCase("1.0.0+", "1.0.0", null)]
    [TestCase("", "unknown", null)]
    public void SplitVersion_InformationalVersion_GivesVersionAndCommit(string informational, string version, string? commit)
    {
        Assert.That(RunHost.SplitVersion(informational), Is.EqualTo((version, commit)));
    }

    [Test]
    public void Current_DescribesThisProcess()
    {
        var started = new DateTimeOffset(2026, 3, 14, 10, 26, 53, TimeSpan.FromHours(1));

        var host = RunHost.Current(started);

        Assert.That(host.StartedAt, Is.EqualTo(started));
        Assert.That(host.StartedAt.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(host.ProcessorCount, Is.EqualTo(Environment.ProcessorCount));
        Assert.That(host.Version, Is.Not.Empty.And.Not.Contain("+"));
        Assert.That(host.OperatingSystem, Is.Not.Empty);
    }
}
