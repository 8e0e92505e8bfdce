using System.Globalization;
using IgdLab.CliTestUtilities;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary>The real igdlab executable's <c>upnp fingerprint</c> against an in-process virtual router.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class FingerprintCommandTests
{
    private VirtualGateway _gateway = null!;

    [SetUp]
    public async Task StartAsync() =>
        _gateway = await TestGateways.StartAsync(TimeProvider.System, RouterProfileCatalog.BuiltIn["miniupnpd"]);

    [TearDown]
    public async Task StopAsync() => await _gateway.DisposeAsync();

    [Test]
    public async Task Fingerprint_ServedGateway_WritesProfileYamlThatParses()
    {
        var result = await IgdlabAsync(Arguments());
        Assert.That(result.ExitCode, Is.Zero, result.Combined);

        var profile = RouterProfileCatalog.Parse(result.StandardOutput, "stdout");
        Assert.Multiple(() =>
        {
            Assert.That(profile.Name, Is.EqualTo("fingerprint-miniupnp-daemon"));
            Assert.That(profile.SecureMode, Is.True);
            Assert.That(profile.ServerHeader, Is.EqualTo(_gateway.Profile.ServerHeader));
            Assert.That(result.StandardError, Does.Contain("inferred"));
            Assert.That(result.StandardError, Does.Contain("unknown: conflictErrorCode"));
            Assert.That(_gateway.Mappings, Is.Empty);
        });
    }

    [Test]
    public async Task Fingerprint_Output_WritesAFileThatValidateAccepts()
    {
        using var folder = new TempFolder("igdlab-fingerprint");
        var file = folder.Combine("draft.yaml");
        var result = await IgdlabAsync([.. Arguments(), "--output", file]);
        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(result.StandardOutput, Is.Empty);
        Assert.That(RouterProfileCatalog.Parse(await File.ReadAllTextAsync(file), file).IgdVersion, Is.EqualTo(2));

        var validate = await IgdlabAsync("validate", file);
        Assert.That(validate.ExitCode, Is.Zero, validate.Combined);
        Assert.That(validate.StandardOutput, Does.Contain("router profile 'fingerprint-miniupnp-daemon'"));
    }

    private string[] Arguments()
    {
        var local = LoopbackAddresses.Next().ToString();
        return
        [
            "upnp", "fingerprint", "--gateway", _gateway.LanAddress.ToString(), "--ssdp-port", Port(_gateway.SsdpEndPoint.Port),
            "--pcp-port", Port(_gateway.PortControlEndPoint!.Port), "--local-ip", local, "--internal-client", local, "--timeout", "1s",
        ];
    }

    private static Task<ProcessResult> IgdlabAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. arguments], TimeSpan.FromSeconds(60));

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
