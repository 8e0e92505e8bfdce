using System.Net;
using IgdLab.Emulator.World;
using IgdLab.Prober;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Running;

/// <summary>
/// The world's watchdog server on its own outside loopback address (probes come from there, through each gateway's
/// WAN side), with an in-memory registry. Absent (<see cref="Server"/> null) when the scenario disables it or no
/// device uses the watchdog strategy.
/// </summary>
internal sealed class WorldWatchdog : IAsyncDisposable
{
    public WorldWatchdog(RunSettings settings, TimeProvider clock, AddressPlan addresses, ILoggerFactory loggers)
    {
        var spec = settings.Scenario.Watchdog;
        if (!spec.Enabled)
        {
            return;
        }

        Address = addresses.Next();
        var options = new ProberOptions
        {
            ListenAddress = Address,
            ProbeFrom = Address,
            Seed = settings.Seed,
        };
        options = options with
        {
            ProbeInterval = spec.ProbeInterval ?? options.ProbeInterval,
            ProbeTimeout = spec.ProbeTimeout ?? options.ProbeTimeout,
            TimeoutConfirmations = spec.TimeoutConfirmations ?? options.TimeoutConfirmations,
            MaxConcurrentProbes = spec.MaxConcurrentProbes ?? options.MaxConcurrentProbes,
        };
        Server = new ProberServer(options, clock, loggers);
    }

    /// <summary>The server, or null when the world has none.</summary>
    public ProberServer? Server { get; }

    /// <summary>The server's own address, or null.</summary>
    public IPAddress? Address { get; }

    /// <summary>The probe interval and timeout (for the false-remap grace); zero without a server.</summary>
    public TimeSpan Grace => Server is null ? TimeSpan.Zero : Server.Options.ProbeInterval + Server.Options.ProbeTimeout;

    public Task StartAsync(CancellationToken cancellationToken) => Server?.StartAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
