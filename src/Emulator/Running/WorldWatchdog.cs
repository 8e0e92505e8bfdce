using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Emulator.World;
using IgdLab.Emulator.Scenarios;
using IgdLab.Prober;
using IgdLab.Prober.Probing;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Running;

/// <summary>
/// The world's watchdog server on its own outside loopback address (probes come from there, through each gateway's
/// WAN side), with an in-memory registry. Absent (<see cref="Server"/> null) when the scenario disables it or no
/// device uses the watchdog strategy.
/// </summary>
internal sealed class WorldWatchdog : IAsyncDisposable
{
    private readonly WorldGateways _gateways;

    public WorldWatchdog(RunSettings settings, TimeProvider clock, AddressPlan addresses, WorldGateways gateways, InProcessNetwork network, ILoggerFactory loggers)
    {
        _gateways = gateways;
        ChannelsInMemory = gateways.RealRouter is null;
        var spec = settings.Scenario.Watchdog;
        if (!spec.Enabled)
        {
            return;
        }

        // Behind a real router the watchdog is the outside host of its WAN namespace; otherwise a loopback address of its own.
        Address = gateways.RealRouter?.OutsideAddress ?? addresses.Next();
        var options = new ProberOptions
        {
            ListenAddress = Address,
            ProbeFrom = Address,
            Seed = settings.Seed,

            // The endpoints come from what routers report; the lab network keeps every probe on the machine.
            TargetPolicy = gateways.Network,

            // Devices behind virtual gateways open their channels in memory (no two descriptors per device); behind a
            // real router the channel crosses its NAT on the kernel.
            InProcessNetwork = ChannelsInMemory ? network : null,

            // A channel in memory crosses no NAT or proxy that pings would keep open, and cannot go silent unseen; at
            // 100,000 devices its pings were 13,000 frames a second and 200,000 runtime timers on both sides.
            ControlKeepAlive = ChannelsInMemory ? TimeSpan.Zero : ProberDefaults.ControlKeepAlive,
        };
        options = options with
        {
            ProbeInterval = spec.ProbeInterval ?? options.ProbeInterval,
            ProbeTimeout = spec.ProbeTimeout ?? options.ProbeTimeout,
            TimeoutConfirmations = spec.TimeoutConfirmations ?? options.TimeoutConfirmations,
            MaxConcurrentProbes = spec.MaxConcurrentProbes ?? options.MaxConcurrentProbes,
        };
        IProbeConnector? connector = gateways.RealRouter is { } router ? new OutsideProbeConnector(router, clock, Address)
            : settings.Scenario.Network == WorldNetwork.Simulated ? new SimulatedProbeConnector(network, clock, Address)
            : null;
        Server = new ProberServer(options, clock, loggers, connector);
    }

    /// <summary>The server, or null when the world has none.</summary>
    public ProberServer? Server { get; }

    /// <summary>Whether the devices' control channels reach the server in memory (behind virtual gateways), not through a real router's NAT.</summary>
    public bool ChannelsInMemory { get; }

    /// <summary>The server's own address, or null.</summary>
    public IPAddress? Address { get; }

    /// <summary>The probe interval and timeout (for the false-remap grace); zero without a server.</summary>
    public TimeSpan Grace => Server is null ? TimeSpan.Zero : Server.Options.ProbeInterval + Server.Options.ProbeTimeout;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Server is null)
        {
            return;
        }

        // The server's listener and every probe it sends belong to the outside network it was started in.
        using var outside = _gateways.RealRouter?.EnterOutside();
        await Server.StartAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
