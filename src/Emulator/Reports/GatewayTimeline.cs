namespace IgdLab.Emulator.Reports;

/// <summary>What happened at one gateway over the scenario (scenario time; seconds in JSON).</summary>
public sealed record GatewayTimeline
{
    /// <summary>The gateway's id.</summary>
    public required string Gateway { get; init; }

    /// <summary>The stretches in which it did not answer as it should: rebooting, UPnP off, a SOAP error or delay burst.</summary>
    public IReadOnlyList<GatewayDowntime> Downtimes { get; init; } = [];

    /// <summary>When a device's mapping left its table (dropped by a fault, expired, cleaned up, deleted by the device).</summary>
    public IReadOnlyList<TimeSpan> MappingsRemoved { get; init; } = [];

    /// <summary>When a device's mapping entered its table (a renewal of an existing entry is not an add).</summary>
    public IReadOnlyList<TimeSpan> MappingsAdded { get; init; } = [];

    /// <summary>When its WAN address changed.</summary>
    public IReadOnlyList<TimeSpan> WanChanges { get; init; } = [];
}

/// <summary>A stretch in which a gateway did not answer as it should (scenario time; seconds in JSON).</summary>
/// <param name="Start">When it began.</param>
/// <param name="End">When the gateway answered again; null when it had not by the end.</param>
/// <param name="Cause">What it was, in scenario-file words: <c>reboot</c>, <c>disable-upnp</c>, <c>soap-error</c>, <c>soap-delay</c>.</param>
public sealed record GatewayDowntime(TimeSpan Start, TimeSpan? End, string Cause);
