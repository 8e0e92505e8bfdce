using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
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

    /// <summary>
    /// Plays scenario <paramref name="yaml"/> (which must load without a problem) as file <paramref name="file"/> with
    /// <paramref name="seed"/>, and returns the run and its report.
    /// </summary>
    public static async Task<(RunResult Result, ScenarioReport Report)> PlayAsync(string yaml, string file, int seed = 1)
    {
        var loaded = ScenarioLoader.Parse(yaml, file);
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        var result = await ScenarioRunner.RunAsync(new RunSettings { File = file, Scenario = loaded.Scenario!, Seed = seed });
        return (result, ScenarioReportBuilder.Build(result));
    }

    /// <summary>The folder of the scenario library copied next to the tests.</summary>
    public static string LibraryFolder => Path.Combine(AppContext.BaseDirectory, "scenarios");
}
