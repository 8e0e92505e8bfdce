namespace IgdLab.Device.Upnp.Soap;

/// <summary>The defaults of <see cref="UpnpClientOptions"/> and <see cref="PortMapperOptions"/> in one place.</summary>
public static class UpnpClientDefaults
{
    /// <summary>How many times a transient transport failure is retried: 2.</summary>
    public const int RetryCount = 2;

    /// <summary>How many times 501 ActionFailed is retried: 2 (routers send it for a while after a WAN flap).</summary>
    public const int ActionFailedRetryCount = 2;

    /// <summary>The largest response body read: 1 MiB (a full GetListOfPortMappings of 1024 entries is about 400 KiB).</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>How many external ports the mapper tries for one mapping when ports conflict: 8.</summary>
    public const int MaxExternalPortAttempts = 8;

    /// <summary>The most entries <see cref="IgdSoapClient.GetAllPortMappingsAsync"/> reads: 1024.</summary>
    public const int MaxListedMappings = 1024;

    /// <summary>The lease a mapping asks for: 3600 s, the WANIPConnection:2 recommendation's upper end.</summary>
    public const uint LeaseSeconds = 3600;

    /// <summary>The lease IGD:2 grants for a request of 0, and the fallback when a router refuses 0: one week.</summary>
    public const uint WeekLeaseSeconds = 604800;

    /// <summary>The timeout of one SOAP attempt: 5 s.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The delay before the first retry: 500 ms, doubling for each further retry.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between retries: 5 s.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
}
