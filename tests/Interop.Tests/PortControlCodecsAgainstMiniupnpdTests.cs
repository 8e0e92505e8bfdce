using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using IgdLab.Protocols;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// IgdLab's NAT-PMP and PCP codecs, the ones the virtual router and our clients share, against a real server:
/// Debian's miniupnpd in the namespace testbed. What it writes must be what it reads.
/// </summary>
[Category("Interop")]
public sealed class PortControlCodecsAgainstMiniupnpdTests
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse(MiniupnpdTestbed.RouterLanAddress), PortControlWire.ServerPort);
    private static readonly IPAddress LanHost = IPAddress.Parse(MiniupnpdTestbed.LanHostAddress);

    [Test]
    public async Task NatPmp_ExternalAddress_IsTheRoutersWanAddress()
    {
        await using var bed = await MiniupnpdTestbed.StartAsync();
        using var socket = Bind(bed);

        var response = await ExchangeAsync(socket, NatPmpCodec.Write(new NatPmpExternalAddressRequest()), bytes =>
            NatPmpCodec.TryReadResponse(bytes, out var read, out _) ? read : null);

        var external = (NatPmpExternalAddressResponse)response;
        Assert.That(external.Result, Is.EqualTo(NatPmpResultCode.Success));
        Assert.That(external.ExternalAddress, Is.EqualTo(IPAddress.Parse(MiniupnpdTestbed.RouterWanAddress)));
    }

    [Test]
    public async Task PcpMap_CreatesARuleThatOnlyItsNonceDeletes()
    {
        await using var bed = await MiniupnpdTestbed.StartAsync();
        using var socket = Bind(bed);
        var nonce = PcpNonce.Next(new Random(11));
        PcpRequest Map(PcpNonce n, uint lifetime) => new(PcpOpcode.Map, lifetime, LanHost)
        {
            Mapping = new PcpMapping(n, PcpProtocolNumbers.Tcp, 20002, 6730, IPAddress.Any),
        };

        var mapped = await PcpAsync(socket, Map(nonce, 600));
        Assert.That(mapped.Result, Is.EqualTo(PcpResultCode.Success), bed.DaemonLog);
        Assert.That(mapped.Mapping!.Nonce, Is.EqualTo(nonce));
        Assert.That(mapped.Mapping.ExternalPort, Is.EqualTo(6730));
        Assert.That(mapped.Mapping.ExternalAddress, Is.EqualTo(IPAddress.Parse(MiniupnpdTestbed.RouterWanAddress)));
        Assert.That(mapped.LifetimeSeconds, Is.InRange(1u, 600u));
        Assert.That(await bed.NatRulesAsync(), Does.Contain("dport 6730"));

        var stranger = await PcpAsync(socket, Map(PcpNonce.Next(new Random(12)), 0));
        Assert.That(stranger.Result, Is.EqualTo(PcpResultCode.NotAuthorized), "another nonce may not delete the mapping");
        Assert.That(await bed.NatRulesAsync(), Does.Contain("dport 6730"));

        var deleted = await PcpAsync(socket, Map(nonce, 0));
        Assert.That(deleted.Result, Is.EqualTo(PcpResultCode.Success), bed.DaemonLog);
        Assert.That(Regex.IsMatch(await bed.NatRulesAsync(), "dport 6730"), Is.False);
    }

    [Test]
    public async Task PcpMap_WithAnotherClientAddressInTheHeader_IsAddressMismatch()
    {
        await using var bed = await MiniupnpdTestbed.StartAsync();
        using var socket = Bind(bed);

        var refused = await PcpAsync(socket, new PcpRequest(PcpOpcode.Map, 600, IPAddress.Parse("192.168.77.99"))
        {
            Mapping = new PcpMapping(PcpNonce.Next(new Random(13)), PcpProtocolNumbers.Udp, 20003, 0, IPAddress.Any),
        });

        Assert.That(refused.Result, Is.EqualTo(PcpResultCode.AddressMismatch), bed.DaemonLog);
    }

    private static Socket Bind(MiniupnpdTestbed bed)
    {
        var socket = bed.Lan.CreateUdpSocket();
        socket.Bind(new IPEndPoint(LanHost, 0));
        return socket;
    }

    private static async Task<PcpResponse> PcpAsync(Socket socket, PcpRequest request) =>
        await ExchangeAsync(socket, PcpCodec.Write(request), bytes => PcpCodec.TryReadResponse(bytes, out var read, out _) ? read : null);

    // Sends the request until an answer reads (UDP may lose the first while the daemon starts), at most 10 times.
    private static async Task<T> ExchangeAsync<T>(Socket socket, byte[] request, Func<byte[], T?> read)
        where T : class
    {
        var buffer = new byte[PortControlWire.MaxMessageLength];
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await socket.SendToAsync(request, Server);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), wait.Token);
                if (read(buffer[..received.ReceivedBytes]) is { } answer)
                {
                    return answer;
                }
            }
            catch (OperationCanceledException)
            {
                // No answer within the wait: send again.
            }
        }

        throw new AssertionException($"no answer from {Server} after 10 tries");
    }
}
