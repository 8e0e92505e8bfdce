using IgdLab.Contracts.InProcess;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.World;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Emulator.Running;

/// <summary>
/// Wires one world with Microsoft.Extensions.DependencyInjection: the scenario clock, the address plan, gateways,
/// watchdog and devices as singletons. Disposing the provider tears the world down in the reverse order of creation —
/// devices (which delete their mappings) before the watchdog, the watchdog before the gateways — on every path.
/// </summary>
internal static class WorldServices
{
    public static ServiceProvider Build(RunSettings settings, ILoggerFactory? loggers = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(settings);
        services.AddSingleton(loggers ?? NullLoggerFactory.Instance);
        // Set-up runs at scale 1 and the scenario at its own (ScenarioRunner switches at time 0): set-up takes wall time
        // that depends on the machine, and at scale 60 one slow second of it would age every lease by a minute.
        services.AddSingleton(_ => new ScaledTimeProvider(1));
        services.AddSingleton<TimeProvider>(provider => provider.GetRequiredService<ScaledTimeProvider>());
        // A world on the simulated network owns its addresses and every endpoint: nothing of it is on the kernel.
        var simulated = settings.Scenario.Network == WorldNetwork.Simulated;
        services.AddSingleton(_ => AddressPlan.ForNewWorld(settings.Scenario.Network));
        services.AddSingleton(_ => new InProcessNetwork(wholeWorld: simulated));
        services.AddSingleton<RunTimeline>();
        services.AddSingleton<WorldGateways>();
        services.AddSingleton<WorldWatchdog>();
        services.AddSingleton<WorldDevices>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Creates the world's parts in dependency order (so that disposal runs in the reverse one).</summary>
    public static (WorldGateways Gateways, WorldWatchdog Watchdog, WorldDevices Devices) Resolve(IServiceProvider services) =>
        (services.GetRequiredService<WorldGateways>(), services.GetRequiredService<WorldWatchdog>(), services.GetRequiredService<WorldDevices>());
}
