namespace IgdLab.Emulator.Scenarios.Yaml;

/// <summary>A YAML mapping with scalar keys, in file order, duplicate keys already reported and dropped.</summary>
internal sealed class SourceMapping(IReadOnlyList<SourceEntry> entries, int size, SourcePosition position) : SourceNode(position)
{
    public IReadOnlyList<SourceEntry> Entries { get; } = entries;

    public override int Size { get; } = size;

    public SourceEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Value == key);

    public override string Describe() => "a mapping";
}

