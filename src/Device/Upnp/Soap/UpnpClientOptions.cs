using System.Net;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>How the UPnP SOAP client talks to a router: timeouts, retries, response limits and its own address.</summary>
public sealed record UpnpClientOptions
{
    /// <summary>How long one attempt (connect, send, read the whole answer) may take.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan Timeout { get; init; } = UpnpClientDefaults.Timeout;

    /// <summary>How many times a transient transport failure is retried: refused or reset connections, timeouts, HTTP 5xx without a UPnP fault.</summary>
    /// <value>The default is 2; 0 disables these retries.</value>
    public int RetryCount { get; init; } = UpnpClientDefaults.RetryCount;

    /// <summary>
    /// Whether a connection the router refused is retried. A device that can find its router again by discovery turns
    /// this off: a refused control URL usually means the router moved (a reboot onto a new HTTP port) or is down, and
    /// a search answers that in milliseconds, where retries would wait seconds for nothing.
    /// </summary>
    /// <value>The default is true.</value>
    public bool RetryRefusedConnections { get; init; } = true;

    /// <summary>How many times a UPnP 501 ActionFailed is retried (routers send it for a while after a WAN flap).</summary>
    /// <value>The default is 2; 0 treats 501 as final.</value>
    public int ActionFailedRetryCount { get; init; } = UpnpClientDefaults.ActionFailedRetryCount;

    /// <summary>The delay before the first retry; each further retry waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>The default is 500 milliseconds.</value>
    public TimeSpan RetryDelay { get; init; } = UpnpClientDefaults.RetryDelay;

    /// <summary>The longest delay between two attempts.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan MaxRetryDelay { get; init; } = UpnpClientDefaults.MaxRetryDelay;

    /// <summary>The device's own address: outgoing connections are bound to it, so a secure-mode router sees who asks.</summary>
    /// <value>The default is null: the operating system chooses.</value>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>The largest response body accepted; a longer one fails the call.</summary>
    /// <value>The default is 1 MiB.</value>
    public int MaxResponseBytes { get; init; } = UpnpClientDefaults.MaxResponseBytes;

    /// <summary>Every problem of these options at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Timeout <= TimeSpan.Zero || Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            problems.Add($"Timeout must be positive and finite, not {Timeout}");
        }

        if (RetryCount < 0)
        {
            problems.Add($"RetryCount must not be negative, not {RetryCount}");
        }

        if (ActionFailedRetryCount < 0)
        {
            problems.Add($"ActionFailedRetryCount must not be negative, not {ActionFailedRetryCount}");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            problems.Add($"RetryDelay must not be negative, not {RetryDelay}");
        }

        if (MaxRetryDelay < RetryDelay)
        {
            problems.Add($"MaxRetryDelay ({MaxRetryDelay}) must not be shorter than RetryDelay ({RetryDelay})");
        }

        if (MaxResponseBytes < 1024)
        {
            problems.Add($"MaxResponseBytes must be at least 1024, not {MaxResponseBytes}");
        }

        if (LocalAddress is { } address && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            problems.Add("LocalAddress must be a unicast address of this host, not the wildcard address");
        }

        return problems;
    }

    /// <summary>Throws when the options are invalid, listing every problem.</summary>
    internal void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid UpnpClientOptions: {string.Join("; ", problems)}");
        }
    }
}
