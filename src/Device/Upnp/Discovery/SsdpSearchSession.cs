using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>
/// One search: opens the socket, sends every M-SEARCH, and receives until the deadline, the caller's cancellation or
/// <see cref="DisposeAsync"/>, writing each distinct usable reply to <see cref="Replies"/>. Receiving runs on its own,
/// so a slow reader (one fetching descriptions between replies) loses nothing before the deadline.
/// </summary>
internal sealed partial class SsdpSearchSession : IAsyncDisposable
{
    // Far more than any LAN holds; a flood beyond it is counted as skipped, not kept.
    private const int MaxDistinctReplies = 1024;
    private const int MaxReceiveFailuresInRow = 5;

    private readonly DiscoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISsdpSearchSocket _socket;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _running;
    private readonly Channel<SsdpReply> _replies = Channel.CreateUnbounded<SsdpReply>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly HashSet<(string Location, string? SearchTarget, string? Usn)> _seen = [];
    private Task _receiving = Task.CompletedTask;
    private Task _sending = Task.CompletedTask;
    private int _skipped;
    private int _duplicates;
    private int _failedSends;

    private SsdpSearchSession(
        DiscoveryOptions options, TimeProvider time, ILogger logger, ISsdpSearchSocket socket, CancellationToken cancellationToken)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _socket = socket;
        _deadline = new CancellationTokenSource(options.Timeout, time);
        _running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token, _stop.Token);
    }

    /// <summary>Distinct replies as they arrive; completes when the search ends.</summary>
    public ChannelReader<SsdpReply> Replies => _replies.Reader;

    /// <summary>Datagrams that were not usable replies.</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    /// <summary>Repeats of a reply already written.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Searches the socket could not send.</summary>
    public int FailedSends => Volatile.Read(ref _failedSends);

    /// <summary>
    /// Opens the socket and starts the deadline before returning, so a fake clock advanced right after this call
    /// counts against the search; sending and receiving continue in the background.
    /// </summary>
    public static SsdpSearchSession Start(
        DiscoveryOptions options,
        TimeProvider time,
        ILogger logger,
        ISsdpSearchSocketFactory socketFactory,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var socket = socketFactory.Open(options.LocalAddress ?? IPAddress.Any, options.Multicast, options.MulticastTimeToLive);
        var session = new SsdpSearchSession(options, time, logger, socket, cancellationToken);
        var token = session._running.Token;
        LogStarted(logger, socket.LocalEndPoint, options.UnicastEndPoint, options.Multicast ? options.MulticastEndPoint : null, options.SearchTargets.Count, options.Timeout);
        session._receiving = Task.Run(() => session.ReceiveAsync(token), CancellationToken.None);
        session._sending = session.SendAsync(token);
        return session;
    }

    /// <summary>Ends the search at once (an early stop), waits for its loops and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_sending, _receiving);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Both loops end by cancellation; nothing to report.
        }
        finally
        {
            _socket.Dispose();
            _running.Dispose();
            _deadline.Dispose();
            _stop.Dispose();
            LogFinished(_logger, _seen.Count, Skipped, Duplicates, FailedSends);
        }
    }

    private async Task SendAsync(CancellationToken token)
    {
        var destinations = new List<(IPEndPoint EndPoint, string Host)>();
        if (_options.UnicastEndPoint is { } unicast)
        {
            destinations.Add((unicast, unicast.ToString()));
        }

        if (_options.Multicast)
        {
            destinations.Add((_options.MulticastEndPoint, _options.MulticastEndPoint.ToString()));
        }

        var sent = 0;
        foreach (var searchTarget in _options.SearchTargets)
        {
            foreach (var (endPoint, host) in destinations)
            {
                try
                {
                    await _socket.SendAsync(SsdpSearch.Build(searchTarget, _options.Mx, host), endPoint, token);
                    sent++;
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException e)
                {
                    Interlocked.Increment(ref _failedSends);
                    LogSendFailed(_logger, endPoint, searchTarget, e.SocketErrorCode, e);
                }
            }
        }

        if (sent == 0)
        {
            // Nobody can answer a search that never left: do not make the caller wait out the timeout.
            LogNothingSent(_logger);
            await _stop.CancelAsync();
        }
    }

    private async Task ReceiveAsync(CancellationToken token)
    {
        var buffer = new byte[SsdpConstants.MaxDatagramLength + 1];
        var failuresInRow = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                SsdpDatagram datagram;
                try
                {
                    datagram = await _socket.ReceiveAsync(buffer, token);
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
                catch (SocketException e)
                {
                    // ConnectionReset and the like report an ICMP error for an earlier send, not a broken socket.
                    LogReceiveFailed(_logger, e.SocketErrorCode, e);
                    if (++failuresInRow >= MaxReceiveFailuresInRow)
                    {
                        return;
                    }

                    continue;
                }

                Accept(buffer.AsSpan(0, datagram.Length), datagram.RemoteEndPoint);
            }
        }
        finally
        {
            _replies.Writer.TryComplete();
        }
    }

    private void Accept(ReadOnlySpan<byte> datagram, IPEndPoint responder)
    {
        if (!SsdpReplyParser.TryParse(datagram, responder, _time.GetUtcNow(), out var reply, out var problem))
        {
            Interlocked.Increment(ref _skipped);
            LogSkipped(_logger, responder, problem);
            return;
        }

        if (!_seen.Add((reply.Location.AbsoluteUri, reply.SearchTarget, reply.UniqueServiceName)))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        if (_seen.Count > MaxDistinctReplies)
        {
            Interlocked.Increment(ref _skipped);
            LogSkipped(_logger, responder, "too many distinct replies");
            return;
        }

        LogReply(_logger, responder, reply.SearchTarget, reply.Location);
        _replies.Writer.TryWrite(reply);
    }
}
