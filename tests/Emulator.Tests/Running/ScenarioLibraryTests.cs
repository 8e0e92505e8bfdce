using IgdLab.Emulator.Reports;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>Every file of the scenario library, played in process: each must pass its own expectations.</summary>
[Category("Loopback")]
[Category("Library")]
[Parallelizable(ParallelScope.Children)]
public sealed class ScenarioLibraryTests
{
    private static IEnumerable<TestCaseData> LibraryFiles() =>
        Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "scenarios"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileNameWithoutExtension(path)));

    [TestCaseSource(nameof(LibraryFiles))]
    public async Task Scenario_PassesItsExpectations(string path)
    {
        var loaded = ScenarioLoader.LoadFile(path);
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        var scenario = loaded.Scenario!;
        var seed = scenario.Seed ?? 1;
        StrategyVariant?[] variants = scenario.Compare.Count == 0 ? [null] : [.. scenario.Compare];

        foreach (var variant in variants)
        {
            var result = await ScenarioRunner.RunAsync(new RunSettings { File = path, Scenario = scenario, Seed = seed, Variant = variant });
            var report = ScenarioReportBuilder.Build(result);
            await TestContext.Progress.WriteLineAsync(
                $"{report.DisplayName}: remap {Figure(report.Figures.RemapLatency)}, detection {Figure(report.Figures.DetectionLatency)}, " +
                $"{report.Figures.Instructions} instructions, wall {report.WallTime.TotalSeconds:0.0} s");
            Assert.That(
                report.Verdict,
                Is.EqualTo(ScenarioVerdict.Passed),
                $"{report.DisplayName}: {string.Join("; ", report.FailedExpectations.Select(e => e.Message))} (replay: {report.ReplayCommand})");
        }
    }

    private static string Figure(LatencySummary? latency) =>
        FigureText.Latency(latency);
}
