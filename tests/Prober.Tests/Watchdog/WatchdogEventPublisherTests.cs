using IgdLab.Prober.Watchdog;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Prober.Tests.Watchdog;

public sealed class WatchdogEventPublisherTests
{
    private static readonly ChannelChanged Opened = new("a", DateTimeOffset.UnixEpoch, true, null);

    [Test]
    public void Publish_SubscriberThrows_Contained()
    {
        var publisher = new WatchdogEventPublisher(_ => throw new InvalidOperationException("subscriber bug"), NullLogger.Instance);

        Assert.That(() => publisher.Publish(Opened), Throws.Nothing);
    }

    [Test]
    public void Publish_Null_NothingReachesTheSubscriber()
    {
        var seen = new List<WatchdogEvent>();
        var publisher = new WatchdogEventPublisher(seen.Add, NullLogger.Instance);

        publisher.Publish(null);
        publisher.Publish(Opened);

        Assert.That(seen, Is.EqualTo(new WatchdogEvent[] { Opened }));
    }
}
