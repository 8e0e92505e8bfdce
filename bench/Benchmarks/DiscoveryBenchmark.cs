using System.Diagnostics;
using IgdLab.Device.Devices;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;

namespace IgdLab.Benchmarks;

/// <summary>
/// How long a device takes to find its router: a unicast M-SEARCH from the device's address, the first IGD answer, its
/// description fetched and parsed (what <see cref="SsdpGatewayLocator.LocateAsync"/> does when a device starts or
/// rediscovers a router that moved). The process's first search is reported on its own; warm ones give percentiles.
/// </summary>
internal sealed class DiscoveryBenchmark(LoopbackAddresses addresses)
{
    private const int WarmSearches = 50;

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var options = new VirtualGatewayOptions
        {
            Id = "bench-discovery",
            Profile = RouterProfileCatalog.Standard,
            LanAddress = addresses.Next(),
            WanAddress = addresses.Next(),
        };
        await using var gateway = new VirtualGateway(options, TimeProvider.System);
        await gateway.StartAsync(cancellationToken);
        var device = addresses.Next();
        var cold = await LocateOnceAsync(gateway, device, cancellationToken);
        var warm = new List<TimeSpan>();
        for (var i = 0; i < WarmSearches; i++)
        {
            warm.Add(await LocateOnceAsync(gateway, device, cancellationToken));
        }

        var distribution = Distribution.Of(warm);
        new FigureTable($"discovery: unicast M-SEARCH -> first IGD answer -> description parsed; 1 cold + {WarmSearches} warm", "search", "ms")
            .Row("cold (first in process)", Units.Ms(cold, 1))
            .Row("warm median", Units.Ms(distribution.Median, 2))
            .Row("warm p95", Units.Ms(distribution.Percentile(95), 2))
            .Row("warm max", Units.Ms(distribution.Max, 2))
            .Note("each search is a new SsdpGatewayLocator (new socket and HTTP client) from the same device address;")
            .Note("  the virtual router answers at once (no MX delay), as miniupnpd does for unicast searches.")
            .Print(output);
    }

    private static async Task<TimeSpan> LocateOnceAsync(VirtualGateway gateway, System.Net.IPAddress device, CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        var service = await SsdpGatewayLocator.Unicast(gateway.SsdpEndPoint, device, TimeSpan.FromSeconds(3)).LocateAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(began);
        return service.ControlUrl == gateway.ControlUrl
            ? elapsed
            : throw new InvalidOperationException($"found {service.ControlUrl}, expected {gateway.ControlUrl}");
    }
}
