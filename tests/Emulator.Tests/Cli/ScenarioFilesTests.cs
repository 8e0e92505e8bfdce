using IgdLab.Emulator.Cli;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ScenarioFilesTests() : TempFolderFixture("igdlab-scenario-files-")
{
    private const string MyBug = """
        name: my-bug
        duration: 30s
        gateways:
          - id: gw1
            profile: ./my-router.yaml
        devices:
          - id: nas
            gateway: gw1
        """;

    private const string MyRouter = """
        kind: profile
        name: my-router
        igdVersion: 1
        """;

    [Test]
    public void Load_RunFolderWithProfileFiles_RunsOnlyTheScenarioWithTheProfileFromItsFolder()
    {
        var scenario = Folder.Write("bugs/my-bug.yaml", MyBug);
        Folder.Write("bugs/my-router.yaml", MyRouter);
        Folder.Write("bugs/spare.profile.yaml", "name: spare\n");
        using var output = new StringWriter();

        var files = ScenarioFiles.Load([Folder.Path], output, ScenarioFileUse.Run);

        Assert.That(files.Scenarios.Select(s => s.File), Is.EqualTo(new[] { scenario }));
        Assert.That(files.Scenarios[0].Scenario.Gateways[0].Profile.Name, Is.EqualTo("my-router"), "./ is the scenario file's folder");
        Assert.That((files.Invalid, files.Profiles), Is.EqualTo((0, 0)));
        Assert.That(output.ToString(), Is.Empty);
    }

    [Test]
    public void Load_RunWithAProfileFileNamedDirectly_CountsItInvalid()
    {
        var profile = Folder.Write("my-router.yaml", MyRouter);
        using var output = new StringWriter();

        var files = ScenarioFiles.Load([profile], output, ScenarioFileUse.Run);

        Assert.That((files.Scenarios.Count, files.Invalid), Is.EqualTo((0, 1)));
        Assert.That(output.ToString().TrimEnd(), Is.EqualTo($"{profile}: error: this is a router profile file, not a scenario; scenarios use it with profile: PATH"));
    }

    [Test]
    public void Load_RunFolderOfOnlyProfiles_CountsTheFolderInvalid()
    {
        Folder.Write("my-router.yaml", MyRouter);
        using var output = new StringWriter();

        var files = ScenarioFiles.Load([Folder.Path], output, ScenarioFileUse.Run);

        Assert.That(files.Invalid, Is.EqualTo(1));
        Assert.That(output.ToString().TrimEnd(), Is.EqualTo($"{Folder.Path}: error: only router profile files in this folder; no scenario to run"));
    }

    [Test]
    public void Load_ValidateFolder_CountsProfilesAsValidFiles()
    {
        Folder.Write("my-bug.yaml", MyBug);
        Folder.Write("my-router.yaml", MyRouter);

        var files = ScenarioFiles.Load([Folder.Path], TextWriter.Null, ScenarioFileUse.Validate);

        Assert.That((files.Scenarios.Count, files.Profiles, files.Valid, files.Invalid), Is.EqualTo((1, 1, 2, 0)));
    }
}
