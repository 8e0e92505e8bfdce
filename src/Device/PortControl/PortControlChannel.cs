using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts;

namespace IgdLab.Device.PortControl;

/// <summary>
/// One UDP socket from a device's own address to its gateway's NAT-PMP/PCP port: sends a request, waits for the
/// answer that matches it, and retransmits on silence as <see cref="PortControlClientOptions"/> says. One request at a
/// time; datagrams from anyone but the gateway, and answers to other requests, are ignored.
/// </summary>
public sealed class PortControlChannel : IDisposable
{
    private readonly DatagramPort _socket;
    private readonly PortControlClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Opens a socket on <paramref name="localAddress"/> (an ephemeral port) towards <paramref name="gateway"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PortControlChannel(IPAddress localAddress, IPEndPoint gateway, PortControlClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid port-control client options: " + string.Join("; ", problems), nameof(options));
        }

        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _random = new Random(options.Seed);
        Gateway = gateway;
        // A socket of the device's network: on a simulated network the gateway answers in memory.
        _socket = DatagramPort.Bind(new IPEndPoint(localAddress, 0));
    }

    /// <summary>The gateway's NAT-PMP/PCP endpoint.</summary>
    public IPEndPoint Gateway { get; }

    /// <summary>
    /// Sends <paramref name="request"/> and returns the first datagram from the gateway that <paramref name="matches"/>
    /// accepts, retransmitting on silence.
    /// </summary>
    /// <exception cref="PortControlException">No matching answer after every try (<see cref="PortControlException.TimedOut"/>).</exception>
    public async Task<byte[]> ExchangeAsync(byte[] request, Func<byte[], bool> matches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(matches);
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var buffer = new byte[PortControlWire.MaxMessageLength];
            var wait = _options.InitialTimeout;
            for (var attempt = 1; attempt <= _options.MaxAttempts; attempt++)
            {
                // The wait runs from the send, so its timer is armed first: a gateway (or a test on a fake clock) that
                // sees the datagram always finds the retransmission timer already running.
                using var timeout = new CancellationTokenSource(Jittered(wait), _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                await _socket.SendToAsync(request, Gateway, cancellationToken);
                try
                {
                    while (true)
                    {
                        var (length, from) = await _socket.ReceiveFromAsync(buffer, linked.Token);
                        var answer = buffer[..length];
                        if (from.Equals(Gateway) && matches(answer))
                        {
                            return answer;
                        }
                    }
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // Silence: send again, waiting twice as long.
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    // ICMP port unreachable: nothing listens on the gateway's port (now). Counts as silence, after the wait.
                    await UntilCancelled(linked.Token);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                wait = wait * 2 > _options.MaxTimeout ? _options.MaxTimeout : wait * 2;
            }

            throw new PortControlException($"no answer from {Gateway} after {_options.MaxAttempts} tries") { TimedOut = true };
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _socket.Dispose();
        _oneAtATime.Dispose();
    }

    // Waits out the armed timeout (or the caller's cancellation) without throwing.
    private Task UntilCancelled(CancellationToken token) =>
        Task.Delay(Timeout.InfiniteTimeSpan, _time, token).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private TimeSpan Jittered(TimeSpan wait)
    {
        if (_options.Jitter == 0)
        {
            return wait;
        }

        lock (_random)
        {
            return wait * (1 + (((_random.NextDouble() * 2) - 1) * _options.Jitter));
        }
    }
}
