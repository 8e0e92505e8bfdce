namespace IgdLab.Benchmarks;

/// <summary>One measured window of a closed-loop load.</summary>
/// <param name="Workers">How many operations were in flight at any time.</param>
/// <param name="Elapsed">From the window's start until the last operation ended.</param>
/// <param name="Latency">The durations of the operations that succeeded.</param>
/// <param name="Errors">Operations that failed or threw.</param>
/// <param name="Resources">What the whole process used during the window.</param>
internal sealed record LoadResult(int Workers, TimeSpan Elapsed, Distribution Latency, long Errors, ResourceUse Resources)
{
    /// <summary>How long the load ran before this window, to let the JIT settle.</summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>Successful operations.</summary>
    public int Completed => Latency.Count;

    /// <summary>Successful operations per second.</summary>
    public double Rate => Completed / Elapsed.TotalSeconds;

    /// <summary>Managed bytes the process allocated per successful operation.</summary>
    public double AllocatedPerOperation => Completed == 0 ? 0 : (double)Resources.AllocatedBytes / Completed;
}
