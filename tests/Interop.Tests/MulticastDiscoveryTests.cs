using IgdLab.CliTestUtilities;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// Real multicast SSDP: inside a network namespace the test creates (lo with MULTICAST and a route for 239.0.0.0/8),
/// plain <c>upnpc -m lo -s</c> with no URL discovers <c>igdlab serve --multicast</c>.
/// </summary>
[Category("Interop")]
public sealed class MulticastDiscoveryTests
{
    // A public-looking WAN address that exists only inside the namespace: upnpc's UPNP_GetValidIGD rejects 127/8.
    private const string WanInsideNamespace = "11.0.0.7";

    [Test]
    public async Task Upnpc_WithoutUrl_FindsMulticastServeAndReadsStatus()
    {
        ProcessRunner.Require("upnpc", "miniupnpc");
        await using var ns = await NetworkNamespace.CreateAsync("mcast");
        await ns.IpAsync("link", "set", "lo", "multicast", "on");
        await ns.IpAsync("route", "add", "239.0.0.0/8", "dev", "lo");
        await ns.IpAsync("addr", "add", $"{WanInsideNamespace}/32", "dev", "lo");

        await using var serve = await IgdlabProcess.StartAsync(
            ["serve", "--multicast", "--lan-ip", "127.0.0.1", "--wan-ip", WanInsideNamespace],
            ["description", "ssdp", "control", "wan"],
            TimeSpan.FromSeconds(60),
            ns.ExecPrefix);
        Assert.That(serve.StartLines["ssdp"], Does.EndWith(":1900"));

        var status = await ns.ExecAsync("upnpc", ["-m", "lo", "-s"], TimeSpan.FromSeconds(30));

        Assert.That(status.StandardOutput, Does.Contain("Found valid IGD"), status.Combined + "\n--- serve ---\n" + serve.Output);
        Assert.That(status.StandardOutput, Does.Contain(serve.StartLines["description"]), status.Combined);
        Assert.That(status.StandardOutput, Does.Contain($"ExternalIPAddress = {WanInsideNamespace}"), status.Combined);
    }
}
