using IgdLab.CliTestUtilities;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// Our own UPnP client (<c>igdlab upnp</c>) against a real router daemon: from the LAN host of the miniupnpd testbed it
/// discovers miniupnpd by multicast, reads its WAN address, maps a LAN service that the WAN host then reaches through
/// the router's DNAT, and deletes the rule again.
/// </summary>
[Category("Interop")]
public sealed class IgdlabUpnpAgainstMiniupnpdTests
{
    [Test]
    public async Task DiscoverStatusAddDelete_AgainstMiniupnpd()
    {
        ProcessRunner.Require("python3", "python3");
        await using var bed = await MiniupnpdTestbed.StartAsync();
        var timeout = TimeSpan.FromSeconds(60);
        string[] fromLan = ["--local-ip", MiniupnpdTestbed.LanHostAddress];

        var discover = await IgdlabAsync(bed.Lan, timeout, ["upnp", "discover", "--first", .. fromLan, "--timeout", "10s"]);
        Assert.That(discover.ExitCode, Is.Zero, discover.Combined + bed.DaemonLog);
        Assert.That(discover.StandardOutput, Does.Contain($"http://{MiniupnpdTestbed.RouterLanAddress}:").And.Contain("/rootDesc.xml"));
        Assert.That(discover.StandardError, Does.Match("found in [0-9.]+ ms"));
        TestContext.Out.WriteLine($"discovery against miniupnpd (multicast, stop at first IGD): {discover.StandardError.Trim()}");

        var status = await IgdlabAsync(bed.Lan, timeout, ["upnp", "status", .. fromLan]);
        Assert.That(status.StandardOutput, Does.Contain($"external: {MiniupnpdTestbed.RouterWanAddress}"), status.Combined);
        Assert.That(status.StandardOutput, Does.Contain("status: Connected"), status.Combined);

        var service = bed.Lan.ExecAsync(
            "python3", ["-c", $"import socket;s=socket.socket();s.bind(('{MiniupnpdTestbed.LanHostAddress}',20000));s.listen();c,a=s.accept();c.sendall(('from '+a[0]+'\\n').encode());c.close()"], timeout);
        var add = await IgdlabAsync(bed.Lan, timeout, ["upnp", "add", .. fromLan, "--internal-port", "20000", "--external-port", "6728", "--lease", "600"]);
        Assert.That(add.StandardOutput, Does.Contain($"mapped {MiniupnpdTestbed.RouterWanAddress}:6728 -> {MiniupnpdTestbed.LanHostAddress}:20000 TCP lease"), add.Combined + bed.DaemonLog);
        Assert.That(await bed.NatRulesAsync(), Does.Contain("dport 6728"));

        var reach = await bed.Wan.ExecAsync(
            "bash", ["-c", $"for i in $(seq 50); do exec 3<>/dev/tcp/{MiniupnpdTestbed.RouterWanAddress}/6728 && break; sleep 0.1; done; cat <&3"], TimeSpan.FromSeconds(10));
        Assert.That(reach.StandardOutput.Trim(), Is.EqualTo($"from {MiniupnpdTestbed.WanHostAddress}"), reach.Combined);
        await service;

        var delete = await IgdlabAsync(bed.Lan, timeout, ["upnp", "delete", .. fromLan, "--external-port", "6728"]);
        Assert.That(delete.ExitCode, Is.Zero, delete.Combined);
        Assert.That(await bed.NatRulesAsync(), Does.Not.Contain("dport 6728"));
    }

    private static Task<ProcessResult> IgdlabAsync(NetworkNamespace ns, TimeSpan timeout, string[] arguments) =>
        ns.ExecAsync(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet", [IgdlabProcess.DllPath, .. arguments], timeout);
}
