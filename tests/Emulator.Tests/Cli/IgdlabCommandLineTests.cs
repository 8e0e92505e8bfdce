using IgdLab.CliTestUtilities;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary>The real <c>igdlab</c> process given a wrong or an empty command line.</summary>
public sealed class IgdlabCommandLineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task BareIgdlab_PrintsTheCommandList_AndExits2()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath], Timeout);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardOutput, Does.Contain("Commands:").And.Contain("run <PATH>").And.Contain("profiles").And.Contain("prober"));
        Assert.That(result.StandardError, Does.Not.Contain("Required command was not provided"));
    }

    [Test]
    public async Task Run_MisspelledOption_Exits2_WithOneDidYouMean_AndNoMissingFiles()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "run", "x.yaml", "--paralel", "2", "--seed", "abc"], Timeout);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(
            result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { "igdlab run: unknown option '--paralel'; did you mean '--parallel'?", "igdlab run: --seed must be an integer, not 'abc'" }));
        Assert.That(result.Combined, Does.Not.Contain("no such file"));
    }
}
