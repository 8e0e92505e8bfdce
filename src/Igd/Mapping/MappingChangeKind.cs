namespace IgdLab.Igd.Mapping;

/// <summary>The kinds of <see cref="MappingChange"/>.</summary>
internal enum MappingChangeKind
{
    /// <summary>A new mapping was committed.</summary>
    Added,

    /// <summary>A mapping was overwritten (renewal) or its state changed (zombified).</summary>
    Updated,

    /// <summary>A mapping left the table.</summary>
    Removed,
}
