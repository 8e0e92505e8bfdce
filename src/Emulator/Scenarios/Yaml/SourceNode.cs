namespace IgdLab.Emulator.Scenarios.Yaml;

/// <summary>A YAML node that remembers where it was written.</summary>
internal abstract class SourceNode(SourcePosition position)
{
    public SourcePosition Position { get; } = position;

    /// <summary>The nodes in this subtree, itself included; what an alias to it costs when expanded.</summary>
    public abstract int Size { get; }

    /// <summary>What the node is, for messages: "a list", "a mapping", "the value '3'".</summary>
    public abstract string Describe();
}
