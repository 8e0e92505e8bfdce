using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Scenarios.Yaml;

namespace IgdLab.Emulator.Tests.Scenarios;

/// <summary>Loads scenario text named <c>test.yaml</c> and renders its diagnostics as the CLI prints them.</summary>
internal static class ScenarioText
{
    public const string Source = "test.yaml";

    /// <summary>The smallest valid scenario, seven lines: tests append to it.</summary>
    public const string Minimal = """
        name: t
        duration: 60s
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw1
        """;

    public static ScenarioLoadResult Load(string yaml, string? baseDirectory = null, YamlLimits? limits = null) =>
        ScenarioLoader.Parse(yaml, Source, baseDirectory ?? AppContext.BaseDirectory, limits ?? YamlLimits.Default);

    /// <summary>The diagnostics as <c>test.yaml:line:column: error: message</c> lines.</summary>
    public static IReadOnlyList<string> Problems(string yaml, string? baseDirectory = null, YamlLimits? limits = null) =>
        [.. Load(yaml, baseDirectory, limits).Diagnostics.Select(d => d.ToString())];

    /// <summary>The folder of the scenario library copied next to the tests.</summary>
    public static string LibraryFolder => Path.Combine(AppContext.BaseDirectory, "scenarios");
}
