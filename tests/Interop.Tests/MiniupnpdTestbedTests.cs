using System.Text.RegularExpressions;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// The real-router testbed itself, exercised with Debian's upnpc: if this fails, the tests of our own client and
/// watchdog against miniupnpd cannot be trusted either.
/// </summary>
[Category("Interop")]
public sealed class MiniupnpdTestbedTests
{
    [Test]
    public async Task Upnpc_OnLanHost_MapsAServiceThatTheWanHostReachesThroughMiniupnpd()
    {
        ProcessRunner.Require("upnpc", "miniupnpc");
        ProcessRunner.Require("python3", "python3");
        await using var bed = await MiniupnpdTestbed.StartAsync();
        var timeout = TimeSpan.FromSeconds(30);

        var status = await bed.Lan.ExecAsync("upnpc", ["-m", bed.LanInterface, "-s"], timeout);
        Assert.That(status.StandardOutput, Does.Contain($"ExternalIPAddress = {MiniupnpdTestbed.RouterWanAddress}"), status.Combined + bed.DaemonLog);

        // A one-shot service on the LAN host; the WAN host connects through the router's DNAT (retrying until it listens).
        var service = bed.Lan.ExecAsync(
            "python3", ["-c", $"import socket;s=socket.socket();s.bind(('{MiniupnpdTestbed.LanHostAddress}',20000));s.listen();c,a=s.accept();c.sendall(('from '+a[0]+'\\n').encode());c.close()"], timeout);
        var add = await bed.Lan.ExecAsync("upnpc", ["-m", bed.LanInterface, "-a", MiniupnpdTestbed.LanHostAddress, "20000", "6728", "TCP", "600"], timeout);
        Assert.That(add.StandardOutput, Does.Contain($"external {MiniupnpdTestbed.RouterWanAddress}:6728 TCP is redirected"), add.Combined);
        Assert.That(await bed.NatRulesAsync(), Does.Contain("dport 6728"));

        var reach = await bed.Wan.ExecAsync("bash", ["-c", $"for i in $(seq 50); do exec 3<>/dev/tcp/{MiniupnpdTestbed.RouterWanAddress}/6728 && break; sleep 0.1; done; cat <&3"], TimeSpan.FromSeconds(10));
        Assert.That(reach.StandardOutput.Trim(), Is.EqualTo($"from {MiniupnpdTestbed.WanHostAddress}"), reach.Combined);
        await service;

        var delete = await bed.Lan.ExecAsync("upnpc", ["-m", bed.LanInterface, "-d", "6728", "TCP"], timeout);
        Assert.That(delete.StandardOutput, Does.Contain("UPNP_DeletePortMapping() returned : 0"), delete.Combined);
        Assert.That(Regex.IsMatch(await bed.NatRulesAsync(), "dport 6728"), Is.False);
    }

    [Test]
    public async Task Natpmpc_OnLanHost_MapsAServiceThatTheWanHostReaches_AndLifetimeZeroUnmapsIt()
    {
        // miniupnpd serves NAT-PMP and PCP from the same table as UPnP (enable_natpmp=yes): the reference our own
        // NAT-PMP and PCP clients and our virtual router are measured against.
        ProcessRunner.Require("natpmpc", "natpmpc");
        ProcessRunner.Require("python3", "python3");
        await using var bed = await MiniupnpdTestbed.StartAsync();
        var timeout = TimeSpan.FromSeconds(30);

        var external = await bed.Lan.ExecAsync("natpmpc", ["-g", MiniupnpdTestbed.RouterLanAddress], timeout);
        Assert.That(external.StandardOutput, Does.Contain($"Public IP address : {MiniupnpdTestbed.RouterWanAddress}"), external.Combined + bed.DaemonLog);

        var service = bed.Lan.ExecAsync(
            "python3", ["-c", $"import socket;s=socket.socket();s.bind(('{MiniupnpdTestbed.LanHostAddress}',20001));s.listen();c,a=s.accept();c.sendall(('from '+a[0]+'\\n').encode());c.close()"], timeout);
        var add = await bed.Lan.ExecAsync("natpmpc", ["-g", MiniupnpdTestbed.RouterLanAddress, "-a", "6729", "20001", "tcp", "600"], timeout);
        Assert.That(add.StandardOutput, Does.Contain("Mapped public port 6729 protocol TCP to local port 20001 liftime 600"), add.Combined + bed.DaemonLog);
        Assert.That(await bed.NatRulesAsync(), Does.Contain("dport 6729"));

        var reach = await bed.Wan.ExecAsync("bash", ["-c", $"for i in $(seq 50); do exec 3<>/dev/tcp/{MiniupnpdTestbed.RouterWanAddress}/6729 && break; sleep 0.1; done; cat <&3"], TimeSpan.FromSeconds(10));
        Assert.That(reach.StandardOutput.Trim(), Is.EqualTo($"from {MiniupnpdTestbed.WanHostAddress}"), reach.Combined);
        await service;

        var remove = await bed.Lan.ExecAsync("natpmpc", ["-g", MiniupnpdTestbed.RouterLanAddress, "-a", "6729", "20001", "tcp", "0"], timeout);
        Assert.That(remove.ExitCode, Is.Zero, remove.Combined);
        Assert.That(Regex.IsMatch(await bed.NatRulesAsync(), "dport 6729"), Is.False, bed.DaemonLog);
    }
}
