namespace IgdLab.Device.Devices;

/// <summary>
/// Settings of the restore watch (<see cref="RestoreWatchState"/>): after a failed map or remap, how often a device asks
/// whether its gateway answers again, and for how long, before it leaves the restore to the server's instructions.
/// </summary>
/// <remarks>
/// <para>
/// The numbers weigh the restore latency (at most one interval after the router answers again) against the load on
/// the LAN and the router. While the router is silent a poll is one unicast M-SEARCH for upnp:rootdevice, about 130
/// bytes, answered by one ~300-byte datagram once the router is back: ten a second is ~4 KB/s per broken device, and a
/// router answers a unicast search from its SSDP loop without opening a connection. Only when the router answers
/// discovery but refuses the mapping (a SOAP error burst) is the SOAP action itself retried, one short HTTP exchange per
/// interval, and those retries are counted separately (<see cref="MaxAttempts"/>).
/// </para>
/// <para>
/// For comparison: miniupnpc never retries by itself (its callers decide when to call again), and libnatpmp follows
/// RFC 6886, retransmitting after 250 ms and doubling the wait up to nine attempts (about a minute) before it concludes
/// that the gateway does not answer. The watch polls faster at first, since a router that is back should be used at
/// once, but stops like NAT-PMP does: the budget is per outage and renews only when a mapping succeeds. Two minutes
/// covers a consumer router's reboot (tens of seconds); a router still dead after that is left to the server's
/// instructions, which back off up to 30 s, so a dead router is never polled for ever.
/// </para>
/// </remarks>
public sealed record RestoreWatchOptions
{
    /// <summary>Whether a device watches for its gateway's return after a failed remap.</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the gateway is asked whether it answers again.</summary>
    /// <value>The default is 100 milliseconds.</value>
    public TimeSpan Interval { get; init; } = RestoreWatchDefaults.Interval;

    /// <summary>
    /// How long one ask listens for its answer. Asks overlap: a new one goes out every <see cref="Interval"/> while the
    /// earlier ones still listen, so a router that answers slowly (Debian's miniupnpd takes 55–65 ms, others up to the
    /// search's MX) is heard, while one that answers at once is still noticed within an interval.
    /// </summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan AnswerTimeout { get; init; } = RestoreWatchDefaults.AnswerTimeout;

    /// <summary>
    /// The share of <see cref="Interval"/> by which each wait may be shorter, drawn from the seeded random stream, so
    /// that devices that lost their mappings together do not poll in lockstep. Waits never exceed the interval: it
    /// stays the longest a returned gateway goes unnoticed.
    /// </summary>
    /// <value>The default is 0.2 (waits of 80 to 100 ms).</value>
    public double Jitter { get; init; } = RestoreWatchDefaults.Jitter;

    /// <summary>How long one outage is watched before the device leaves the restore to the server's instructions.</summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan MaxDuration { get; init; } = RestoreWatchDefaults.MaxDuration;

    /// <summary>How many remaps (each at least one SOAP round trip) one outage may try while the gateway answers discovery.</summary>
    /// <value>The default is 300 (30 s of retries at the default interval).</value>
    public int MaxAttempts { get; init; } = RestoreWatchDefaults.MaxAttempts;

    /// <summary>The jitter's seed.</summary>
    /// <value>The default is null: derived from the device id, so devices do not poll in lockstep.</value>
    public int? Seed { get; init; }

    /// <summary>Every problem of these options at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Interval <= TimeSpan.Zero || Interval == Timeout.InfiniteTimeSpan)
        {
            problems.Add($"Interval must be positive and finite, not {Interval}");
        }

        if (AnswerTimeout <= TimeSpan.Zero || AnswerTimeout == Timeout.InfiniteTimeSpan)
        {
            problems.Add($"AnswerTimeout must be positive and finite, not {AnswerTimeout}");
        }

        if (double.IsNaN(Jitter) || Jitter is < 0 or >= 1)
        {
            problems.Add($"Jitter must be at least 0 and less than 1, not {Jitter}");
        }

        if (MaxDuration <= TimeSpan.Zero || MaxDuration == Timeout.InfiniteTimeSpan)
        {
            problems.Add($"MaxDuration must be positive and finite, not {MaxDuration}");
        }

        if (MaxAttempts < 1)
        {
            problems.Add($"MaxAttempts must be at least 1, not {MaxAttempts}");
        }

        return problems;
    }
}

/// <summary>The defaults of <see cref="RestoreWatchOptions"/> in one place.</summary>
public static class RestoreWatchDefaults
{
    /// <summary>The jitter: waits up to 0.2 of the interval shorter.</summary>
    public const double Jitter = 0.2;

    /// <summary>The most remaps one outage tries: 300.</summary>
    public const int MaxAttempts = 300;

    /// <summary>The poll interval: 100 ms.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one ask listens for its answer: 1 s.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The most asks listening at once (one socket each): 10, a second of asks at the default interval.</summary>
    public const int MaxAsksInFlight = 10;

    /// <summary>How long one outage is watched: 2 minutes.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(2);
}
