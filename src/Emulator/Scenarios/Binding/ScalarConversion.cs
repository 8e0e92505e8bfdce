using IgdLab.Emulator.Scenarios.Yaml;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>Converts a YAML node; returns the problem, or null on success.</summary>
internal delegate string? ScalarConversion<T>(SourceNode node, out T value);
