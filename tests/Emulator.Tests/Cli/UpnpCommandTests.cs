using IgdLab.Igd;
using IgdLab.CliTestUtilities;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary>The real igdlab executable's upnp commands against an in-process virtual router.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class UpnpCommandTests
{
    private VirtualGateway _gateway = null!;

    [SetUp]
    public async Task StartAsync() => _gateway = await TestGateways.StartAsync(TimeProvider.System);

    [TearDown]
    public async Task StopAsync() => await _gateway.DisposeAsync();

    [Test]
    public async Task Discover_UnicastToGateway_PrintsDescriptionUrl()
    {
        var result = await IgdlabAsync(
            "upnp", "discover", "--gateway", _gateway.LanAddress.ToString(), "--ssdp-port", Port(_gateway.SsdpEndPoint.Port), "--timeout", "1s");
        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo(_gateway.DescriptionUrl.ToString()));
    }

    [Test]
    public async Task Discover_First_StopsEarlyAndSaysHowLong()
    {
        var result = await IgdlabAsync(
            "upnp", "discover", "--first", "--gateway", _gateway.LanAddress.ToString(), "--ssdp-port", Port(_gateway.SsdpEndPoint.Port), "--timeout", "30s");
        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(result.StandardOutput.Trim(), Is.EqualTo(_gateway.DescriptionUrl.ToString()));
        var match = System.Text.RegularExpressions.Regex.Match(result.StandardError, @"found in ([0-9.]+) ms");
        Assert.That(match.Success, Is.True, result.Combined);
        Assert.That(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(30_000), "it did not wait out the 30 s timeout");
        TestContext.Out.WriteLine($"discovery against the virtual router (unicast, stop at first IGD): {match.Groups[1].Value} ms");
    }

    [Test]
    public async Task Status_PrintsExternalAddressStatusAndVersion()
    {
        var result = await IgdlabAsync("upnp", "status", "--igd", _gateway.DescriptionUrl.ToString());
        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(result.StandardOutput, Does.Contain($"external: {_gateway.WanAddress}"));
        Assert.That(result.StandardOutput, Does.Contain("status: Connected"));
        Assert.That(result.StandardOutput, Does.Contain("(IGD:2)"));
    }

    [Test]
    public async Task AddListDelete_RoundTrip()
    {
        var device = LoopbackAddresses.Next();
        var igd = _gateway.DescriptionUrl.ToString();

        var add = await IgdlabAsync("upnp", "add", "--igd", igd, "--local-ip", device.ToString(), "--internal-port", "20000", "--external-port", "6728", "--lease", "600");
        Assert.That(add.ExitCode, Is.Zero, add.Combined);
        Assert.That(add.StandardOutput.Trim(), Is.EqualTo($"mapped {_gateway.WanAddress}:6728 -> {device}:20000 TCP lease 600"));
        Assert.That(_gateway.Mappings.Single().InternalClient, Is.EqualTo(device));

        var list = await IgdlabAsync("upnp", "list", "--igd", igd);
        Assert.That(list.StandardOutput, Does.Contain($"TCP 6728 -> {device}:20000 'igdlab' lease"));

        var delete = await IgdlabAsync("upnp", "delete", "--igd", igd, "--external-port", "6728");
        Assert.That(delete.ExitCode, Is.Zero, delete.Combined);
        Assert.That(_gateway.Mappings, Is.Empty);
    }

    [Test]
    public async Task Delete_Missing_PrintsUpnpCodeAndExitsNonZero()
    {
        var result = await IgdlabAsync("upnp", "delete", "--igd", _gateway.DescriptionUrl.ToString(), "--external-port", "6999", "--protocol", "UDP");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardError, Does.Contain("UPnP error 714 NoSuchEntryInArray"));
    }

    [Test]
    public async Task Status_RouterKeepsFailing_PrintsCodeAndMeaning()
    {
        await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.SoapError { SoapAction = "GetStatusInfo", Code = 501, Count = 10 });
        var result = await IgdlabAsync("upnp", "status", "--igd", _gateway.DescriptionUrl.ToString());
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardError, Does.Contain("UPnP error 501 Action Failed"));
    }

    [Test]
    public async Task Status_NoRouter_ExitsWithTestbedErrorAndReason()
    {
        var result = await IgdlabAsync("upnp", "status", "--igd", $"http://{LoopbackAddresses.Next()}:9/rootDesc.xml", "--timeout", "2s");
        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.StandardError, Does.Contain("could not be fetched"));
    }

    private static Task<ProcessResult> IgdlabAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. arguments], TimeSpan.FromSeconds(60));

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
