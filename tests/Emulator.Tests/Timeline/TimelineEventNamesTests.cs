using IgdLab.Emulator.Tests.Reports;
using IgdLab.Emulator.Timeline;
using IgdLab.Igd.Events;

namespace IgdLab.Emulator.Tests.Timeline;

public sealed class TimelineEventNamesTests
{
    [Test]
    public void Of_RemovalWithReasonExpired_IsListedAsMappingExpired()
    {
        var removed = new MappingRemoved(TimeSpan.FromSeconds(60), "gw1", "nas", TimelineSamples.Mapping(), RemovalReason.Expired);

        Assert.That(TimelineEventNames.Of(removed), Is.EqualTo(new TimelineEventName("mapping-removed", TimelineEventKind.MappingExpired)));
    }

    [TestCase(RemovalReason.Deleted)]
    [TestCase(RemovalReason.Dropped)]
    [TestCase(RemovalReason.Reboot)]
    [TestCase(RemovalReason.IdleCleanup)]
    public void Of_RemovalWithAnotherReason_IsListedAsMappingRemoved(RemovalReason reason)
    {
        var removed = new MappingRemoved(TimeSpan.FromSeconds(60), "gw1", "nas", TimelineSamples.Mapping(), reason);

        Assert.That(TimelineEventNames.Of(removed).ListedAs, Is.EqualTo(TimelineEventKind.MappingRemoved));
    }

    [TestCase(RemovalReason.Expired, true, true)]
    [TestCase(RemovalReason.IdleCleanup, false, true)]
    [TestCase(RemovalReason.Dropped, false, false)]
    [TestCase(RemovalReason.Deleted, false, false)]
    [TestCase(RemovalReason.Reboot, false, false)]
    public void MappingRemoved_Reason_ClassifiesExpiryAndGatewayRemoval(RemovalReason reason, bool expiry, bool byGateway)
    {
        var removed = new MappingRemoved(TimeSpan.FromSeconds(60), "gw1", "nas", TimelineSamples.Mapping(), reason);

        Assert.That((removed.IsExpiry, removed.IsGatewayRemoval), Is.EqualTo((expiry, byGateway)));
    }

    [Test]
    public void Listed_EveryReportKind_IsKebabCase()
    {
        Assert.That(TimelineEventNames.Listed(TimelineEventKind.ProbeSucceeded), Is.EqualTo("probe-succeeded"));
        Assert.That(Enum.GetValues<TimelineEventKind>().Select(TimelineEventNames.Listed), Has.All.Match("^[a-z]+(-[a-z]+)*$"));
    }
}
