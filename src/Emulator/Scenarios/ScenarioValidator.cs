using IgdLab.Emulator.Scenarios.Binding;
using IgdLab.Emulator.Scenarios.Validation;

namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// Checks a scenario's values, references and schedule. <see cref="ScenarioLoader"/> runs it on every file; call it
/// directly for scenarios built or changed in code (their problems have no line and column).
/// </summary>
public static class ScenarioValidator
{
    /// <summary>Every problem of <paramref name="scenario"/>; empty when it is valid.</summary>
    public static IReadOnlyList<ScenarioDiagnostic> Validate(Scenario scenario, string source = "scenario")
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var diagnostics = new DiagnosticCollector(source);
        Validate(scenario, new SourceMap(), diagnostics);
        return diagnostics.Sorted();
    }

    internal static void Validate(Scenario scenario, SourceMap map, DiagnosticCollector diagnostics) =>
        new ScenarioRules(scenario, map, diagnostics).Check();
}
