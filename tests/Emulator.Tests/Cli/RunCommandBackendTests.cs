using System.Xml.Linq;
using IgdLab.Emulator.Cli;
using IgdLab.Emulator.Reports;
using IgdLab.TestUtilities;
using Spectre.Console;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary>
/// <c>backends:</c> and <c>igdlab run --backend NAME</c>, in process: one run per backend, side by side; a backend the
/// host cannot run is a skipped run with its reason, never a failure and never dropped from the reports.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RunCommandBackendTests() : TempFolderFixture("igdlab-backend-")
{
    private const string NoRoot = "the miniupnpd backend needs root (it creates network namespaces)";

    private const string OnBoth = """
        name: both
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
        backends: [virtual, miniupnpd]
        """;

    [Test]
    [Category("Loopback")]
    public async Task Run_HostWithoutTheDaemon_RunsVirtual_SkipsMiniupnpdWithTheReason_InEveryReport()
    {
        var file = Folder.Write("both.yaml", OnBoth);
        var (json, junit, html) = (Folder.Combine("r.json"), Folder.Combine("r.xml"), Folder.Combine("r.html"));
        using var output = new StringWriter();

        var exit = await RunCommand.RunAsync(
            Options(file) with { Json = json, JUnit = junit, Html = html, MissingMiniupnpdPrerequisite = () => NoRoot },
            Console(output),
            output,
            CancellationToken.None);

        var text = output.ToString();
        Assert.That(exit, Is.EqualTo(ExitCodes.Success), text);
        Assert.That(text, Does.Contain($"SKIP both on miniupnpd: {NoRoot}"));
        Assert.That(text, Does.Contain(Environment.NewLine + "1 passed, 0 failed, 1 skipped" + Environment.NewLine));

        using var stream = File.OpenRead(json);
        var report = JsonReportWriter.Read(stream);
        Assert.That(report.Scenarios.Select(s => (s.Backend, s.Verdict)), Is.EqualTo(new[] { ("virtual", ScenarioVerdict.Passed), ("miniupnpd", ScenarioVerdict.Skipped) }));
        Assert.That(report.Scenarios[1].SkipReason, Is.EqualTo(NoRoot));
        Assert.That(report.Scenarios[0].ReplayCommand, Is.EqualTo($"igdlab run {file} --seed 5 --backend virtual"));

        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.That(suite.Attribute("skipped")!.Value, Is.EqualTo("1"));
        Assert.That(suite.Attribute("failures")!.Value, Is.EqualTo("0"));
        var skipped = suite.Elements("testcase").Single(c => c.Element("skipped") is not null);
        Assert.That(skipped.Attribute("name")!.Value, Is.EqualTo("both on miniupnpd"));
        Assert.That(skipped.Element("skipped")!.Attribute("message")!.Value, Is.EqualTo(NoRoot));

        var page = File.ReadAllText(html);
        Assert.That(page, Does.Contain("Backends compared: both").And.Contain("1 skipped").And.Contain("Not run on this host: " + NoRoot));
    }

    [Test]
    public async Task Run_UnknownBackend_Exits2_WithASuggestion_RunsNothing()
    {
        var file = Folder.Write("both.yaml", OnBoth);
        using var output = new StringWriter();

        var exit = await RunCommand.RunAsync(Options(file) with { Backend = "minupnpd" }, Console(), output, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output.ToString(), Does.Contain($"{file}: error: --backend minupnpd: scenario both does not run on 'minupnpd'; did you mean 'miniupnpd'?"));
        Assert.That(output.ToString(), Does.Contain("igdlab run: nothing was run").And.Not.Contain("PASS"));
    }

    [Test]
    public async Task Run_BackendOnAScenarioWithoutBackends_Exits2()
    {
        var file = Folder.Write("plain.yaml", OnBoth.Replace("backends: [virtual, miniupnpd]", "", StringComparison.Ordinal));
        using var output = new StringWriter();

        var exit = await RunCommand.RunAsync(Options(file) with { Backend = "virtual" }, Console(), output, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(output.ToString(), Does.Contain("--backend virtual: scenario both has no backends: list"));
    }

    [Test]
    [Category("Loopback")]
    public async Task Run_BackendVirtual_RunsOnlyThatBackend()
    {
        var file = Folder.Write("both.yaml", OnBoth);
        var json = Folder.Combine("r.json");
        using var output = new StringWriter();

        await RunCommand.RunAsync(Options(file) with { Backend = "virtual", Json = json }, Console(), output, CancellationToken.None);

        using var stream = File.OpenRead(json);
        var run = JsonReportWriter.Read(stream).Scenarios.Single();
        Assert.That((run.Backend, run.Verdict), Is.EqualTo(("virtual", ScenarioVerdict.Passed)), output.ToString());
        Assert.That(run.DisplayName, Is.EqualTo("both on virtual"));
    }

    private static RunOptions Options(string file) =>
        new([file], Json: null, JUnit: null, Html: null, Seed: null, Parallel: 1, Plain: true);

    private static IAnsiConsole Console(TextWriter? summary = null) => PlainConsoles.To(summary);
}
