namespace IgdLab.Emulator.Scenarios.Yaml;

/// <summary>One <c>key: value</c> of a <see cref="SourceMapping"/>.</summary>
internal sealed record SourceEntry(SourceScalar Key, SourceNode Value);
