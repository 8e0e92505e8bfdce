using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IgdLab.Igd.Profiles;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Ssdp;

/// <summary>
/// The virtual router's SSDP side: answers M-SEARCH for every target the device tree advertises and, in multicast
/// mode, announces the device with NOTIFY. Searches to the group are answered after a random share of MX, read
/// from the injected <see cref="TimeProvider"/>; unicast searches at once. Bad datagrams are counted and dropped,
/// and no network error ends the receive loop.
/// </summary>
internal sealed partial class SsdpResponder : IAsyncDisposable
{
    private const int MaxReceiveFailuresInRow = 5;

    private readonly ISsdpDescriptionSource _source;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISsdpSocketFactory _socketFactory;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private Listener? _listener;
    private bool _disposed;
    private long _droppedDatagrams;
    private long _answeredSearches;

    /// <summary>Creates a stopped responder.</summary>
    /// <param name="source">What to advertise, read afresh for every reply.</param>
    /// <param name="timeProvider">The clock of the MX delay.</param>
    /// <param name="logger">Where the responder logs.</param>
    /// <param name="seed">The seed of the MX delay's random numbers, so runs repeat.</param>
    /// <param name="socketFactory">Opens the socket; null uses real UDP sockets.</param>
    public SsdpResponder(
        ISsdpDescriptionSource source,
        TimeProvider timeProvider,
        ILogger logger,
        int seed,
        ISsdpSocketFactory? socketFactory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _source = source;
        _time = timeProvider;
        _logger = logger;
        _random = new Random(seed);
        _socketFactory = socketFactory ?? UdpSsdpSocketFactory.Instance;
    }

    /// <summary>The bound address and port.</summary>
    /// <exception cref="InvalidOperationException">The responder is not started.</exception>
    public IPEndPoint LocalEndPoint =>
        Volatile.Read(ref _listener)?.Socket.LocalEndPoint
        ?? throw new InvalidOperationException("The SSDP responder is not started.");

    /// <summary>Whether the responder is started in multicast mode.</summary>
    public bool IsMulticast => Volatile.Read(ref _listener)?.Multicast ?? false;

    /// <summary>How many datagrams were dropped as malformed, oversized, unknown or unanswerable.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _droppedDatagrams);

    /// <summary>How many searches were answered with at least one reply.</summary>
    public long AnsweredSearches => Interlocked.Read(ref _answeredSearches);

    /// <summary>
    /// Opens the socket and starts answering. Unicast mode binds <paramref name="lanAddress"/>:<paramref name="port"/>
    /// (0 = ephemeral). Multicast mode binds 0.0.0.0:<paramref name="port"/> (0 = 1900), joins 239.255.255.250 on
    /// <paramref name="lanAddress"/> and announces byebye then alive, so control points notice the reboot.
    /// </summary>
    /// <exception cref="InvalidOperationException">The responder is already started.</exception>
    public async Task StartAsync(IPAddress lanAddress, int port, bool multicast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lanAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _listener) is not null)
        {
            throw new InvalidOperationException("The SSDP responder is already started.");
        }

        var socket = _socketFactory.Open(lanAddress, multicast && port == 0 ? SsdpConstants.Port : port, multicast);
        var listener = new Listener(socket, multicast, OpenReplySocket(lanAddress, socket));
        lock (_gate)
        {
            if (_listener is not null || _disposed)
            {
                listener.Dispose();
                ObjectDisposedException.ThrowIf(_disposed, this);
                throw new InvalidOperationException("The SSDP responder is already started.");
            }

            _listener = listener;
        }

        LogStarted(_logger, socket.LocalEndPoint, multicast ? "multicast" : "unicast", lanAddress);
        listener.ReceiveLoop = Task.Run(() => ReceiveLoopAsync(listener), CancellationToken.None);
        if (multicast)
        {
            // An IGD:2 says byebye before its first alive so control points drop what they cached [WIPv2 §2.3.23].
            await AnnounceAsync(listener, alive: false, cancellationToken);
            await AnnounceAsync(listener, alive: true, cancellationToken);
        }
    }

    // wrong-source-port and wrong-source-ip: replies leave through a socket of their own, on another port or address.
    private ISsdpSocket? OpenReplySocket(IPAddress lanAddress, ISsdpSocket socket)
    {
        var policy = _source.Current.Policy;
        if (!policy.WrongSourcePort && policy.ReplySourceAddress is null)
        {
            return null;
        }

        var address = policy.ReplySourceAddress is { } other ? IPAddress.Parse(other) : lanAddress;
        try
        {
            return _socketFactory.Open(address, 0, multicast: false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <c>ssdp:alive</c> for every advertisement; does nothing in unicast mode or while UPnP is off.</summary>
    public Task AnnounceAliveAsync(CancellationToken cancellationToken = default) =>
        AnnounceAsync(Volatile.Read(ref _listener), alive: true, cancellationToken);

    /// <summary>
    /// Sends <c>ssdp:byebye</c> for every advertisement; does nothing in unicast mode or while UPnP is off, so a
    /// router that turns UPnP off should say byebye first.
    /// </summary>
    public Task AnnounceByeByeAsync(CancellationToken cancellationToken = default) =>
        AnnounceAsync(Volatile.Read(ref _listener), alive: false, cancellationToken);

    /// <summary>
    /// Stops receiving, abandons replies still waiting for their MX delay, says byebye in multicast mode and closes
    /// the socket. Does nothing when not started; the responder may be started again afterwards.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Listener? listener;
        lock (_gate)
        {
            listener = _listener;
            _listener = null;
        }

        if (listener is null)
        {
            return;
        }

        try
        {
            await listener.Stopping.CancelAsync();
            if (listener.ReceiveLoop is { } loop)
            {
                await loop;
            }

            await Task.WhenAll(listener.PendingReplies());
            await AnnounceAsync(listener, alive: false, cancellationToken);
        }
        finally
        {
            listener.Dispose();
            LogStopped(_logger, listener.Socket.LocalEndPoint);
        }
    }

    /// <summary>Stops the responder.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        await StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// Handles one datagram as the receive loop does: a search to the group is scheduled after its MX delay and the
    /// returned task completes at once; a unicast search is answered before the task completes.
    /// </summary>
    internal Task HandleDatagramAsync(
        ReadOnlyMemory<byte> datagram,
        IPEndPoint remote,
        bool toMulticastGroup,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var listener = Volatile.Read(ref _listener)
            ?? throw new InvalidOperationException("The SSDP responder is not started.");
        return HandleDatagramAsync(listener, datagram, remote, toMulticastGroup, cancellationToken);
    }

    private Task HandleDatagramAsync(
        Listener listener,
        ReadOnlyMemory<byte> datagram,
        IPEndPoint remote,
        bool toMulticastGroup,
        CancellationToken cancellationToken)
    {
        if (!SsdpMessage.TryParse(datagram.Span, out var message, out var error))
        {
            Drop(remote, error.ToString());
            return Task.CompletedTask;
        }

        // NOTIFYs of other devices, and our own coming back over multicast loopback, are no concern of ours.
        if (message.Kind != SsdpMessageKind.Search)
        {
            LogIgnored(_logger, message.Kind, remote);
            return Task.CompletedTask;
        }

        var searchTarget = message.SearchTarget!;
        var description = _source.Current;
        if (!description.IsEnabled)
        {
            LogDisabled(_logger, remote, searchTarget);
            return Task.CompletedTask;
        }

        if (remote.Port == 0)
        {
            Drop(remote, "source port 0 cannot be answered");
            return Task.CompletedTask;
        }

        var policy = description.Policy;
        if (policy.ReplyDelay == SsdpReplyTiming.NotifyOnly || (!toMulticastGroup && !policy.UnicastSearch))
        {
            // Eero ignores searches sent straight to it; some D-Link routers answer no search at all, only NOTIFY.
            LogIgnoredSearch(_logger, remote, searchTarget, toMulticastGroup ? "the router answers no search" : "the router ignores unicast searches");
            return Task.CompletedTask;
        }

        if (!toMulticastGroup)
        {
            return policy.ReplyDelay == SsdpReplyTiming.Slow
                ? ScheduleIfMatched(listener, description, searchTarget, remote, NextSlowDelay())
                : ReplyAsync(listener, searchTarget, remote, cancellationToken);
        }

        // Strict devices drop multicast searches without MX [mud minissdp.c]; MX above 5 counts as 5.
        if (!int.TryParse(message.Header("MX"), NumberStyles.None, CultureInfo.InvariantCulture, out var mx))
        {
            Drop(remote, "multicast search without a valid MX");
            return Task.CompletedTask;
        }

        return policy.ReplyDelay switch
        {
            // miniupnpd answers at once whatever MX says.
            SsdpReplyTiming.Immediate => ReplyAsync(listener, searchTarget, remote, cancellationToken),
            SsdpReplyTiming.Slow => ScheduleIfMatched(listener, description, searchTarget, remote, NextSlowDelay()),
            _ => ScheduleIfMatched(listener, description, searchTarget, remote, NextDelay(Math.Min(mx, SsdpResponderLimits.MaxMxSeconds))),
        };
    }

    private Task ScheduleIfMatched(Listener listener, SsdpDescription description, string searchTarget, IPEndPoint remote, TimeSpan delay)
    {
        if (SsdpReplyPlan.For(description, searchTarget).Count == 0)
        {
            LogNoMatch(_logger, remote, searchTarget);
            return Task.CompletedTask;
        }

        ScheduleReply(listener, searchTarget, remote, delay);
        return Task.CompletedTask;
    }

    private async Task ReceiveLoopAsync(Listener listener)
    {
        var buffer = new byte[SsdpConstants.MaxDatagramLength + 1];
        var token = listener.Stopping.Token;
        var failuresInRow = 0;
        while (!token.IsCancellationRequested)
        {
            SsdpReceiveResult received;
            try
            {
                received = await listener.Socket.ReceiveAsync(buffer, token);
                failuresInRow = 0;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
            {
                Drop(null, "datagram too long");
                continue;
            }
            catch (Exception e)
            {
                // ConnectionReset and friends report an earlier send's ICMP error, not a broken socket: carry on.
                LogReceiveFailed(_logger, (e as SocketException)?.SocketErrorCode ?? SocketError.SocketError, e);
                if (++failuresInRow >= MaxReceiveFailuresInRow && !await PauseAsync(token))
                {
                    return;
                }

                continue;
            }

            if (received.Truncated || received.Length > SsdpConstants.MaxDatagramLength)
            {
                Drop(received.RemoteEndPoint, "datagram too long");
                continue;
            }

            try
            {
                await HandleDatagramAsync(
                    listener,
                    buffer.AsMemory(0, received.Length),
                    received.RemoteEndPoint,
                    received.LocalAddress.Equals(SsdpConstants.MulticastGroup),
                    token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogHandlingFailed(_logger, received.RemoteEndPoint, e);
            }
        }
    }

    // A socket that fails on every receive would otherwise spin a core.
    private async Task<bool> PauseAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void ScheduleReply(Listener listener, string searchTarget, IPEndPoint remote, TimeSpan delay)
    {
        if (listener.PendingReplyCount >= SsdpResponderLimits.MaxPendingReplies)
        {
            Drop(remote, "too many replies waiting for their MX delay");
            return;
        }

        LogDelayingReply(_logger, remote, searchTarget, delay);
        listener.Track(ReplyLaterAsync(listener, searchTarget, remote, delay));
    }

    private async Task ReplyLaterAsync(Listener listener, string searchTarget, IPEndPoint remote, TimeSpan delay)
    {
        var token = listener.Stopping.Token;
        try
        {
            await Task.Delay(delay, _time, token);
            await ReplyAsync(listener, searchTarget, remote, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped while waiting: a byebye follows, so the reply would only mislead.
        }
        catch (Exception e)
        {
            LogHandlingFailed(_logger, remote, e);
        }
    }

    // Reads the description again: after the MX delay LOCATION and BOOTID may belong to a new boot, or UPnP may be off.
    private async Task ReplyAsync(
        Listener listener,
        string searchTarget,
        IPEndPoint remote,
        CancellationToken cancellationToken)
    {
        var description = _source.Current;
        if (!description.IsEnabled)
        {
            LogDisabled(_logger, remote, searchTarget);
            return;
        }

        var replies = SsdpReplyPlan.For(description, searchTarget);
        if (replies.Count == 0)
        {
            LogNoMatch(_logger, remote, searchTarget);
            return;
        }

        Interlocked.Increment(ref _answeredSearches);
        LogAnswering(_logger, remote, searchTarget, replies.Count);
        foreach (var reply in replies)
        {
            await SendAsync(listener, SsdpMessages.SearchResponse(reply.Advertisement, description, reply.Location), remote, cancellationToken, listener.ReplySocket);
        }
    }

    private async Task AnnounceAsync(Listener? listener, bool alive, CancellationToken cancellationToken)
    {
        if (listener is not { Multicast: true })
        {
            return;
        }

        var description = _source.Current;
        if (!description.IsEnabled)
        {
            return;
        }

        var destination = SsdpConstants.MulticastEndPoint(listener.Socket.LocalEndPoint.Port);
        var advertisements = SsdpSearchTargets.Advertisements(description.RootDevice);
        foreach (var advertisement in advertisements)
        {
            var datagram = alive
                ? SsdpMessages.AliveNotify(advertisement, description)
                : SsdpMessages.ByeByeNotify(advertisement, description);
            await SendAsync(listener, datagram, destination, cancellationToken);
        }

        LogAnnounced(_logger, advertisements.Count, alive ? SsdpConstants.Alive : SsdpConstants.ByeBye, destination);
    }

    private async Task SendAsync(
        Listener listener,
        byte[] datagram,
        IPEndPoint destination,
        CancellationToken cancellationToken,
        ISsdpSocket? through = null)
    {
        try
        {
            await (through ?? listener.Socket).SendAsync(datagram, destination, cancellationToken);
        }
        catch (SocketException e)
        {
            // An ICMP error from an earlier datagram, or a control point gone away: neither should stop the rest.
            LogSendFailed(_logger, destination, e.SocketErrorCode, e);
        }
        catch (ObjectDisposedException)
        {
            // Stopped while sending.
        }
    }

    // D-Link DSL-2730E answered 5 to 10 s late.
    private TimeSpan NextSlowDelay()
    {
        lock (_gate)
        {
            return TimeSpan.FromMilliseconds(_random.Next(5000, 10001));
        }
    }

    private TimeSpan NextDelay(int mxSeconds)
    {
        lock (_gate)
        {
            return TimeSpan.FromMilliseconds(_random.Next(0, (mxSeconds * 1000) + 1));
        }
    }

    private void Drop(IPEndPoint? remote, string reason)
    {
        Interlocked.Increment(ref _droppedDatagrams);
        LogDropped(_logger, remote, reason);
    }
}
