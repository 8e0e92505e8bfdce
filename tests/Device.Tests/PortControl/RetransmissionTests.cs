using System.Net;
using System.Net.Sockets;
using IgdLab.Device.PortControl;
using IgdLab.Protocols.NatPmp;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.PortControl;

/// <summary>The retransmission schedule and the epoch rule, on a fake clock against a silent socket.</summary>
public sealed class RetransmissionTests
{
    [Test]
    public async Task NatPmp_RetransmitsAtTheRfcSchedule_ThenTimesOut()
    {
        var time = new FakeTimeProvider();
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(LoopbackAddresses.Next(), 0));
        using var client = new NatPmpClient(LoopbackAddresses.Next(), (IPEndPoint)silent.LocalEndPoint!, PortControlClientOptions.NatPmp, time);

        var request = client.GetExternalAddressAsync(CancellationToken.None);
        var received = new List<int>();
        var buffer = new byte[64];
        var expectedWaits = new[] { 250, 500, 1000, 2000, 4000, 8000, 16000, 32000, 64000 };
        foreach (var wait in expectedWaits)
        {
            // A wall-clock guard only: a resend that never comes fails the test instead of hanging the run.
            var datagram = await silent.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TimeSpan.FromSeconds(10));
            received.Add(datagram.ReceivedBytes);
            time.Advance(TimeSpan.FromMilliseconds(wait - 1));
            Assert.That(silent.Available, Is.Zero, $"nothing resent before {wait} ms");
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var failure = Assert.ThrowsAsync<PortControlException>(() => request);
        Assert.That(failure!.TimedOut, Is.True);
        Assert.That(received, Has.Count.EqualTo(9).And.All.EqualTo(2), "nine external-address requests of 2 bytes");
    }

    [Test]
    public void Epoch_GoingBack_OrDisagreeingWithTheClientsClock_IsLostState()
    {
        var time = new FakeTimeProvider();
        var epoch = new EpochTracker(time);

        Assert.That(epoch.Observe(1000), Is.False, "the first epoch is only recorded");
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(epoch.Observe(1010), Is.False, "consistent");
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(epoch.Observe(3), Is.True, "went back: the gateway restarted");
        time.Advance(TimeSpan.FromSeconds(100));
        Assert.That(epoch.Observe(50), Is.True, "50 s of server time in 100 s of client time");
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(epoch.Observe(110), Is.False);
    }
}
