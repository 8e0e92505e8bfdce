using System.Net;
using System.Text.RegularExpressions;
using IgdLab.Device.PortControl;
using IgdLab.Protocols;
using IgdLab.Protocols.Pcp;
using IgdLab.TestUtilities;

namespace IgdLab.Interop.Tests;

/// <summary>
/// Our NAT-PMP and PCP clients (the ones virtual devices use) against Debian's miniupnpd in the namespace testbed:
/// map, a WAN host reaches the service through the mapping, unmap.
/// </summary>
[Category("Interop")]
public sealed class PortControlClientsAgainstMiniupnpdTests
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse(MiniupnpdTestbed.RouterLanAddress), PortControlWire.ServerPort);
    private static readonly IPAddress LanHost = IPAddress.Parse(MiniupnpdTestbed.LanHostAddress);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly PortControlClientOptions Quick = new()
    {
        InitialTimeout = TimeSpan.FromMilliseconds(250),
        MaxTimeout = TimeSpan.FromSeconds(2),
        MaxAttempts = 5,
    };

    [TestCase(MappingMethod.Pcp, 20011, 6741)]
    [TestCase(MappingMethod.NatPmp, 20012, 6742)]
    public async Task OurClient_Maps_TheWanHostReachesTheService_AndUnmapRemovesTheRule(MappingMethod method, int servicePort, int externalPort)
    {
        ProcessRunner.Require("python3", "python3");
        await using var bed = await MiniupnpdTestbed.StartAsync();
        var actions = bed.Lan.RunInside(() => new PortControlMappingActions(
            method, Server, MappingProtocol.Tcp, new IPEndPoint(LanHost, servicePort), externalPort, 600, Quick, TimeProvider.System, seed: servicePort));
        try
        {
            var service = bed.Lan.ExecAsync(
                "python3",
                ["-c", $"import socket;s=socket.socket();s.bind(('{MiniupnpdTestbed.LanHostAddress}',{servicePort}));s.listen();c,a=s.accept();c.sendall(('from '+a[0]+'\\n').encode());c.close()"],
                Timeout);

            var mapped = await actions.MapAsync(CancellationToken.None);
            Assert.That(mapped.ExternalEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse(MiniupnpdTestbed.RouterWanAddress), externalPort)), bed.DaemonLog);
            Assert.That(await bed.NatRulesAsync(), Does.Contain($"dport {externalPort}"));
            Assert.That(await actions.IsMappedAsync(CancellationToken.None), Is.True, "the epoch runs on and the address is the mapped one");

            var reach = await bed.Wan.ExecAsync(
                "bash", ["-c", $"for i in $(seq 50); do exec 3<>/dev/tcp/{MiniupnpdTestbed.RouterWanAddress}/{externalPort} && break; sleep 0.1; done; cat <&3"], TimeSpan.FromSeconds(10));
            Assert.That(reach.StandardOutput.Trim(), Is.EqualTo($"from {MiniupnpdTestbed.WanHostAddress}"), reach.Combined);
            await service;

            await actions.UnmapAsync(CancellationToken.None);
            Assert.That(Regex.IsMatch(await bed.NatRulesAsync(), $"dport {externalPort}\\b"), Is.False, bed.DaemonLog);
        }
        finally
        {
            await actions.DisposeAsync();
        }
    }

    [Test]
    public async Task OurPcpClient_IsRefusedByAnotherNonce_WithTheResultCode()
    {
        await using var bed = await MiniupnpdTestbed.StartAsync();
        using var client = bed.Lan.RunInside(() => new PcpClient(LanHost, Server, Quick, TimeProvider.System));
        await client.MapAsync(new PcpNonce(1, 2), MappingProtocol.Udp, 20013, 6743, 600, CancellationToken.None);

        var refused = Assert.ThrowsAsync<PortControlException>(() => client.MapAsync(new PcpNonce(3, 4), MappingProtocol.Udp, 20013, 6743, 0, CancellationToken.None));

        Assert.That(refused!.PcpResult, Is.EqualTo(PcpResultCode.NotAuthorized), bed.DaemonLog);
    }
}
