using System.Net;
using System.Security.Cryptography.X509Certificates;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Device.Probe;

/// <summary>A probe unit's control channel: where the server is, who the device is, and how it reconnects.</summary>
public sealed record ProbeUnitOptions
{
    /// <summary>
    /// The server: <c>http://</c>, <c>https://</c>, <c>ws://</c> or <c>wss://</c>; <see cref="ControlProtocol.Path"/> is
    /// appended when the path does not end with it (see <see cref="ControlUri"/>).
    /// </summary>
    public required Uri Server { get; init; }

    /// <summary>
    /// Further instances of the same watchdog (probers sharing one registry): a session that fails or drops moves the
    /// unit on to the next server in turn — <see cref="Server"/>, then these, then <see cref="Server"/> again — so a
    /// device whose instance dies reconnects to another. Same form as <see cref="Server"/>.
    /// </summary>
    /// <value>The default is empty: <see cref="Server"/> only.</value>
    public IReadOnlyList<Uri> AlternateServers { get; init; } = [];

    /// <summary>
    /// The certificates a <c>wss://</c> server's certificate must chain to — a CA, or the server's self-signed
    /// certificate itself — instead of the system's trust store; the certificate must also name the URL's host (see
    /// <see cref="ServerCertificateTrust"/>). A certificate that fails fails the connection, which is retried with the
    /// reconnect backoff. Only for <c>https://</c> and <c>wss://</c> servers.
    /// </summary>
    /// <value>The default is null: the system's trust store.</value>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>The device's id, as registered with the server.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The device's key; the challenge proof is made with it.</summary>
    public required ReadOnlyMemory<byte> Key { get; init; }

    /// <summary>The device's own address: the channel's TCP connection is bound to it.</summary>
    /// <value>The default is null: the operating system chooses.</value>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>
    /// The in-process network the server may be offered on (an emulator world): the channel is then an in-memory
    /// connection instead of a loopback TCP connection. Null, or a server not offered there, connects over the kernel.
    /// </summary>
    public IInProcessNetwork? InProcessNetwork { get; init; }

    /// <summary>The delay before the first reconnect; each further failed attempt waits twice as long, up to <see cref="MaxReconnectDelay"/>.</summary>
    /// <value>The default is 500 milliseconds.</value>
    public TimeSpan MinReconnectDelay { get; init; } = ProbeUnitDefaults.MinReconnectDelay;

    /// <summary>The longest delay between two connection attempts (authentication failures aside).</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan MaxReconnectDelay { get; init; } = ProbeUnitDefaults.MaxReconnectDelay;

    /// <summary>The delay after the server rejected the device's key, instead of the reconnect backoff.</summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan AuthenticationFailureDelay { get; init; } = ProbeUnitDefaults.AuthenticationFailureDelay;

    /// <summary>
    /// Whether a rejection of the key before the server ever welcomed this unit ends it: the unit stops in
    /// <see cref="ProbeUnitState.KeyRejected"/> instead of retrying after <see cref="AuthenticationFailureDelay"/>, as a
    /// command-line agent started with a wrong key should. A rejection after a welcome (the key rotated on the server)
    /// is retried either way.
    /// </summary>
    /// <value>The default is false: every rejection is retried after the long delay.</value>
    public bool StopIfKeyNeverAccepted { get; init; }

    /// <summary>The fraction of each delay that jitter may take off (0 = none, 1 = anything down to zero).</summary>
    /// <value>The default is 0.5.</value>
    public double ReconnectJitter { get; init; } = ProbeUnitDefaults.ReconnectJitter;

    /// <summary>The jitter's seed.</summary>
    /// <value>The default is null: derived from <see cref="DeviceId"/>, so devices do not reconnect in lockstep.</value>
    public int? Seed { get; init; }

    /// <summary>How long connecting, the challenge and the welcome may take together.</summary>
    /// <value>The default is 10 seconds.</value>
    public TimeSpan ConnectTimeout { get; init; } = ProbeUnitDefaults.ConnectTimeout;

    /// <summary>How often the WebSocket pings the server; <see cref="TimeSpan.Zero"/> turns pings off.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan KeepAliveInterval { get; init; } = ProbeUnitDefaults.KeepAliveInterval;

    /// <summary>How long a ping may go unanswered before the channel counts as dropped; <see cref="TimeSpan.Zero"/> never.</summary>
    /// <value>The default is 15 seconds.</value>
    public TimeSpan KeepAliveTimeout { get; init; } = ProbeUnitDefaults.KeepAliveTimeout;

    /// <summary>The WebSocket URI the unit connects to: <see cref="Server"/> with a ws scheme and the control path.</summary>
    /// <exception cref="ArgumentException">The scheme is not http, https, ws or wss.</exception>
    public Uri ControlUri => ToControlUri(Server);

    /// <summary>The WebSocket URIs of <see cref="Server"/> and then <see cref="AlternateServers"/>, in the order they are tried.</summary>
    /// <exception cref="ArgumentException">A scheme is not http, https, ws or wss.</exception>
    public IReadOnlyList<Uri> ControlUris => [ControlUri, .. AlternateServers.Select(ToControlUri)];

    /// <summary>The jitter's seed in use: <see cref="Seed"/>, else a stable hash (FNV-1a) of <see cref="DeviceId"/>.</summary>
    internal int EffectiveSeed => Seed ?? StableHash.Of(DeviceId);

    /// <summary>Every problem of these options at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var servers = new[] { Server }.Concat(AlternateServers ?? []).ToList();
        foreach (var candidate in servers)
        {
            if (candidate is null || !candidate.IsAbsoluteUri || candidate.Scheme is not ("http" or "https" or "ws" or "wss"))
            {
                problems.Add($"Server '{candidate}' must be an absolute http, https, ws or wss URL");
            }
        }

        if (TrustedRoots is { } roots)
        {
            if (roots.Count == 0)
            {
                problems.Add("TrustedRoots must hold at least one certificate, or be null for the system's trust store");
            }

            foreach (var server in servers.Where(server => server is { IsAbsoluteUri: true } && server.Scheme is not ("https" or "wss")))
            {
                problems.Add($"TrustedRoots apply only to an https or wss Server, not '{server}'");
            }
        }

        try
        {
            IdentityHandshake.ValidateDeviceId(DeviceId);
        }
        catch (ArgumentException)
        {
            problems.Add($"DeviceId '{DeviceId}' must be 1-128 printable characters without spaces");
        }

        if (Key.IsEmpty)
        {
            problems.Add("Key must not be empty");
        }

        if (LocalAddress is { } address && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            problems.Add("LocalAddress must be a unicast address of this host, not the wildcard address");
        }

        if (MinReconnectDelay <= TimeSpan.Zero)
        {
            problems.Add($"MinReconnectDelay must be positive, not {MinReconnectDelay}");
        }

        if (MaxReconnectDelay < MinReconnectDelay)
        {
            problems.Add($"MaxReconnectDelay ({MaxReconnectDelay}) must not be shorter than MinReconnectDelay ({MinReconnectDelay})");
        }

        if (AuthenticationFailureDelay <= TimeSpan.Zero)
        {
            problems.Add($"AuthenticationFailureDelay must be positive, not {AuthenticationFailureDelay}");
        }

        if (ReconnectJitter is < 0 or > 1 || double.IsNaN(ReconnectJitter))
        {
            problems.Add($"ReconnectJitter must be between 0 and 1, not {ReconnectJitter}");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout == Timeout.InfiniteTimeSpan)
        {
            problems.Add($"ConnectTimeout must be positive and finite, not {ConnectTimeout}");
        }

        if (KeepAliveInterval < TimeSpan.Zero)
        {
            problems.Add($"KeepAliveInterval must not be negative, not {KeepAliveInterval}");
        }

        if (KeepAliveTimeout < TimeSpan.Zero)
        {
            problems.Add($"KeepAliveTimeout must not be negative, not {KeepAliveTimeout}");
        }

        return problems;
    }

    private static Uri ToControlUri(Uri server)
    {
        var scheme = server.Scheme switch
        {
            "http" or "ws" => "ws",
            "https" or "wss" => "wss",
            _ => throw new ArgumentException($"Server '{server}' must be an http, https, ws or wss URL"),
        };
        var builder = new UriBuilder(server) { Scheme = scheme, Port = server.Port };
        var path = builder.Path.TrimEnd('/');
        if (!path.EndsWith(ControlProtocol.Path, StringComparison.Ordinal))
        {
            path += ControlProtocol.Path;
        }

        builder.Path = path;
        return builder.Uri;
    }
}
