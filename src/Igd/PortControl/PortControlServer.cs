using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;
using IgdLab.Igd.Router;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.PortControl;

/// <summary>
/// The UDP side of the router's NAT-PMP and PCP server: one socket on the LAN address (port 5351 by default), a
/// receive loop that hands each datagram to <see cref="PortControlService"/> and sends its answer back, and the
/// announcements of WAN changes and restarts.
/// </summary>
/// <remarks>
/// Announcements follow RFC 6886 §3.2.1 (and RFC 6887 §14.1.3, which borrows it): the first at once, then nine more
/// at 250 ms, 500 ms, 1 s ... apart. They go to 224.0.0.1:5350 in multicast mode, and always to port 5350 of every
/// client that made a request recently — on loopback, where each device has its own 127.x address, that is the only
/// way an announcement reaches it. A NAT-PMP client hears NAT-PMP's external-address response, a PCP client PCP's
/// ANNOUNCE.
/// </remarks>
/// <param name="service">Answers each request.</param>
/// <param name="state">The router's epoch and WAN address, for announcements.</param>
/// <param name="time">The clock of the announcements' intervals.</param>
/// <param name="logger">Where problems go.</param>
/// <param name="network">
/// The in-process network to serve unicast on instead of a kernel socket (a world on the simulated network): requests
/// arrive in memory, answers and announcements go back the same way. Null, or multicast mode, serves on the kernel.
/// </param>
internal sealed partial class PortControlServer(PortControlService service, RouterState state, TimeProvider time, ILogger logger, IInProcessNetwork? network = null)
    : IAsyncDisposable
{
    /// <summary>How many times one change is announced (RFC 6886 §3.2.1).</summary>
    public const int AnnouncementCount = 10;

    /// <summary>The first interval between announcements; each next one doubles.</summary>
    public static readonly TimeSpan FirstAnnouncementInterval = TimeSpan.FromMilliseconds(250);

    private const int ReceiveBufferBytes = 1 << 20;

    private static readonly IPEndPoint MulticastTarget = new(PortControlWire.AnnounceGroup, PortControlWire.AnnouncePort);

    private readonly Lock _gate = new();
    private Socket? _socket;
    private IPEndPoint? _offered;
    private CancellationTokenSource? _stopping;
    private Task _loop = Task.CompletedTask;
    private CancellationTokenSource? _announcing;
    private bool _multicast;
    private long _announcements;
    private long _unsent;

    /// <summary>Where the server listens; null while stopped.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Answers and announcements that could not be sent at once (a full send buffer, an unreachable target) and were dropped.</summary>
    public long Unsent => Interlocked.Read(ref _unsent);

    /// <summary>Announcement datagrams sent (every repetition to every target counts).</summary>
    public long Announcements => Interlocked.Read(ref _announcements);

    /// <summary>Binds <paramref name="lanAddress"/>:<paramref name="port"/> (0 = ephemeral) and starts serving.</summary>
    public Task StartAsync(IPAddress lanAddress, int port, bool multicast)
    {
        if (network is not null && !multicast)
        {
            var offered = network.OfferDatagrams(new IPEndPoint(lanAddress, port), ServeAsync);
            lock (_gate)
            {
                _offered = offered;
                _multicast = false;
                LocalEndPoint = offered;
                _stopping = new CancellationTokenSource();
            }

            LogStarted(logger, offered);
            return Task.CompletedTask;
        }

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(lanAddress, port));

            // Sends never wait: on loopback an answer a client does not read stays charged to this socket's send
            // buffer, so a client that floods without reading would otherwise stall the server for everyone.
            socket.Blocking = false;
            socket.ReceiveBufferSize = ReceiveBufferBytes;
            if (multicast)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, lanAddress.GetAddressBytes());
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        lock (_gate)
        {
            _socket = socket;
            _multicast = multicast;
            LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
            _stopping = new CancellationTokenSource();
            _loop = Task.Run(() => ReceiveLoopAsync(socket, _stopping.Token));
        }

        LogStarted(logger, LocalEndPoint);
        return Task.CompletedTask;
    }

    /// <summary>Stops serving and announcing; the socket is closed.</summary>
    public async Task StopAsync()
    {
        Socket? socket;
        IPEndPoint? offered;
        Task loop;
        lock (_gate)
        {
            socket = _socket;
            offered = _offered;
            loop = _loop;
            _socket = null;
            _offered = null;
            LocalEndPoint = null;
            _stopping?.Cancel();
            _announcing?.Cancel();
        }

        if (offered is not null)
        {
            network!.WithdrawDatagrams(offered);
        }

        socket?.Dispose();
        await loop;
    }

    /// <summary>
    /// Announces the router's current epoch and WAN address: the first round before this returns, nine more over about
    /// four minutes in the background; a newer announcement replaces an older one still repeating.
    /// </summary>
    public void Announce()
    {
        Socket? socket;
        IPEndPoint? offered;
        CancellationTokenSource announcing;
        lock (_gate)
        {
            socket = _socket;
            offered = _offered;
            if (socket is null && offered is null)
            {
                return;
            }

            _announcing?.Cancel();
            _announcing = announcing = CancellationTokenSource.CreateLinkedTokenSource(_stopping!.Token);
        }

        var send = SenderOf(socket, offered);
        try
        {
            AnnounceRound(send);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _ = Task.Run(() => RepeatAnnouncementAsync(send, announcing.Token));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task RepeatAnnouncementAsync(Func<byte[], IPEndPoint, bool> send, CancellationToken cancellationToken)
    {
        var interval = FirstAnnouncementInterval;
        try
        {
            for (var i = 1; i < AnnouncementCount; i++)
            {
                await Task.Delay(interval, time, cancellationToken);
                interval *= 2;
                AnnounceRound(send);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // A newer announcement, a stop or a reboot took over, or the socket closed under it.
        }
    }

    /// <summary>How a datagram leaves: the kernel socket's non-blocking send, or a delivery on the in-process network.</summary>
    private Func<byte[], IPEndPoint, bool> SenderOf(Socket? socket, IPEndPoint? offered) =>
        socket is not null
            ? (datagram, target) => TrySend(socket, datagram, target)
            : (datagram, target) =>
            {
                // In memory a datagram is handed over at once; one nothing is offered for is lost, as on the wire.
                _ = network!.SendDatagramAsync(offered!, target, datagram, CancellationToken.None).AsTask();
                return true;
            };

    /// <summary>Answers one request that arrived on the in-process network.</summary>
    private async ValueTask ServeAsync(IPEndPoint source, ReadOnlyMemory<byte> datagram, DatagramReply reply, CancellationToken cancellationToken)
    {
        byte[]? answer;
        try
        {
            answer = service.Handle(datagram.Span, source);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogHandlingFailed(logger, ex, source);
            return;
        }

        if (answer is not null)
        {
            await reply(answer, cancellationToken);
        }
    }

    private void AnnounceRound(Func<byte[], IPEndPoint, bool> send)
    {
        var epoch = state.EpochSeconds;
        var natPmp = NatPmpCodec.Write(new NatPmpExternalAddressResponse(NatPmpResultCode.Success, epoch, state.WanAddress));
        var pcp = PcpCodec.Write(new PcpResponse(PcpOpcode.Announce, PcpResultCode.Success, 0, epoch));
        if (_multicast)
        {
            SendAnnouncement(send, natPmp, MulticastTarget);
            SendAnnouncement(send, pcp, MulticastTarget);
        }

        foreach (var (address, speaksNatPmp, speaksPcp) in service.RecentClients())
        {
            var target = new IPEndPoint(address, PortControlWire.AnnouncePort);
            if (speaksNatPmp)
            {
                SendAnnouncement(send, natPmp, target);
            }

            if (speaksPcp)
            {
                SendAnnouncement(send, pcp, target);
            }
        }
    }

    private void SendAnnouncement(Func<byte[], IPEndPoint, bool> send, byte[] datagram, IPEndPoint target)
    {
        if (send(datagram, target))
        {
            Interlocked.Increment(ref _announcements);
        }
    }

    // A datagram that cannot leave at once (a full send buffer) is dropped, as a router's would be.
    private bool TrySend(Socket socket, byte[] datagram, IPEndPoint target)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, target);
            return true;
        }
        catch (SocketException ex)
        {
            Interlocked.Increment(ref _unsent);
            LogSendFailed(logger, target, ex.SocketErrorCode);
            return false;
        }
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        // Twice the largest message: anything longer than 1100 bytes still reads as longer than 1100.
        var buffer = new byte[PortControlWire.MaxMessageLength * 2];
        var anyEndPoint = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, anyEndPoint, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP port unreachable from an earlier answer, or an oversized datagram on Windows: go on.
                continue;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            byte[]? answer;
            try
            {
                answer = service.Handle(buffer.AsSpan(0, received.ReceivedBytes), source);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A bug must not stop the server: the datagram goes unanswered and the next one is served.
                LogHandlingFailed(logger, ex, source);
                continue;
            }

            if (answer is null)
            {
                continue;
            }

            try
            {
                TrySend(socket, answer, source);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "NAT-PMP/PCP server listening on {EndPoint}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint? endPoint);

    [LoggerMessage(2, LogLevel.Debug, "NAT-PMP/PCP datagram to {Target} not sent: {Error}")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint target, SocketError error);

    [LoggerMessage(3, LogLevel.Error, "NAT-PMP/PCP request from {Source} failed")]
    private static partial void LogHandlingFailed(ILogger logger, Exception exception, IPEndPoint source);
}
