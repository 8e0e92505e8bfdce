using IgdLab.CliTestUtilities;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// The real-router backend's evidence of fidelity: a library scenario run with its gateway played by Debian's
/// miniupnpd (<c>backend: miniupnpd</c>) gives the same verdict as on the virtual router. The devices live in the
/// router's LAN namespace, the watchdog and the oracle on its WAN host, all inside the one igdlab process.
/// </summary>
[Category("Interop")]
public sealed class MiniupnpdBackendScenarioTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    [Test]
    public async Task Run_OneMappingDroppedOnMiniupnpd_PassesLikeOnTheVirtualRouter()
    {
        MiniupnpdTestbed.RequirePrerequisites();
        using var folder = new TempFolder("igdlab-backend-");
        var library = Path.Combine(AppContext.BaseDirectory, "scenarios", "one-mapping-dropped.yaml");
        var text = await File.ReadAllTextAsync(library);
        var virtualFile = Path.Combine(folder.Path, "virtual.yaml");
        var realFile = Path.Combine(folder.Path, "miniupnpd.yaml");
        await File.WriteAllTextAsync(virtualFile, text);
        await File.WriteAllTextAsync(realFile, text.Replace("    profile: standard\n", "    profile: standard\n    backend: miniupnpd\n", StringComparison.Ordinal));
        Assert.That(await File.ReadAllTextAsync(realFile), Does.Contain("backend: miniupnpd"));

        var onVirtual = await IgdlabAsync("run", virtualFile);
        var onMiniupnpd = await IgdlabAsync("run", realFile);

        TestContext.Progress.WriteLine($"--- virtual ---\n{onVirtual.Combined}\n--- miniupnpd ---\n{onMiniupnpd.Combined}");
        Assert.That(onVirtual.ExitCode, Is.Zero, onVirtual.Combined);
        Assert.That(onMiniupnpd.ExitCode, Is.EqualTo(onVirtual.ExitCode), onMiniupnpd.Combined);
        Assert.That(onMiniupnpd.StandardOutput, Does.Contain("1 passed, 0 failed"), onMiniupnpd.Combined);
    }

    private static Task<ProcessResult> IgdlabAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. arguments, "--plain"], RunTimeout);
}
