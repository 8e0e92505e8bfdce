using System.Net;
using System.Net.Sockets;
using IgdLab.CliTestUtilities;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>Debian's natpmpc (libnatpmp) against a real <c>igdlab serve</c> process: NAT-PMP on UDP 5351 of the LAN address.</summary>
[Category("Interop")]
public sealed class NatpmpcAgainstServeTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Natpmpc_ExternalAddressMapAndUnmap_AgainstServe()
    {
        var natpmpc = ProcessRunner.Require("natpmpc", "natpmpc");
        var lan = LoopbackAddresses.Next();
        var wan = LoopbackAddresses.Next();
        await using var serve = await IgdlabProcess.StartAsync(
            ["serve", "--lan-ip", lan.ToString(), "--wan-ip", wan.ToString()], ["description", "pcp", "control", "wan"], TimeSpan.FromSeconds(60));
        Assert.That(serve.StartLines["pcp"], Does.StartWith($"{lan}:5351 "));

        // natpmpc sends from the address the kernel picks for a 127.x destination, 127.0.0.1: the "device".
        await using var service = new TcpEchoServer(IPAddress.Loopback);
        var external = 30000 + (Environment.ProcessId % 20000);

        var address = await ProcessRunner.RunAsync(natpmpc, ["-g", lan.ToString()], CommandTimeout);
        Assert.That(address.StandardOutput, Does.Contain($"Public IP address : {wan}"), address.Combined + serve.Output);

        var map = await ProcessRunner.RunAsync(natpmpc, ["-g", lan.ToString(), "-a", $"{external}", $"{service.EndPoint.Port}", "tcp", "600"], CommandTimeout);
        Assert.That(
            map.StandardOutput,
            Does.Contain($"Mapped public port {external} protocol TCP to local port {service.EndPoint.Port} liftime 600"),
            map.Combined + serve.Output);

        using var http = new HttpClient();
        var mappings = await http.GetStringAsync(new Uri(new Uri(serve.StartLines["control"]), "mappings"));
        Assert.That(mappings, Does.Contain("\"origin\": \"natpmp\"").And.Contain($"\"externalPort\": {external}"), mappings);

        var reply = await TcpEchoServer.RoundTripAsync(new IPEndPoint(wan, external), "hello", TimeSpan.FromSeconds(10));
        Assert.That(reply, Is.EqualTo("echo:hello"), "a WAN client reaches the service through the NAT-PMP mapping");

        var unmap = await ProcessRunner.RunAsync(natpmpc, ["-g", lan.ToString(), "-a", $"{external}", $"{service.EndPoint.Port}", "tcp", "0"], CommandTimeout);
        Assert.That(unmap.ExitCode, Is.Zero, unmap.Combined + serve.Output);

        var refused = Assert.ThrowsAsync<SocketException>(() => TcpEchoServer.RoundTripAsync(new IPEndPoint(wan, external), "again", TimeSpan.FromSeconds(10)));
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused), "lifetime 0 deleted the mapping");
    }
}
