namespace IgdLab.Emulator.Scenarios.Yaml;

/// <summary>A one-based line and column in a scenario file; <see cref="Unknown"/> for values built in code.</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>No position: the value did not come from a file.</summary>
    public static SourcePosition Unknown { get; } = new(0, 0);

    public bool IsKnown => Line > 0;

    public override string ToString() => $"{Line}:{Column}";
}
