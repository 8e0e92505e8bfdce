using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Running;

/// <summary>Which of a scenario's <c>backends:</c> to run, all or the one asked for with <c>--backend</c>.</summary>
internal static class BackendSelection
{
    /// <summary>
    /// The backends to run <paramref name="scenario"/> on: null alone for a scenario without <c>backends:</c> (each
    /// gateway plays on its own), each entry in order, or only the one named <paramref name="name"/>.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="name">The backend asked for (<c>virtual</c>, <c>miniupnpd</c>); null for all.</param>
    /// <param name="problem">Why nothing can run: the scenario lists no backends, or not that one.</param>
    /// <returns>The backends; empty when <paramref name="problem"/> is set.</returns>
    public static IReadOnlyList<GatewayBackend?> Select(Scenario scenario, string? name, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        problem = null;
        if (name is null)
        {
            return scenario.Backends.Count == 0 ? [null] : [.. scenario.Backends.Select(b => (GatewayBackend?)b)];
        }

        if (scenario.Backends.Count == 0)
        {
            problem = $"--backend {name}: scenario {scenario.Name} has no backends: list; its gateways say what plays them";
            return [];
        }

        var listed = scenario.Backends.Select(ScenarioVocabulary.NameOf).ToList();
        if (!listed.Contains(name, StringComparer.Ordinal))
        {
            problem = $"--backend {name}: scenario {scenario.Name} does not run on '{name}'{NameSuggester.Hint(name, listed)}";
            return [];
        }

        return [ScenarioVocabulary.Backends[name]];
    }
}
