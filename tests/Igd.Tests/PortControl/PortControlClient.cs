using System.Net;
using System.Net.Sockets;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Igd.Tests.PortControl;

/// <summary>A bare NAT-PMP/PCP client for tests: one UDP socket on a LAN address, the shared codecs, one answer per request.</summary>
internal sealed class PortControlClient : IDisposable
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;

    public PortControlClient(IPAddress address, IPEndPoint server)
    {
        _socket.Bind(new IPEndPoint(address, 0));
        _server = server;
        Address = address;
    }

    public IPAddress Address { get; }

    /// <summary>Sends raw bytes and returns the raw answer, or null when none came within <paramref name="wait"/>.</summary>
    public async Task<byte[]?> ExchangeAsync(byte[] datagram, TimeSpan? wait = null)
    {
        await _socket.SendToAsync(datagram, SocketFlags.None, _server);
        return await ReceiveAsync(_socket, wait ?? AnswerTimeout);
    }

    /// <summary>Sends raw bytes and waits for nothing.</summary>
    public async Task SendAsync(byte[] datagram) => await _socket.SendToAsync(datagram, SocketFlags.None, _server);

    public async Task<PcpResponse> PcpAsync(PcpRequest request)
    {
        var answer = await ExchangeAsync(PcpCodec.Write(request)) ?? throw new AssertionException("no PCP answer");
        Assert.That(PcpCodec.TryReadResponse(answer, out var response, out var why), Is.True, why);
        return response!;
    }

    public async Task<NatPmpResponse> NatPmpAsync(NatPmpRequest request)
    {
        var answer = await ExchangeAsync(NatPmpCodec.Write(request)) ?? throw new AssertionException("no NAT-PMP answer");
        Assert.That(NatPmpCodec.TryReadResponse(answer, out var response, out var why), Is.True, why);
        return response!;
    }

    public Task<PcpResponse> MapAsync(PcpNonce nonce, ushort internalPort, ushort suggestedPort = 0, uint lifetime = 3600, params PcpOption[] options) =>
        PcpAsync(new PcpRequest(PcpOpcode.Map, lifetime, Address)
        {
            Mapping = new PcpMapping(nonce, PcpProtocolNumbers.Tcp, internalPort, suggestedPort, IPAddress.IPv6Any),
            Options = options,
        });

    /// <summary>Receives one datagram on <paramref name="socket"/>, or null after <paramref name="wait"/>.</summary>
    public static async Task<byte[]?> ReceiveAsync(Socket socket, TimeSpan wait)
    {
        var buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
            return buffer[..received.ReceivedBytes];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose() => _socket.Dispose();
}
