namespace IgdLab.Emulator.Scenarios.Yaml;

/// <summary>A YAML sequence (a list).</summary>
internal sealed class SourceSequence(IReadOnlyList<SourceNode> items, int size, SourcePosition position) : SourceNode(position)
{
    public IReadOnlyList<SourceNode> Items { get; } = items;

    public override int Size { get; } = size;

    public override string Describe() => "a list";
}
