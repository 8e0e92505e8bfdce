namespace IgdLab.Emulator.Scenarios.Yaml;

/// <summary>A scalar and how it was written: a plain scalar may be a number, a boolean or null; a quoted one is text.</summary>
internal sealed class SourceScalar(string value, bool isPlain, SourcePosition position) : SourceNode(position)
{
    public string Value { get; } = value;

    /// <summary>Unquoted and untagged, so YAML's core schema reads it as null, bool, number or text.</summary>
    public bool IsPlain { get; } = isPlain;

    /// <summary>An empty plain scalar, <c>~</c> or <c>null</c> (YAML 1.2 core schema).</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override int Size => 1;

    public override string Describe() => IsNull ? "nothing (null)" : IsPlain ? $"'{Value}'" : $"the text \"{Value}\"";
}
