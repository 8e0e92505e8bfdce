using System.Diagnostics;
using System.Net;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;

namespace IgdLab.Benchmarks;

/// <summary>
/// How long a gateway takes to come up: construction, <see cref="VirtualGateway.StartAsync"/> (HTTP and SSDP
/// listening), and the first description GET answered; then how long disposing takes. The process's first start is
/// reported on its own (it pays for loading and compiling Kestrel); the warm starts after it give median and p95.
/// </summary>
internal sealed class StartupBenchmark(LoopbackAddresses addresses)
{
    private const int WarmStarts = 20;

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var cold = await StartOnceAsync(0, cancellationToken);
        var warm = new List<StartTimes>();
        for (var i = 1; i <= WarmStarts; i++)
        {
            warm.Add(await StartOnceAsync(i, cancellationToken));
        }

        var table = new FigureTable(
            $"startup: new VirtualGateway -> StartAsync done -> first description GET answered; 1 cold + {WarmStarts} warm starts",
            "start", "construct ms", "started ms", "first GET ms", "ready ms", "dispose ms");
        table.Row(
            "cold (first in process)",
            Units.Ms(cold.Construct, 1),
            Units.Ms(cold.Started, 1),
            Units.Ms(cold.FirstGet, 1),
            Units.Ms(cold.Ready, 1),
            Units.Ms(cold.Dispose, 1));
        foreach (var (label, percent) in new[] { ("warm median", 50.0), ("warm p95", 95.0), ("warm max", 100.0) })
        {
            table.Row(
                label,
                Units.Ms(Percentile(warm, s => s.Construct, percent), 1),
                Units.Ms(Percentile(warm, s => s.Started, percent), 1),
                Units.Ms(Percentile(warm, s => s.FirstGet, percent), 1),
                Units.Ms(Percentile(warm, s => s.Ready, percent), 1),
                Units.Ms(Percentile(warm, s => s.Dispose, percent), 1));
        }

        table
            .Note("construct = the constructor; started = new -> StartAsync returned (Kestrel and the SSDP socket listening);")
            .Note("  first GET = StartAsync returned -> 200 for rootDesc.xml on a fresh connection; ready = new -> that 200;")
            .Note("  dispose = DisposeAsync after the client has closed. Each start uses fresh LAN/WAN addresses.")
            .Note("  each column's percentile is taken on its own, so the rows do not add up.")
            .Print(output);
    }

    private static TimeSpan Percentile(List<StartTimes> starts, Func<StartTimes, TimeSpan> column, double percent) =>
        Distribution.Of(starts.Select(column)).Percentile(percent);

    private async Task<StartTimes> StartOnceAsync(int index, CancellationToken cancellationToken)
    {
        var options = new VirtualGatewayOptions
        {
            Id = $"bench-start-{index}",
            Profile = RouterProfileCatalog.Standard,
            LanAddress = addresses.Next(),
            WanAddress = addresses.Next(),
        };
        var began = Stopwatch.GetTimestamp();
        var gateway = new VirtualGateway(options, TimeProvider.System);
        var constructed = Stopwatch.GetTimestamp();
        long started, answered;
        try
        {
            await gateway.StartAsync(cancellationToken);
            started = Stopwatch.GetTimestamp();
            await GetDescriptionAsync(gateway.DescriptionUrl, cancellationToken);
            answered = Stopwatch.GetTimestamp();
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        var disposing = Stopwatch.GetTimestamp();
        await gateway.DisposeAsync();
        return new StartTimes(
            Construct: Stopwatch.GetElapsedTime(began, constructed),
            Started: Stopwatch.GetElapsedTime(began, started),
            FirstGet: Stopwatch.GetElapsedTime(started, answered),
            Ready: Stopwatch.GetElapsedTime(began, answered),
            Dispose: Stopwatch.GetElapsedTime(disposing));
    }

    /// <summary>GETs the description on a new connection and reads it whole; the client is gone before the gateway stops.</summary>
    private static async Task GetDescriptionAsync(Uri descriptionUrl, CancellationToken cancellationToken)
    {
        using var http = LoopbackHttp.Create();
        using var response = await http.GetAsync(descriptionUrl, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {descriptionUrl} answered {(int)response.StatusCode}");
        }
    }

    private readonly record struct StartTimes(TimeSpan Construct, TimeSpan Started, TimeSpan FirstGet, TimeSpan Ready, TimeSpan Dispose);
}
