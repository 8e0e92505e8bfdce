namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>What binding one file shares: its problems, its source map and the folder relative paths start from.</summary>
internal sealed record BindingContext(DiagnosticCollector Diagnostics, SourceMap Map, string BaseDirectory);
