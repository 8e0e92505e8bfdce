namespace IgdLab.Device.Probe;

/// <summary>The defaults of <see cref="ProbeUnitOptions"/> in one place.</summary>
public static class ProbeUnitDefaults
{
    /// <summary>The fraction of a reconnect delay that jitter may take off: 0.5 (a delay lands between half and all of its step).</summary>
    public const double ReconnectJitter = 0.5;

    /// <summary>The first reconnect delay: 500 ms, doubling with every failed attempt.</summary>
    public static readonly TimeSpan MinReconnectDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest reconnect delay: 30 s.</summary>
    public static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

    /// <summary>The delay after the server rejected the device's key: 5 minutes (a wrong key does not fix itself soon).</summary>
    public static readonly TimeSpan AuthenticationFailureDelay = TimeSpan.FromMinutes(5);

    /// <summary>How long connecting and the challenge-response may take together: 10 s.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How often the WebSocket pings the server: 15 s.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>How long a ping may go unanswered before the channel counts as dropped: 15 s.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(15);
}
