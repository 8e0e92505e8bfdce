using System.Diagnostics.CodeAnalysis;

namespace IgdLab.Emulator.Scenarios;

/// <summary>The outcome of loading one scenario file: the scenario when it is valid, else every problem found.</summary>
public sealed record ScenarioLoadResult(string Source, Scenario? Scenario, IReadOnlyList<ScenarioDiagnostic> Diagnostics)
{
    /// <summary>Whether the file is a valid scenario (no diagnostics, so <see cref="Scenario"/> is set).</summary>
    [MemberNotNullWhen(true, nameof(Scenario))]
    public bool IsValid => Scenario is not null && Diagnostics.Count == 0;
}
