using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>A control point on 127.0.0.1 that unicasts searches to a responder and reads the replies.</summary>
internal sealed class SsdpTestClient : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));

    public IPEndPoint LocalEndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public async Task SendAsync(byte[] datagram, IPEndPoint responder)
    {
        Assert.That(IPAddress.IsLoopback(responder.Address), Is.True, "tests talk to loopback only");
        await _udp.SendAsync(datagram, responder);
    }

    public Task SearchAsync(IPEndPoint responder, string searchTarget) =>
        SendAsync(SsdpSearch.Build(searchTarget, mx: null, host: responder.ToString()), responder);

    /// <summary>The next reply, or null when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<SsdpMessage?> ReceiveAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            var received = await _udp.ReceiveAsync(cancellation.Token);
            return SsdpMessage.TryParse(received.Buffer, out var message)
                ? message
                : throw new AssertionException("The responder sent a malformed datagram.");
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next reply, failing the test when none arrives within ten seconds.</summary>
    public async Task<SsdpMessage> ReceiveAsync() =>
        await ReceiveAsync(TimeSpan.FromSeconds(10)) ?? throw new AssertionException("No SSDP reply arrived.");

    public void Dispose() => _udp.Dispose();
}
