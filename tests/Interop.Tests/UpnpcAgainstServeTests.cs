using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using IgdLab.CliTestUtilities;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>Debian's upnpc (miniupnpc) against a real <c>igdlab serve</c> process.</summary>
[Category("Interop")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed partial class UpnpcAgainstServeTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private string _upnpc = "";
    private IPAddress _lan = IPAddress.None;
    private IPAddress _wan = IPAddress.None;
    private IPAddress _device = IPAddress.None;
    private IgdlabProcess? _serve;
    private string _descriptionUrl = "";

    [SetUp]
    public async Task StartServeAsync()
    {
        _upnpc = ProcessRunner.Require("upnpc", "miniupnpc");
        _lan = LoopbackAddresses.Next();
        _wan = LoopbackAddresses.Next();
        // upnpc talks from 127.0.0.1, and GetListOfPortMappings with NewManage=0 lists only the caller's own
        // mappings, so the "device" is this host at 127.0.0.1 (its service port is ephemeral, so tests never collide).
        _device = IPAddress.Loopback;
        _serve = await IgdlabProcess.StartAsync(
            ["serve", "--lan-ip", _lan.ToString(), "--wan-ip", _wan.ToString()],
            ["description", "ssdp", "control", "wan"],
            TimeSpan.FromSeconds(60));
        _descriptionUrl = _serve.StartLines["description"];
    }

    [TearDown]
    public async Task StopServeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
    }

    [Test]
    public async Task Status_ShowsTheWanAddress()
    {
        var result = await UpnpcAsync("-s");
        Assert.That(result.StandardOutput, Does.Contain($"ExternalIPAddress = {_wan}"), result.Combined);
        Assert.That(result.StandardOutput, Does.Contain("Connection Type : IP_Routed"), result.Combined);
        Assert.That(result.StandardOutput, Does.Match(@"Status : Connected"), result.Combined);
    }

    [Test]
    public async Task AddListConnectDelete_MappingForwardsUntilDeleted()
    {
        await using var service = new TcpEchoServer(_device);
        var external = 30000 + (Environment.ProcessId % 20000);

        var add = await UpnpcAsync("-e", "igdlab interop", "-a", _device.ToString(), Port(service.EndPoint.Port), Port(external), "TCP", "600");
        Assert.That(add.StandardOutput, Does.Contain($"external {_wan}:{external} TCP is redirected to internal {_device}:{service.EndPoint.Port}"), add.Combined);

        var list = await UpnpcAsync("-l");
        Assert.That(list.StandardOutput, Does.Match($@"TCP\s+{external}->{Regex.Escape(_device.ToString())}:{service.EndPoint.Port}\s+'igdlab interop'"), list.Combined);

        var listRange = await UpnpcAsync("-L");
        Assert.That(listRange.StandardOutput, Does.Contain($"{external}").And.Contain(_device.ToString()), listRange.Combined);

        var reply = await TcpEchoServer.RoundTripAsync(new IPEndPoint(_wan, external), "hello", TimeSpan.FromSeconds(10));
        Assert.That(reply, Is.EqualTo("echo:hello"));

        var delete = await UpnpcAsync("-d", Port(external), "TCP");
        Assert.That(delete.StandardOutput, Does.Contain("UPNP_DeletePortMapping() returned : 0"), delete.Combined);

        var refused = Assert.ThrowsAsync<SocketException>(() => TcpEchoServer.RoundTripAsync(new IPEndPoint(_wan, external), "again", TimeSpan.FromSeconds(10)));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
    }

    [Test]
    public async Task AddAny_ReturnsAPortThatForwards()
    {
        await using var service = new TcpEchoServer(_device);
        var result = await UpnpcAsync("-n", _device.ToString(), Port(service.EndPoint.Port), "0", "TCP", "600");
        var match = AddAnyRegex().Match(result.StandardOutput);
        Assert.That(match.Success, Is.True, result.Combined);
        var port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(port, Is.InRange(1024, 65535));
        Assert.That(await TcpEchoServer.RoundTripAsync(new IPEndPoint(_wan, port), "any", TimeSpan.FromSeconds(10)), Is.EqualTo("echo:any"));
    }

    private Task<ProcessResult> UpnpcAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(_upnpc, ["-u", _descriptionUrl, .. arguments], CommandTimeout);

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"external [0-9.]+:(\d+) TCP is redirected")]
    private static partial Regex AddAnyRegex();
}
