namespace IgdLab.Device.Upnp.Discovery;

/// <summary>What one discovery collected.</summary>
public sealed record SsdpDiscoveryResult
{
    /// <summary>The distinct replies in arrival order (a repeat of the same LOCATION, ST and USN counts once).</summary>
    public required IReadOnlyList<SsdpReply> Replies { get; init; }

    /// <summary>Datagrams that were not usable search replies (garbage, NOTIFY, non-200, no LOCATION, oversized).</summary>
    public int SkippedDatagrams { get; init; }

    /// <summary>Replies dropped as repeats of one already collected.</summary>
    public int DuplicateReplies { get; init; }

    /// <summary>M-SEARCH datagrams the socket could not send.</summary>
    public int FailedSends { get; init; }

    /// <summary>Whether the caller's stop condition ended the search before its timeout.</summary>
    public bool StoppedEarly { get; init; }
}
