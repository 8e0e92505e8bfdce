using System.Net;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;
using IgdLab.TestUtilities;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Device.Tests.Upnp.Discovery;

/// <summary>
/// A started in-process virtual router on fresh loopback addresses (unicast SSDP on an ephemeral port), plus a fresh
/// address for the device under test. The client code reaches it only over the network.
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(VirtualGateway gateway, IPAddress deviceAddress)
    {
        Gateway = gateway;
        DeviceAddress = deviceAddress;
    }

    public VirtualGateway Gateway { get; }

    /// <summary>The device's own LAN address: discovery and HTTP bind to it.</summary>
    public IPAddress DeviceAddress { get; }

    /// <summary>Starts a gateway with the built-in profile <paramref name="profile"/> (<c>standard</c> is IGD:2, <c>permanent-only</c> IGD:1).</summary>
    public static async Task<TestGateway> StartAsync(string profile = "standard")
    {
        var options = new VirtualGatewayOptions
        {
            LanAddress = LoopbackAddresses.Next(),
            WanAddress = LoopbackAddresses.Next(),
            Profile = RouterProfileCatalog.BuiltIn[profile],
        };
        var gateway = new VirtualGateway(options, new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        await gateway.StartAsync();
        return new TestGateway(gateway, LoopbackAddresses.Next());
    }

    public ValueTask DisposeAsync() => Gateway.DisposeAsync();
}
