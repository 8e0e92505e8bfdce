namespace IgdLab.Igd.Forwarding;

/// <summary>The forwarding plane's defaults and limits, in one place.</summary>
internal static class ForwardingDefaults
{
    /// <summary>How long a UDP session lives without a datagram in either direction (Linux conntrack's unreplied UDP timeout is 30 s, replied 120 s).</summary>
    public static readonly TimeSpan UdpSessionIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long a silent router holds a connection on a closed port; conntrack keeps a SYN_SENT entry this long.</summary>
    public static readonly TimeSpan SilentHoldTime = TimeSpan.FromMinutes(2);

    /// <summary>How long the router tries to reach the internal client before it resets the outside connection.</summary>
    public static readonly TimeSpan InternalConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The listen backlog of a mapped TCP port.</summary>
    public const int ListenBacklog = 512;

    /// <summary>The buffer of one TCP pump direction.</summary>
    public const int TcpBufferSize = 16 * 1024;

    /// <summary>The receive buffer of a UDP socket: the largest datagram.</summary>
    public const int UdpBufferSize = 64 * 1024;

    /// <summary>The most connections a silent port holds at once; more are reset.</summary>
    public const int MaxHeldConnectionsPerPort = 256;

    /// <summary>The most UDP sessions one mapping keeps at once; datagrams from further peers are dropped.</summary>
    public const int MaxUdpSessionsPerMapping = 1024;
}
