using System.Net;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Prober.Tests.Contracts;

public sealed class InProcessNetworkTests
{
    private static readonly IPAddress Device = IPAddress.Parse("127.204.0.1");

    [Test]
    public void Offer_PortZero_PicksAFreePortPerService()
    {
        var lan = new InProcessNetwork();

        var first = lan.Offer(Device, 0, Serve);
        var second = lan.Offer(Device, 0, Serve);

        Assert.That(first.Port, Is.Not.EqualTo(second.Port));
        Assert.That(lan.FindConnections(first), Is.Not.Null);
        Assert.That(lan.FindConnections(second), Is.Not.Null);
        Assert.That(lan.Count, Is.EqualTo(2));
    }

    [Test]
    public void Offer_AnEndPointAlreadyOffered_IsRefusedLikeAPortInUse()
    {
        var lan = new InProcessNetwork();
        lan.Offer(Device, 20000, Serve);

        Assert.That(() => lan.Offer(Device, 20000, Serve), Throws.InvalidOperationException.With.Message.Contains("127.204.0.1:20000"));
    }

    [Test]
    public void Withdraw_TakesTheServiceOff_AndFreesItsPort()
    {
        var lan = new InProcessNetwork();
        var endPoint = lan.Offer(Device, 20001, Serve);

        lan.Withdraw(endPoint);

        Assert.That(lan.FindConnections(endPoint), Is.Null, "a forwarded connection to it is relayed, and refused, as to a host that is gone");
        Assert.That(lan.Offer(Device, 20001, Serve), Is.EqualTo(endPoint));
    }

    [Test]
    public async Task TryConnect_WithTheCallersEndPoint_TheServiceSeesItAsRemote()
    {
        var lan = new InProcessNetwork();
        var seen = new TaskCompletionSource<IPEndPoint?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = lan.Offer(Device, 20002, (stream, _) =>
        {
            seen.TrySetResult((stream as IConnectionEndPoints)?.RemoteEndPoint);
            return Task.CompletedTask;
        });
        var caller = new IPEndPoint(IPAddress.Parse("127.204.0.2"), 41000);

        await using var client = lan.TryConnect(service, caller);

        Assert.That(await seen.Task.WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System), Is.EqualTo(caller));
        Assert.That(((IConnectionEndPoints)client!).RemoteEndPoint, Is.EqualTo(service));
    }

    [Test]
    public void TryConnect_NothingOffered_ReturnsNull()
    {
        var lan = new InProcessNetwork();

        Assert.That(lan.TryConnect(new IPEndPoint(Device, 20003), new IPEndPoint(Device, 41001)), Is.Null);
    }

    private static Task Serve(Stream stream, CancellationToken cancellationToken) => Task.CompletedTask;
}
