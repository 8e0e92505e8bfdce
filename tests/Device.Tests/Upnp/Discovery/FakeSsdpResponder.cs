using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>
/// A scripted SSDP "router" on a fresh loopback address: it receives the searches and the test decides what goes back,
/// from its own socket or from other sockets (other ports, other addresses).
/// </summary>
internal sealed class FakeSsdpResponder : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(LoopbackAddresses.Next(), 0));
    private readonly List<UdpClient> _others = [];

    /// <summary>Where searches must be sent.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>The next search: who sent it and its text; fails the test after ten seconds.</summary>
    public async Task<(IPEndPoint From, string Text)> ReceiveSearchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await _udp.ReceiveAsync(timeout.Token);
        return (received.RemoteEndPoint, Encoding.ASCII.GetString(received.Buffer));
    }

    /// <summary>Sends <paramref name="text"/> to <paramref name="to"/> from the responder's own socket.</summary>
    public Task ReplyAsync(IPEndPoint to, string text) => SendAsync(_udp, to, Encoding.UTF8.GetBytes(text));

    /// <summary>Sends raw bytes to <paramref name="to"/> from the responder's own socket.</summary>
    public Task ReplyAsync(IPEndPoint to, byte[] datagram) => SendAsync(_udp, to, datagram);

    /// <summary>A further socket on a fresh address, for replies from another port or another responder.</summary>
    public UdpClient OtherSocket()
    {
        var other = new UdpClient(new IPEndPoint(LoopbackAddresses.Next(), 0));
        _others.Add(other);
        return other;
    }

    public static async Task SendAsync(UdpClient from, IPEndPoint to, byte[] datagram)
    {
        Assert.That(IPAddress.IsLoopback(to.Address), Is.True, "tests talk to loopback only");
        await from.SendAsync(datagram, to);
    }

    /// <summary>A well-formed reply as miniupnpd writes it.</summary>
    public static string Reply(string location, string searchTarget, string usn = "uuid:11111111-2222-3333-4444-555555555555::upnp:rootdevice", int bootId = 7) =>
        "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
        + $"LOCATION: {location}\r\nSERVER: Linux/6.0 UPnP/1.1 Test/1.0\r\nST: {searchTarget}\r\nUSN: {usn}\r\n"
        + $"BOOTID.UPNP.ORG: {bootId}\r\nCONFIGID.UPNP.ORG: 1\r\n\r\n";

    public void Dispose()
    {
        _udp.Dispose();
        foreach (var other in _others)
        {
            other.Dispose();
        }
    }
}
