namespace IgdLab.Device.PortControl;

/// <summary>
/// How a NAT-PMP or PCP client retransmits: the first wait for an answer, doubled after each silence, up to a cap,
/// for a number of tries, each wait shortened or lengthened by up to <see cref="Jitter"/> (RFC 6887 §8.1.1's RAND).
/// </summary>
public sealed record PortControlClientOptions
{
    /// <summary>RFC 6886 §3.1: 250 ms, doubling, nine tries (about 128 s in all), no jitter.</summary>
    public static PortControlClientOptions NatPmp { get; } = new()
    {
        InitialTimeout = TimeSpan.FromMilliseconds(250),
        MaxTimeout = TimeSpan.FromSeconds(64),
        MaxAttempts = 9,
        Jitter = 0,
    };

    /// <summary>
    /// RFC 6887 §8.1.1: IRT 3 s, doubling up to MRT 1024 s, ±10 % jitter. The RFC retries without end (MRC 0); a device
    /// gives up after four tries (about 45 s), reports the failure, and its strategy tries again later.
    /// </summary>
    public static PortControlClientOptions Pcp { get; } = new()
    {
        InitialTimeout = TimeSpan.FromSeconds(3),
        MaxTimeout = TimeSpan.FromSeconds(1024),
        MaxAttempts = 4,
        Jitter = 0.1,
    };

    /// <summary>How long the first try waits for an answer.</summary>
    public TimeSpan InitialTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait of one try.</summary>
    public TimeSpan MaxTimeout { get; init; } = TimeSpan.FromSeconds(64);

    /// <summary>How many times a request is sent before the client gives up.</summary>
    public int MaxAttempts { get; init; } = 9;

    /// <summary>The share (0 to 0.5) by which each wait is randomly shortened or lengthened.</summary>
    public double Jitter { get; init; }

    /// <summary>The seed of the jitter.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Every problem of these options at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (InitialTimeout <= TimeSpan.Zero)
        {
            problems.Add("InitialTimeout must be positive");
        }

        if (MaxTimeout < InitialTimeout)
        {
            problems.Add("MaxTimeout must be at least InitialTimeout");
        }

        if (MaxAttempts < 1)
        {
            problems.Add("MaxAttempts must be at least 1");
        }

        if (Jitter is < 0 or > 0.5)
        {
            problems.Add("Jitter must be between 0 and 0.5");
        }

        return problems;
    }
}
