using IgdLab.Igd;
using IgdLab.Igd.Profiles;

namespace IgdLab.TestUtilities;

/// <summary>Starts in-process virtual routers on fresh loopback addresses for tests of clients, devices and the watchdog.</summary>
public static class TestGateways
{
    /// <summary>A started gateway; the caller disposes it.</summary>
    public static async Task<VirtualGateway> StartAsync(TimeProvider time, RouterProfile? profile = null, Action<VirtualGatewayOptions>? configure = null)
    {
        var options = new VirtualGatewayOptions
        {
            LanAddress = LoopbackAddresses.Next(),
            WanAddress = LoopbackAddresses.Next(),
            Profile = profile ?? RouterProfileCatalog.Standard,
        };
        options.NextWanAddress = _ => LoopbackAddresses.Next();
        configure?.Invoke(options);
        var gateway = new VirtualGateway(options, time);
        await gateway.StartAsync();
        return gateway;
    }
}

/// <summary>Bounded polling for asynchronous effects of real sockets (never a way to wait for clock time).</summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <paramref name="within"/> (default 10 s).</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)((within ?? TimeSpan.FromSeconds(10)).TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                Assert.Fail($"timed out waiting until {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }
    }
}
