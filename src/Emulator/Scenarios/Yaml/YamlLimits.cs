namespace IgdLab.Emulator.Scenarios.Yaml;

/// <summary>
/// Bounds on what a scenario file may cost to read. A hand-written scenario is a few kilobytes and a few hundred
/// nodes; the bounds stop a hostile or broken file (an alias bomb, a runaway generator) long before memory runs out.
/// </summary>
internal sealed record YamlLimits
{
    /// <summary>The default limits.</summary>
    public static YamlLimits Default { get; } = new();

    /// <summary>The largest file read, in bytes.</summary>
    /// <value>The default is 1 MiB.</value>
    public long MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>The most nodes a document may expand to, aliases and merge keys counted at their full size.</summary>
    /// <value>The default is 100 000.</value>
    public int MaxNodes { get; init; } = 100_000;

    /// <summary>The deepest nesting of lists and mappings.</summary>
    /// <value>The default is 64.</value>
    public int MaxDepth { get; init; } = 64;
}
