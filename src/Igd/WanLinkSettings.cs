namespace IgdLab.Igd;

/// <summary>
/// How the gateway's WAN link on the in-process network (<see cref="VirtualGatewayOptions.WanNetwork"/>) treats what
/// crosses it, as a real slow and lossy link would: every crossing waits <see cref="Latency"/> plus a uniform
/// <see cref="Jitter"/>, and is lost with the probability <see cref="Loss"/>. A kernel socket's link cannot be impaired.
/// </summary>
public sealed record WanLinkSettings
{
    /// <summary>How long each crossing takes, one way.</summary>
    /// <value>The default is zero.</value>
    public TimeSpan Latency { get; init; }

    /// <summary>The most a crossing's delay differs from <see cref="Latency"/>, either way (uniform; never below zero).</summary>
    /// <value>The default is zero.</value>
    public TimeSpan Jitter { get; init; }

    /// <summary>The chance, in percent from 0 to 100, that a crossing is lost.</summary>
    /// <value>The default is 0.</value>
    public double Loss { get; init; }

    /// <summary>The seed of the link's loss and jitter draws.</summary>
    /// <value>The default is 1.</value>
    public int Seed { get; init; } = 1;

    /// <summary>Whether the link neither delays nor loses anything.</summary>
    public bool IsPerfect => Latency == TimeSpan.Zero && Jitter == TimeSpan.Zero && Loss == 0;

    /// <summary>Every problem of these settings at once; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Latency < TimeSpan.Zero)
        {
            problems.Add("WanLink.Latency must not be negative");
        }

        if (Jitter < TimeSpan.Zero)
        {
            problems.Add("WanLink.Jitter must not be negative");
        }

        if (!(Loss is >= 0 and <= 100))
        {
            problems.Add($"WanLink.Loss must be a percentage from 0 to 100, not {Loss}");
        }

        return problems;
    }
}
