using IgdLab.Emulator.Scenarios.Yaml;

namespace IgdLab.Emulator.Scenarios;

/// <summary>Collects every problem of one scenario source, so that all of them are reported together.</summary>
internal sealed class DiagnosticCollector(string source)
{
    private readonly List<ScenarioDiagnostic> _items = [];

    public string Source { get; } = source;

    public int Count => _items.Count;

    // A value quoted in a message may span lines (a plain scalar with a blank line in it); a problem is one line of output.
    public void Add(SourcePosition position, string message) =>
        _items.Add(new ScenarioDiagnostic(Source, position.Line, position.Column, message.ReplaceLineEndings("\\n")));

    /// <summary>The problems in file order, those at the same place by message, so that output is stable.</summary>
    public IReadOnlyList<ScenarioDiagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Message, StringComparer.Ordinal)];
}
