namespace IgdLab.Device.Upnp.Soap;

/// <summary>How <see cref="PortMapper"/> works around routers that refuse a mapping as asked.</summary>
public sealed record PortMapperOptions
{
    /// <summary>How many external ports to try for one mapping (the wanted one included) when ports conflict.</summary>
    /// <value>The default is 8.</value>
    public int MaxExternalPortAttempts { get; init; } = UpnpClientDefaults.MaxExternalPortAttempts;

    /// <summary>Whether an IGD:2 router is asked with AddAnyPortMapping to pick a free port after a conflict.</summary>
    /// <value>The default is true.</value>
    public bool UseAddAnyPortMapping { get; init; } = true;

    /// <summary>Whether 501 ActionFailed on an add means "port taken" (routers that report conflicts that way); it is still retried first.</summary>
    /// <value>The default is false.</value>
    public bool TreatActionFailedAsConflict { get; init; }

    /// <summary>Every problem of these options at once; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxExternalPortAttempts < 1)
        {
            problems.Add($"MaxExternalPortAttempts must be at least 1, not {MaxExternalPortAttempts}");
        }

        return problems;
    }
}
