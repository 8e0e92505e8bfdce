namespace IgdLab.Prober;

/// <summary>The defaults of <see cref="ProberOptions"/>, in one place.</summary>
public static class ProberDefaults
{
    /// <summary>How often every device is probed.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long one probe may take (connect and handshake).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the server pings each control channel.</summary>
    public static readonly TimeSpan ControlKeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>Probes in flight at once.</summary>
    public const int MaxConcurrentProbes = 512;

    /// <summary>Extra probes that must also time out before a timeout counts as a failure.</summary>
    public const int TimeoutConfirmations = 1;

    /// <summary>The pause before a confirming probe.</summary>
    public static readonly TimeSpan ConfirmationDelay = TimeSpan.Zero;

    /// <summary>How long a device has to answer a remap instruction.</summary>
    public static readonly TimeSpan InstructionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The pause after the first failed remap; it doubles with every further failure.</summary>
    public static readonly TimeSpan RemapBackoffMin = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between remap instructions.</summary>
    public static readonly TimeSpan RemapBackoffMax = TimeSpan.FromSeconds(30);

    /// <summary>How long a new control channel may take to authenticate.</summary>
    public static readonly TimeSpan AuthenticationTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many failed authentications one address may make within <see cref="AuthenticationFailureWindow"/>.</summary>
    public const int AuthenticationFailureLimit = 10;

    /// <summary>The window failed authentications are counted in; an address over the limit waits for its end.</summary>
    public static readonly TimeSpan AuthenticationFailureWindow = TimeSpan.FromMinutes(1);

    /// <summary>How often probe results and counters are written to the database.</summary>
    public static readonly TimeSpan PersistInterval = TimeSpan.FromSeconds(1);

    /// <summary>History rows kept per device.</summary>
    public const int HistoryPerDevice = 100;

    /// <summary>Finished remap episodes kept in memory per device.</summary>
    public const int EpisodesPerDevice = 10;
}
