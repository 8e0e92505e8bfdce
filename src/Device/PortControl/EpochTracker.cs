namespace IgdLab.Device.PortControl;

/// <summary>
/// A client's view of its gateway's epoch (NAT-PMP's seconds since start of epoch, PCP's epoch time): whether the
/// gateway lost its state since the last answer. RFC 6887 §8.5, which RFC 6886 §3.6 also comes to: lost when the
/// epoch went back by more than a second, or when the server's and the client's elapsed times disagree by more than
/// 2 s plus a sixteenth.
/// </summary>
public sealed class EpochTracker(TimeProvider time)
{
    private readonly Lock _gate = new();
    private uint? _epoch;
    private long _seenAt;
    private long _losses;

    /// <summary>The last epoch seen, or null before the first answer.</summary>
    public uint? Last
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    /// <summary>How many times an observed epoch showed lost state: a change of it between two moments means a restart in between.</summary>
    public long Losses => Interlocked.Read(ref _losses);

    /// <summary>Records an epoch the gateway sent; true when it shows the gateway lost its state since the last one.</summary>
    public bool Observe(uint epoch)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var lost = false;
            if (_epoch is { } previous)
            {
                var client = time.GetElapsedTime(_seenAt, now).TotalSeconds;
                var server = (double)epoch - previous;
                lost = epoch + 1L < previous
                    || client + 2 < server - (server / 16)
                    || server + 2 < client - (client / 16);
            }

            _epoch = epoch;
            _seenAt = now;
            if (lost)
            {
                Interlocked.Increment(ref _losses);
            }

            return lost;
        }
    }
}
