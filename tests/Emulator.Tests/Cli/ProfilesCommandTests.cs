using IgdLab.CliTestUtilities;
using IgdLab.Emulator.Cli;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProfilesCommandTests() : TempFolderFixture("igdlab-profiles-")
{
    private static IEnumerable<string> BuiltInNames => RouterProfileCatalog.BuiltIn.Keys.Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(BuiltInNames))]
    public void Show_BuiltInProfile_PrintsYamlThatParsesBackToTheSameProfile(string name)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = ProfilesCommand.Show(name, output, error);
        var parsed = RouterProfileCatalog.Parse(output.ToString(), $"{name}.yaml");

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), error.ToString());
        // Compared as written text: the record's Equals would compare list members by reference.
        Assert.That(RouterProfileYaml.Write(parsed), Is.EqualTo(RouterProfileYaml.Write(RouterProfileCatalog.BuiltIn[name])));
        Assert.That(error.ToString(), Is.Empty);
    }

    [Test]
    public void Show_SavedOutput_ShowsTheSameAgainFromTheFile()
    {
        using var builtIn = new StringWriter();
        ProfilesCommand.Show("miniupnpd", builtIn, TextWriter.Null);
        var file = Folder.Write("my-router.yaml", builtIn.ToString());
        using var fromFile = new StringWriter();

        var exitCode = ProfilesCommand.Show(file, fromFile, TextWriter.Null);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success));
        Assert.That(fromFile.ToString(), Is.EqualTo(builtIn.ToString()));
    }

    [Test]
    public void Show_UnknownName_SaysWhichWasMeantAndExits2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = ProfilesCommand.Show("minupnpd", output, error);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.ToString().TrimEnd(), Does.StartWith("igdlab profiles show: unknown router profile 'minupnpd'; did you mean 'miniupnpd'? (built-in: ").And.Contain(" miniupnpd, "));
        Assert.That(output.ToString(), Is.Empty);
    }

    [Test]
    public void Show_InvalidProfileFile_NamesFileLineAndColumnAndExits2()
    {
        var file = Folder.Write("broken.yaml", "name: broken\nleases:\n  maxSecond: 60\n");
        using var error = new StringWriter();

        var exitCode = ProfilesCommand.Show(file, TextWriter.Null, error);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.InvalidInput));
        Assert.That(error.ToString(), Does.StartWith($"{file}:3:3: "));
    }

    [Test]
    public async Task ProfilesShow_UnknownName_Exits2WithTheErrorOnStandardError()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "profiles", "show", "standrd"], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.InvalidInput), result.Combined);
        Assert.That(result.StandardError, Does.Contain("did you mean 'standard'?"));
        Assert.That(result.StandardOutput, Is.Empty);
    }
}
