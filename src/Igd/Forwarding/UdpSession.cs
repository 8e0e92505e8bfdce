using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The UDP flow of one outside peer endpoint: a socket connected to the internal client relays the peer's datagrams
/// inward and the device's replies back out through the mapping's WAN port. For a client that lives in this process
/// (<see cref="IInProcessNetwork.FindDatagrams"/>) the session has no socket: datagrams go to the client's handler in memory
/// and its replies leave through the WAN port. It ends after the idle timeout, measured with the plane's
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed class UdpSession : IFlow
{
    private readonly DatagramReply _toPeer;
    private readonly Socket? _inside;
    private readonly TaskCompletionSource? _handedOffEnded;
    private readonly ForwardingContext _context;
    private readonly MappingActivity _activity;
    private readonly IPEndPoint _target;
    private readonly FlowAbort _abort = new();
    private ITimer? _idleTimer;
    private long _lastActivity;

    private UdpSession(
        DatagramReply toPeer, Socket? inside, IPEndPoint peer, IPEndPoint target, ForwardingContext context, MappingActivity activity)
    {
        _toPeer = toPeer;
        _target = target;
        _inside = inside;
        _handedOffEnded = inside is null ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        _context = context;
        _activity = activity;
        Peer = peer;
        _lastActivity = context.Time.GetTimestamp();
    }

    /// <summary>The outside peer endpoint the session belongs to.</summary>
    public IPEndPoint Peer { get; }

    /// <summary>False once the session has been aborted or timed out.</summary>
    public bool IsOpen => !_abort.IsRequested;

    /// <inheritdoc />
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Creates the session's socket towards <paramref name="target"/>, or none when the client lives in this process;
    /// throws <see cref="SocketException"/> on failure.
    /// </summary>
    /// <param name="toPeer">Sends a datagram to the peer from the mapping's WAN port (its socket, or the in-process sender's reply).</param>
    /// <param name="peer">The outside peer endpoint.</param>
    /// <param name="target">Where the mapping forwards.</param>
    /// <param name="context">The plane's shared context.</param>
    /// <param name="activity">The mapping's activity.</param>
    public static UdpSession Open(DatagramReply toPeer, IPEndPoint peer, ForwardTarget target, ForwardingContext context, MappingActivity activity)
    {
        if (context.HandOff?.FindDatagrams(target.Internal) is not null)
        {
            return new UdpSession(toPeer, inside: null, peer, target.Internal, context, activity);
        }

        var inside = WanSockets.TowardsInternal(SocketType.Dgram, peer.Address, target.Internal);
        try
        {
            inside.Connect(target.Internal);
            return new UdpSession(toPeer, inside, peer, target.Internal, context, activity);
        }
        catch
        {
            inside.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Start()
    {
        Completion = _inside is null ? WhenHandedOffEndsAsync() : Task.Run(RelayRepliesAsync);
        var timer = _context.Time.CreateTimer(_ => CheckIdle(), null, _context.UdpSessionIdleTimeout, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _idleTimer, timer);
        if (!IsOpen)
        {
            // Aborted while starting: Abort may have looked for the timer before it existed.
            timer.Dispose();
        }
    }

    /// <summary>Sends one datagram from the peer to the internal client; false when the session is over.</summary>
    public async ValueTask<bool> ForwardInwardAsync(ReadOnlyMemory<byte> datagram)
    {
        if (!IsOpen)
        {
            return false;
        }

        Interlocked.Exchange(ref _lastActivity, _context.Time.GetTimestamp());
        try
        {
            if (_inside is not null)
            {
                await _inside.SendAsync(datagram, SocketFlags.None, _abort.Token);
            }
            else if (_context.HandOff?.FindDatagrams(_target) is { } client)
            {
                // Looked up per datagram: a client that has stopped gets nothing, as on a closed port, and one that
                // comes back at the same endpoint gets the flow's datagrams again.
                await client(Peer, datagram, ReplyAsync, _abort.Token);
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            // An ICMP port unreachable from an earlier datagram: the device's port is closed right now, but a real
            // NAT keeps the flow, and the device may come back.
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }

        _activity.Touch();
        return true;
    }

    /// <summary>A reply of the client (from its socket, or handed over in memory), out through the WAN port to the peer.</summary>
    private async ValueTask ReplyAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastActivity, _context.Time.GetTimestamp());
        await _toPeer(datagram, cancellationToken);
        _context.Counters.CountSent(datagram.Length);
        _activity.Touch();
    }

    /// <inheritdoc />
    public void Abort()
    {
        if (!_abort.Request())
        {
            return;
        }

        Volatile.Read(ref _idleTimer)?.Dispose();
        _inside?.Dispose();
        _handedOffEnded?.TrySetResult();
    }

    private async Task WhenHandedOffEndsAsync()
    {
        _context.Counters.FlowOpened();
        await _handedOffEnded!.Task;
        _abort.Dispose();
        _context.Counters.FlowClosed();
    }

    private async Task RelayRepliesAsync()
    {
        _context.Counters.FlowOpened();
        var token = _abort.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                PooledDatagram reply;
                try
                {
                    reply = await PooledDatagram.ReceiveAsync(_inside!, token);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    continue;
                }

                using (reply)
                {
                    await ReplyAsync(reply.Bytes, token);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Aborted, timed out, or the WAN socket closed under us.
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.RelayFailed(_context.Logger, Peer, _target, ex);
        }
        finally
        {
            Abort();
            _abort.Dispose();
            _context.Counters.FlowClosed();
        }
    }

    private void CheckIdle()
    {
        var idle = _context.Time.GetElapsedTime(Interlocked.Read(ref _lastActivity));
        var left = _context.UdpSessionIdleTimeout - idle;
        if (left <= TimeSpan.Zero)
        {
            ForwardingPlane.Log.UdpSessionIdle(_context.Logger, Peer);
            Abort();
            return;
        }

        try
        {
            Volatile.Read(ref _idleTimer)?.Change(left, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Aborted meanwhile.
        }
    }
}
