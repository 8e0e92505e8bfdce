using System.Buffers;
using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Device.Endpoint;

/// <summary>
/// A device's networked service — the port that gets mapped. It answers the identity handshake on TCP (and on UDP
/// when asked), so a probe arriving through the gateway can prove it reached this very device.
/// </summary>
public sealed partial class DeviceServiceEndpoint : IAsyncDisposable
{
    private static readonly TimeSpan ClientPatience = TimeSpan.FromSeconds(10);
    private static readonly ReadOnlyMemory<byte> HelloExpected = "IGDLAB-ERROR expected IGDLAB-HELLO <challenge>\n"u8.ToArray();

    private readonly string _deviceId;
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private Socket? _tcp;
    private Socket? _udp;
    private IInProcessNetwork? _lan;
    private IPEndPoint? _endPoint;
    private bool _udpOffered;
    private long _handshakes;

    /// <summary>Creates a stopped endpoint for <paramref name="deviceId"/> holding <paramref name="key"/>.</summary>
    public DeviceServiceEndpoint(string deviceId, ReadOnlySpan<byte> key, TimeProvider? timeProvider = null, ILogger<DeviceServiceEndpoint>? logger = null)
    {
        IdentityHandshake.ValidateDeviceId(deviceId);
        _deviceId = deviceId;
        _key = key.ToArray();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The TCP endpoint once started.</summary>
    public IPEndPoint EndPoint => _endPoint ?? throw new InvalidOperationException("not started");

    /// <summary>Handshakes answered so far (TCP and UDP).</summary>
    public long Handshakes => Interlocked.Read(ref _handshakes);

    /// <summary>
    /// Listens on <paramref name="address"/>:<paramref name="port"/> (0 = any free port); with <paramref name="udp"/> also
    /// on UDP, same port. With <paramref name="lan"/> the service is offered on that in-process LAN instead of kernel
    /// sockets: its router hands it forwarded connections and datagrams in memory.
    /// </summary>
    public void Start(IPAddress address, int port, bool udp = false, IInProcessNetwork? lan = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (lan is not null)
        {
            _endPoint = lan.Offer(address, port, ServeAsync);
            _lan = lan;
            if (udp)
            {
                try
                {
                    lan.OfferDatagrams(_endPoint, AnswerDatagramAsync);
                    _udpOffered = true;
                }
                catch
                {
                    lan.Withdraw(_endPoint);
                    throw;
                }
            }

            LogStarted(_deviceId, _endPoint, udp);
            return;
        }

        _tcp = NetworkScope.CreateSocket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _tcp.Bind(new IPEndPoint(address, port));
        _tcp.Listen(512);
        _endPoint = (IPEndPoint)_tcp.LocalEndPoint!;
        _loops.Add(Task.Run(AcceptLoopAsync));
        if (udp)
        {
            _udp = NetworkScope.CreateSocket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            _udp.Bind(new IPEndPoint(address, EndPoint.Port));
            _loops.Add(Task.Run(UdpLoopAsync));
        }

        LogStarted(_deviceId, EndPoint, udp);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_lan is not null && _endPoint is not null)
        {
            _lan.Withdraw(_endPoint);
            if (_udpOffered)
            {
                _lan.WithdrawDatagrams(_endPoint);
            }
        }

        _tcp?.Dispose();
        _udp?.Dispose();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _tcp!.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using (client)
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            await ServeAsync(stream, CancellationToken.None);
        }
    }

    /// <summary>Answers the handshake on one connection (from the kernel listener or handed over by the router).</summary>
    private async Task ServeAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var patience = new Deadline(ClientPatience, _time, _stop.Token, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(IdentityHandshake.MaxLineLength + IdentityHandshake.ChallengeBytes);
        try
        {
            var line = await IdentityHandshake.ReadLineAsync(stream, buffer.AsMemory(0, IdentityHandshake.MaxLineLength), patience.Token);
            var challenge = buffer.AsMemory(IdentityHandshake.MaxLineLength, IdentityHandshake.ChallengeBytes);
            if (line < 0 || !IdentityHandshake.TryParseHello(buffer.AsSpan(0, line), challenge.Span))
            {
                await stream.WriteAsync(HelloExpected, patience.Token);
                return;
            }

            // Counted before the answer leaves, so whoever reads the answer also sees the count.
            Interlocked.Increment(ref _handshakes);
            var answer = IdentityHandshake.WriteAnswer(_deviceId, _key, challenge.Span, buffer.AsSpan(0, IdentityHandshake.MaxAnswerLength));
            await stream.WriteAsync(buffer.AsMemory(0, answer), patience.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The prober gave up or the connection broke: nothing to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[IdentityHandshake.MaxLineLength];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _udp!.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                if (AnswerTo(buffer.AsSpan(0, received.ReceivedBytes)) is { } answer)
                {
                    await _udp.SendToAsync(answer, received.RemoteEndPoint, _stop.Token);
                }
            }
            catch (SocketException)
            {
                // ICMP errors from earlier sends surface here on Linux; keep serving.
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    /// <summary>A datagram its router handed over in memory.</summary>
    private async ValueTask AnswerDatagramAsync(IPEndPoint from, ReadOnlyMemory<byte> datagram, DatagramReply reply, CancellationToken cancellationToken)
    {
        if (_stop.IsCancellationRequested || AnswerTo(datagram.Span) is not { } answer)
        {
            return;
        }

        try
        {
            await reply(answer, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The router's mapping closed under the reply: the datagram is lost, as on a wire.
        }
    }

    /// <summary>The answer to a UDP hello, counted; null for anything else (a datagram service ignores what it does not understand).</summary>
    private byte[]? AnswerTo(ReadOnlySpan<byte> datagram)
    {
        Span<byte> challenge = stackalloc byte[IdentityHandshake.ChallengeBytes];
        if (!IdentityHandshake.TryParseHello(datagram, challenge))
        {
            return null;
        }

        Interlocked.Increment(ref _handshakes);
        Span<byte> answer = stackalloc byte[IdentityHandshake.MaxAnswerLength];
        return answer[..IdentityHandshake.WriteAnswer(_deviceId, _key, challenge, answer)].ToArray();
    }
}
