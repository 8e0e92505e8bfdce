using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Faults;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The gateway's WAN link on the in-process network, treating each crossing as a real slow, lossy link would: a
/// partition drops everything crossing the way it cuts, loss drops each crossing with its probability, and latency plus
/// jitter delay each one on the gateway's clock. Thread-safe; every loss and jitter draw comes from one seeded stream.
/// It belongs to the gateway, not to a port or an address, so it survives WAN changes and reboots.
/// </summary>
internal sealed class WanLink(WanLinkSettings settings, TimeProvider time, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(settings.Seed);
    private int _partition;

    /// <summary>Which way the link is cut now.</summary>
    public PartitionDirection Partition => (PartitionDirection)Volatile.Read(ref _partition);

    /// <summary>Whether nothing impairs the link now, so a crossing needs no draw and no wait.</summary>
    public bool IsClear => Partition == PartitionDirection.None && settings.IsPerfect;

    /// <summary>Cuts the link in <paramref name="direction"/> (<see cref="PartitionDirection.None"/> heals it); whether it was cut before.</summary>
    public bool SetPartition(PartitionDirection direction) =>
        Interlocked.Exchange(ref _partition, (int)direction) != (int)PartitionDirection.None;

    /// <summary>Whether the partition drops everything crossing in <paramref name="direction"/>.</summary>
    public bool Blocks(PartitionDirection direction) => (Partition & direction) != 0;

    /// <summary>Whether one crossing in <paramref name="direction"/> gets through: not cut off, and not lost (one draw when the link loses).</summary>
    public bool Passes(PartitionDirection direction) => !Blocks(direction) && !Lost();

    /// <summary>How long the next crossing takes: the latency plus a uniform draw within ±jitter, never below zero.</summary>
    public TimeSpan NextDelay()
    {
        if (settings.Jitter == TimeSpan.Zero)
        {
            return settings.Latency;
        }

        double draw;
        lock (_gate)
        {
            draw = _random.NextDouble();
        }

        var delay = settings.Latency + TimeSpan.FromTicks((long)((draw * 2 - 1) * settings.Jitter.Ticks));
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    /// <summary>Waits one crossing's delay on the gateway's clock.</summary>
    public Task CrossAsync(CancellationToken cancellationToken)
    {
        var delay = NextDelay();
        return delay > TimeSpan.Zero ? Task.Delay(delay, time, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>
    /// Carries one datagram across in <paramref name="direction"/> to <paramref name="deliver"/>: dropped when it does not
    /// pass; delivered at once when it takes no time; else copied and delivered after its delay on a task of its own, so
    /// that a slow datagram never holds back the next one and the sender goes on as soon as it is on the wire.
    /// </summary>
    /// <param name="direction">Which way it crosses.</param>
    /// <param name="datagram">The datagram; valid only until the returned task completes.</param>
    /// <param name="deliver">Hands it over on the far side.</param>
    /// <param name="cancellationToken">The sender's token, for a delivery at once.</param>
    /// <param name="later">Abandons a delayed delivery (the port closed); the sender has long gone on by then.</param>
    public ValueTask CarryAsync(
        PartitionDirection direction, ReadOnlyMemory<byte> datagram, DatagramReply deliver, CancellationToken cancellationToken, CancellationToken later)
    {
        if (!Passes(direction))
        {
            return ValueTask.CompletedTask;
        }

        var delay = NextDelay();
        if (delay == TimeSpan.Zero)
        {
            return deliver(datagram, cancellationToken);
        }

        _ = DeliverLaterAsync(datagram.ToArray(), delay, deliver, later);
        return ValueTask.CompletedTask;
    }

    private bool Lost()
    {
        if (settings.Loss <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _random.NextDouble() * 100 < settings.Loss;
        }
    }

    private async Task DeliverLaterAsync(byte[] datagram, TimeSpan delay, DatagramReply deliver, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            await deliver(datagram, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The port closed while the datagram was on its way: lost, as on a wire.
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.LinkDeliveryFailed(logger, ex);
        }
    }
}
