using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Emulator.Running;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.World;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Emulator.Tests.Running;

/// <summary>What a world's gateways tell the rest of the world before anything starts (no socket, no namespace).</summary>
public sealed class WorldGatewaysTests
{
    [Test]
    public async Task Network_VirtualGateways_LoopbackOnly()
    {
        await using var gateways = Build("""
            name: t
            duration: 1s
            gateways:
              - id: home
                profile: standard
                override: { wanSide: cgnat }
              - id: office
            devices:
              - { id: nas, gateway: office }
            """);

        Assert.That(gateways.Network.Namespaces, Is.Empty);
        Assert.That(gateways.Network.Refusal(new IPEndPoint(IPAddress.Parse("100.64.0.1"), 1)), Is.Not.Null);
        Assert.That(gateways["home"].ReachableFromOutside, Is.False);
        Assert.That(gateways["office"].ReachableFromOutside, Is.True);
    }

    [Test]
    public async Task Network_MiniupnpdGateway_AllowsItsWanNamespaceToo()
    {
        await using var gateways = Build("""
            name: t
            duration: 1s
            gateways:
              - id: real
                backend: miniupnpd
            devices:
              - { id: nas, gateway: real }
            """);

        Assert.That(gateways.Network.Refusal(new IPEndPoint(IPAddress.Parse("11.0.0.7"), 20000)), Is.Null, "the router's WAN address, inside its namespace");
        Assert.That(gateways.Network.Refusal(new IPEndPoint(IPAddress.Parse("11.0.0.12"), 20000)), Is.Null, "a WAN address after change-wan-ip");
        Assert.That(gateways.Network.Refusal(new IPEndPoint(IPAddress.Parse("11.0.1.7"), 20000)), Is.Not.Null);
    }

    private static WorldGateways Build(string text)
    {
        var loaded = ScenarioLoader.Parse(text, "t.yaml");
        Assert.That(loaded.Diagnostics, Is.Empty, string.Join('\n', loaded.Diagnostics));
        var settings = new RunSettings { File = "t.yaml", Scenario = loaded.Scenario!, Seed = 1 };
        return new WorldGateways(settings, TimeProvider.System, AddressPlan.ForNewWorld(), new InProcessNetwork(), NullLoggerFactory.Instance);
    }
}
