using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Running;

/// <summary>Which strategy variants of a scenario a run plays: all of them, or the one <c>--variant</c> names.</summary>
internal static class VariantSelection
{
    /// <summary>
    /// The variants to run <paramref name="scenario"/> with: null alone for a scenario without <c>compare:</c>, each
    /// <c>compare:</c> entry in order, or only the one named <paramref name="name"/>.
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="name">The variant asked for (exact name); null for all.</param>
    /// <param name="problem">Why nothing can run: the scenario compares nothing, or has no variant of that name.</param>
    /// <returns>The variants; empty when <paramref name="problem"/> is set.</returns>
    public static IReadOnlyList<StrategyVariant?> Select(Scenario scenario, string? name, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        problem = null;
        if (name is null)
        {
            return scenario.Compare.Count == 0 ? [null] : [.. scenario.Compare];
        }

        if (scenario.Compare.Count == 0)
        {
            problem = $"--variant {name}: scenario {scenario.Name} has no compare: entries";
            return [];
        }

        var chosen = scenario.Compare.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));
        if (chosen is null)
        {
            problem = $"--variant {name}: scenario {scenario.Name} has no such variant; its variants: {string.Join(", ", scenario.Compare.Select(v => v.Name))}";
            return [];
        }

        return [chosen];
    }
}
