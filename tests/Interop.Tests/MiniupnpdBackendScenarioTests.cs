using IgdLab.CliTestUtilities;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// The real-router backend's evidence of fidelity: a library scenario run with its gateway played by Debian's
/// miniupnpd (its <c>backends:</c> entry <c>miniupnpd</c>) gives the same verdict as on the virtual router. The devices live in the
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
        var library = Path.Combine(AppContext.BaseDirectory, "scenarios", "one-mapping-dropped.yaml");
        Assert.That(await File.ReadAllTextAsync(library), Does.Contain("backends: [virtual, miniupnpd]"));

        // One backend per process, as the replay lines do, so that a failure names the backend that failed.
        var onVirtual = await IgdlabAsync("run", library, "--backend", "virtual");
        var onMiniupnpd = await IgdlabAsync("run", library, "--backend", "miniupnpd");

        TestContext.Progress.WriteLine($"--- virtual ---\n{onVirtual.Combined}\n--- miniupnpd ---\n{onMiniupnpd.Combined}");
        Assert.That(onVirtual.ExitCode, Is.Zero, onVirtual.Combined);
        Assert.That(onVirtual.StandardOutput, Does.Contain("PASS one-mapping-dropped on virtual"), onVirtual.Combined);
        Assert.That(onMiniupnpd.ExitCode, Is.EqualTo(onVirtual.ExitCode), onMiniupnpd.Combined);
        Assert.That(onMiniupnpd.StandardOutput, Does.Contain("PASS one-mapping-dropped on miniupnpd").And.Contain("1 passed, 0 failed"), onMiniupnpd.Combined);
    }

    private static Task<ProcessResult> IgdlabAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. arguments, "--plain"], RunTimeout);
}
