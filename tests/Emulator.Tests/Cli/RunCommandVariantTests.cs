using IgdLab.Emulator.Cli;
using IgdLab.Emulator.Reports;
using IgdLab.TestUtilities;
using Spectre.Console;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary><c>igdlab run --variant NAME</c>, in process: only that variant of a compared scenario runs, as the report's replay line says.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RunCommandVariantTests() : TempFolderFixture("igdlab-variant-")
{
    private const string Compared = """
        name: compared
        seed: 5
        duration: 2s
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw1
            service: { protocol: TCP, port: 20000 }
        faults:
          - at: 1s
            device: nas
            action: drop-mapping
        compare:
          - name: watchdog
            strategy: watchdog
          - name: renew 1s
            strategy: renew
            renew: { every: 1s }
        """;

    [Test]
    public async Task Run_UnknownVariant_Exits2_ListsTheVariants_RunsNothing()
    {
        var file = Write();
        using var output = new StringWriter();

        var exit = await RunCommand.RunAsync(Options(file, "renew"), Console(), output, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output.ToString(), Does.Contain($"{file}: error: --variant renew: scenario compared has no such variant; its variants: watchdog, renew 1s"));
        Assert.That(output.ToString(), Does.Contain("igdlab run: nothing was run").And.Not.Contain("PASS").And.Not.Contain("FAIL"));
    }

    [Test]
    [Category("Loopback")]
    public async Task Run_Variant_RunsOnlyThatVariant_WhoseReplayLineSelectsItAgain()
    {
        var file = Write();
        var json = Folder.Combine("report.json");
        using var output = new StringWriter();

        await RunCommand.RunAsync(Options(file, "renew 1s") with { Json = json }, Console(), output, CancellationToken.None);

        using var stream = File.OpenRead(json);
        var report = JsonReportWriter.Read(stream);
        var run = report.Scenarios.Single();
        Assert.That(run.Variant, Is.EqualTo("renew 1s"), output.ToString());
        Assert.That(run.Verdict, Is.Not.EqualTo(ScenarioVerdict.Error), run.Error);
        Assert.That(run.ReplayCommand, Is.EqualTo($"igdlab run {file} --seed 5 --variant 'renew 1s'"));
        Assert.That(run.Devices.Single().Strategy, Does.StartWith("renew"));
    }

    private static RunOptions Options(string file, string variant) =>
        new([file], Json: null, JUnit: null, Html: null, Seed: null, Parallel: 1, Plain: true) { Variant = variant };

    private static IAnsiConsole Console() => PlainConsoles.To(null);

    private string Write() => Folder.Write("compared.yaml", Compared);
}
