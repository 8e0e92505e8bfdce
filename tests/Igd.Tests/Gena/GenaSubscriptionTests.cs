using IgdLab.Igd.Gena;

namespace IgdLab.Igd.Tests.Gena;

public sealed class GenaSubscriptionTests
{
    private static readonly GenaService Service = new("/evt/IPConn", () => []);

    [Test]
    public void Enqueue_SeveralEvents_NumbersThemFromOne()
    {
        using var subscription = Create(capacity: 8, _ => { });

        subscription.Enqueue("a");
        subscription.Enqueue("b");

        Assert.That(Drain(subscription).Select(n => n.Sequence), Is.EqualTo(new uint[] { 1, 2 }));
    }

    [Test]
    public void Enqueue_QueueFull_DropsOldestAndReportsIt()
    {
        var dropped = new List<GenaNotification>();
        using var subscription = Create(capacity: 2, dropped.Add);

        subscription.Enqueue("a");
        subscription.Enqueue("b");
        subscription.Enqueue("c");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dropped.Select(n => n.Body), Is.EqualTo(new[] { "a" }));
            Assert.That(Drain(subscription).Select(n => n.Sequence), Is.EqualTo(new uint[] { 2, 3 }), "the gap shows the subscriber a lost event");
        }
    }

    [Test]
    public void Stop_Live_CancelsAndCompletesQueue()
    {
        using var subscription = Create(capacity: 2, _ => { });

        subscription.Stop();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(subscription.Stopping.IsCancellationRequested, Is.True);
            Assert.That(subscription.Pending.Completion.IsCompleted, Is.True);
        }
    }

    [Test]
    public void Stop_AfterDispose_DoesNotThrow()
    {
        var subscription = Create(capacity: 2, _ => { });
        subscription.Dispose();

        Assert.That(subscription.Stop, Throws.Nothing);
    }

    private static GenaSubscription Create(int capacity, Action<GenaNotification> dropped) =>
        new("uuid:test", Service, [new Uri("http://127.0.0.1/cb")], DateTimeOffset.UnixEpoch, capacity, dropped);

    private static List<GenaNotification> Drain(GenaSubscription subscription)
    {
        var items = new List<GenaNotification>();
        while (subscription.Pending.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
