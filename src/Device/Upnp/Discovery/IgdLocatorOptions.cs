using IgdLab.Device.Upnp.Description;

namespace IgdLab.Device.Upnp.Discovery;

/// <summary>How <see cref="IgdLocator"/> chooses a gateway among the devices that answered.</summary>
public sealed record IgdLocatorOptions
{
    /// <summary>
    /// Whether to stop at the first usable IGD (its probe passing, if there is a probe) instead of waiting out the
    /// discovery timeout and choosing the best of all that answered.
    /// </summary>
    /// <value>The default is false: wait, then choose the best.</value>
    public bool StopAtFirstIgd { get; init; }

    /// <summary>
    /// Checks a usable IGD before it is chosen, e.g. that GetStatusInfo says Connected; true accepts it. Candidates are
    /// probed best first until one passes; an exception counts as a failed probe. Null accepts the best without a check.
    /// </summary>
    /// <value>The default is null.</value>
    public Func<IgdDescription, CancellationToken, Task<bool>>? Probe { get; init; }

    /// <summary>The most distinct LOCATIONs whose descriptions are fetched; later ones are ignored (a LAN flood must not fan out).</summary>
    /// <value>The default is 16.</value>
    public int MaxDescriptions { get; init; } = DiscoveryDefaults.MaxDescriptions;

    /// <summary>Every problem of these options at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        MaxDescriptions < 1 ? [$"MaxDescriptions must be at least 1 (is {MaxDescriptions})"] : [];
}
