using System.Xml.Linq;
using IgdLab.CliTestUtilities;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary><c>igdlab run</c> as a process: exit codes, the closing line, the replay command and the report files.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class RunCommandTests() : TempFolderFixture("igdlab-run-")
{
    private const string Quick = """
        name: quick
        description: One drop, watched closely.
        seed: 5
        duration: 4s
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw1
            service: { protocol: TCP, port: 20000 }
        watchdog:
          probeInterval: 500ms
        faults:
          - at: 1s
            device: nas
            action: drop-mapping
        expect:
          remapLatency: { max: LIMIT }
          allReachableAtEnd: true
        """;

    [Test]
    public async Task Run_PassingScenario_Exits0_WritesEveryReport_LastLineCounts()
    {
        var file = Folder.Write("quick.yaml", Quick.Replace("LIMIT", "2s", StringComparison.Ordinal));
        string json = Folder.Combine("out", "r.json"), junit = Folder.Combine("out", "r.xml"), html = Folder.Combine("out", "r.html");

        var result = await ProcessRunner.RunAsync(
            "dotnet", [IgdlabProcess.DllPath, "run", file, "--plain", "--json", json, "--junit", junit, "--html", html], TimeSpan.FromSeconds(120));

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Combined);
        var lines = Lines(result.StandardOutput);
        Assert.That(lines, Has.Some.StartsWith("PASS quick (seed 5, 1 device, 1 fault)"));
        Assert.That(lines[^4..], Is.EqualTo(new[] { $"report: {json}", $"report: {junit}", $"report: {html}", "1 passed, 0 failed" }), "the closing line comes last");
        Assert.That(File.ReadAllText(json), Does.Contain("\"remapLatency\""));
        var testcase = XDocument.Load(junit).Descendants("testcase").Single();
        Assert.That(testcase.Attribute("classname")!.Value, Is.EqualTo(file));
        Assert.That(XDocument.Parse(File.ReadAllText(html)).Descendants().Count(e => e.Name.LocalName == "svg" && (string?)e.Attribute("class") == "timeline whole"), Is.EqualTo(1));
    }

    [Test]
    public async Task Run_ExpectationMissed_Exits1_AndPrintsTheReplayCommand()
    {
        var file = Folder.Write("quick.yaml", Quick.Replace("LIMIT", "1ms", StringComparison.Ordinal));

        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "run", file, "--plain"], TimeSpan.FromSeconds(120));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Combined);
        Assert.That(result.StandardOutput, Does.Contain("remapLatency.max was").And.Contain("limit 1ms"));
        Assert.That(result.StandardOutput, Does.Contain($"replay: igdlab run {file} --seed 5"));
        Assert.That(Lines(result.StandardOutput).Last(), Is.EqualTo("0 passed, 1 failed"));
    }

    [Test]
    public async Task Run_InvalidFile_Exits2_ListsTheProblem_RunsNothing()
    {
        var good = Folder.Write("good.yaml", Quick.Replace("LIMIT", "2s", StringComparison.Ordinal));
        var bad = Folder.Write("bad.yaml", Quick.Replace("LIMIT", "2 seconds", StringComparison.Ordinal));

        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "run", good, bad, "--plain"], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardOutput, Does.Contain($"{bad}:18:24: error: expect.remapLatency.max"));
        Assert.That(result.StandardOutput, Does.Not.Contain("PASS"));
        Assert.That(Lines(result.StandardOutput).Last(), Is.EqualTo("igdlab run: 1 invalid scenario file; nothing was run"));
    }


    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
