using IgdLab.Emulator.Cli;
using IgdLab.CliTestUtilities;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ValidateCommandTests() : TempFolderFixture("igdlab-validate-")
{
    private const string Good = """
        # yaml-language-server: $schema=./scenario.schema.json
        name: good
        duration: 30s
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw1
        faults:
          - at: 10s
            action: change-wan-ip
        """;

    private const string Bad = """
        name: bad
        duration: 30s
        gateways:
          - id: gw1
        devices:
          - id: nas
            gateway: gw2
        watchdog:
          probeIntervall: 1s
        """;

    private const string MyRouter = """
        kind: profile
        name: my-router
        igdVersion: 1
        leases:
          permanentOnly: true
        """;

    [Test]
    public async Task Validate_GoodAndBadFile_PrintsEachProblemAndTallyAndExitsWith2()
    {
        var good = Folder.Write("good.yaml", Good);
        var bad = Folder.Write("bad.yaml", Bad);

        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "validate", good, bad], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(Lines(result.StandardOutput), Is.EqualTo(new[]
        {
            $"{good}: scenario 'good'",
            $"{bad}:7:14: error: devices[0].gateway: no gateway 'gw2' is defined; did you mean 'gw1'?",
            $"{bad}:9:3: error: watchdog.probeIntervall: unknown key in watchdog; did you mean 'probeInterval'?",
            "1 valid, 1 invalid",
        }));
        Assert.That(result.StandardError, Is.Empty);
    }

    [Test]
    public async Task Validate_OnlyGoodFiles_PrintsTheTallyAndExitsWith0()
    {
        var good = Folder.Write("good.yaml", Good);

        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "validate", good], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(Lines(result.StandardOutput), Is.EqualTo(new[] { $"{good}: scenario 'good'", "1 valid, 0 invalid" }));
    }

    [Test]
    public async Task Validate_TheScenarioLibrary_IsAllValid()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "scenarios");

        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "validate", library], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(Lines(result.StandardOutput).Last(), Does.Match(@"^\d+ valid, 0 invalid$"));
    }

    [Test]
    public void Run_Folder_ChecksYamlAndYmlFilesRecursivelyInOrder()
    {
        var good = Folder.Write("b.yaml", Good);
        Folder.Write("sub/a.yml", Bad.Replace("probeIntervall", "probeInterval", StringComparison.Ordinal));
        Folder.Write("notes.txt", "not a scenario");
        using var output = new StringWriter();

        var exitCode = ValidateCommand.Run([Folder.Path], output);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(Lines(output.ToString()), Is.EqualTo(new[]
        {
            $"{good}: scenario 'good'",
            $"{Folder.Combine("sub", "a.yml")}:7:14: error: devices[0].gateway: no gateway 'gw2' is defined; did you mean 'gw1'?",
            "1 valid, 1 invalid",
        }));
    }

    [Test]
    public void Run_TabIndentedScenarioAndProfile_NameTheTabAtItsLine()
    {
        var scenario = Folder.Write("tab.yaml", "name: t\nduration: 30s\ngateways:\n\t- id: gw1\n");
        var user = Folder.Write("user.yaml", Good.Replace("  - id: gw1", "  - id: gw1\n    profile: ./router.yaml", StringComparison.Ordinal));
        Folder.Write("router.yaml", "name: r\nigdVersion: 2\nleases:\n\tmaxSeconds: 60\n");
        using var output = new StringWriter();

        ValidateCommand.Run([scenario, user], output);

        Assert.That(Lines(output.ToString()), Is.EqualTo(new[]
        {
            $"{scenario}:4:1: error: YAML syntax: a tab in the indentation; YAML indents with spaces only",
            $"{user}:6:14: error: gateways[0].profile: router profile file './router.yaml' is invalid: ./router.yaml:4:1: YAML syntax: a tab in the indentation; YAML indents with spaces only",
            "0 valid, 2 invalid",
        }));
    }

    [Test]
    public void Run_MissingPathAndEmptyFolder_CountAsInvalid()
    {
        var empty = Directory.CreateDirectory(Folder.Combine("empty")).FullName;
        var missing = Folder.Combine("missing.yaml");
        using var output = new StringWriter();

        var exitCode = ValidateCommand.Run([missing, empty], output);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(Lines(output.ToString()), Is.EqualTo(new[]
        {
            $"{missing}: error: no such file or folder",
            $"{empty}: error: no scenario files (*.yaml, *.yml) in this folder",
            "0 valid, 2 invalid",
        }));
    }

    [Test]
    public void Run_FolderWithScenarioAndKindProfileFile_ChecksBothAndNamesEach()
    {
        var scenario = Folder.Write("my-bug.yaml", Good.Replace("  - id: gw1", "  - id: gw1\n    profile: ./my-router.yaml", StringComparison.Ordinal));
        var profile = Folder.Write("my-router.yaml", MyRouter);
        using var output = new StringWriter();

        var exitCode = ValidateCommand.Run([Folder.Path], output);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), output.ToString());
        Assert.That(Lines(output.ToString()), Is.EqualTo(new[]
        {
            $"{scenario}: scenario 'good'",
            $"{profile}: router profile 'my-router'",
            "2 valid, 0 invalid",
        }));
    }

    [Test]
    public void Run_ProfileNamedByFileNameInAFolder_IsCheckedAsAProfile()
    {
        var profile = Folder.Write("sub/home.profile.yml", "name: home\nigdVersion: 1\n");
        var json = Folder.Write("office.profile.json", """{"name": "office", "wanSide": "cgnat"}""");
        using var output = new StringWriter();

        var exitCode = ValidateCommand.Run([Folder.Path], output);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), output.ToString());
        Assert.That(Lines(output.ToString()), Is.EqualTo(new[]
        {
            $"{json}: router profile 'office'",
            $"{profile}: router profile 'home'",
            "2 valid, 0 invalid",
        }));
    }

    [Test]
    public void Run_BrokenProfileFileInAFolder_NamesFileLineAndColumn()
    {
        Folder.Write("my-bug.yaml", Good);
        var broken = Folder.Write("my-router.yaml", "kind: profile\nname: my-router\nleases:\n  maxSecond: 60\n");
        using var output = new StringWriter();

        var exitCode = ValidateCommand.Run([Folder.Path], output);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.InvalidInput));
        var lines = Lines(output.ToString());
        Assert.That(lines[0], Is.EqualTo($"{Folder.Combine("my-bug.yaml")}: scenario 'good'"));
        Assert.That(lines[1], Does.StartWith($"{broken}:4:3: ").And.Contain("maxSecond"));
        Assert.That(lines[^1], Is.EqualTo("1 valid, 1 invalid"));
    }

    [Test]
    public void Run_ProfileFileNamedDirectly_IsValidatedAsAProfile()
    {
        var profile = Folder.Write("my-router.yaml", MyRouter);
        var invalid = Folder.Write("bad-router.yaml", "kind: profile\nname: bad\nigdVersion: 3\n");
        using var output = new StringWriter();

        var exitCode = ValidateCommand.Run([profile, invalid], output);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(Lines(output.ToString()), Is.EqualTo(new[]
        {
            $"{profile}: router profile 'my-router'",
            $"{invalid}: igdVersion: must be 1 or 2, not 3",
            "1 valid, 1 invalid",
        }));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
