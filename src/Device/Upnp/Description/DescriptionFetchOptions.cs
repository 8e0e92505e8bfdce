namespace IgdLab.Device.Upnp.Description;

/// <summary>How <see cref="IgdDescriptionFetcher"/> fetches a root description.</summary>
public sealed record DescriptionFetchOptions
{
    /// <summary>How long the whole GET, body included, may take.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan Timeout { get; init; } = DescriptionDefaults.FetchTimeout;

    /// <summary>Every problem of these options at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            problems.Add($"Timeout must be positive (is {Timeout})");
        }

        return problems;
    }
}
