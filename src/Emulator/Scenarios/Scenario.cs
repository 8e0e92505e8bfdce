using IgdLab.Device.Devices;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// One scenario file: a world of gateways, devices and the watchdog, a fault schedule and what the run must achieve.
/// Load it with <see cref="ScenarioLoader"/>; its format is <c>scenarios/scenario.schema.json</c>.
/// </summary>
public sealed record Scenario
{
    /// <summary>A short name for reports (<c>router-reboot</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The story the scenario tells, in a sentence or two.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// Words that sort the scenario into suites (<c>tags: [upnp, slow]</c>) for <c>igdlab run --tag</c> and
    /// <c>--skip-tag</c>; lowercase, each once, in file order. <see cref="ScenarioVocabulary.SlowTag"/> keeps a scenario
    /// out of folder runs unless asked for.
    /// </summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The seed every random choice derives from; null draws one at run time (it is printed and recorded).</summary>
    public int? Seed { get; init; }

    /// <summary>How long the scenario runs, in scenario time.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Scenario seconds per wall second: 60 runs a ten-minute scenario in ten seconds.</summary>
    /// <value>The default is 1.</value>
    public double TimeScale { get; init; } = 1;

    /// <summary>
    /// What carries the world's traffic: loopback sockets, or the in-process simulated network (only virtual gateways;
    /// <c>igdlab run --network</c> overrides it for one run).
    /// </summary>
    /// <value>The default is <see cref="WorldNetwork.Sockets"/>.</value>
    public WorldNetwork Network { get; init; } = WorldNetwork.Sockets;

    /// <summary>The impaired WAN links of gateways on the simulated network (latency, jitter, loss); the others are perfect.</summary>
    public IReadOnlyList<ScenarioLink> Links { get; init; } = [];

    /// <summary>Whether the scenario impairs or cuts a WAN link (<c>links:</c>, a partition), which only the simulated network can.</summary>
    public bool ImpairsLinks => Links.Count > 0 || Faults.Any(f => f.Fault is Partition or HealPartition);

    /// <summary>The strategy of every listed device and generated fleet that names none.</summary>
    /// <value>The default is <see cref="MappingStrategyKinds.Watchdog"/>.</value>
    public MappingStrategyKinds Strategy { get; init; } = MappingStrategyKinds.Watchdog;

    /// <summary>The virtual routers.</summary>
    public IReadOnlyList<ScenarioGateway> Gateways { get; init; } = [];

    /// <summary>The devices listed one by one.</summary>
    public IReadOnlyList<ScenarioDevice> Devices { get; init; } = [];

    /// <summary>The Bogus-generated fleets (<c>generate: N</c> entries under <c>devices</c>).</summary>
    public IReadOnlyList<ScenarioDeviceFleet> Fleets { get; init; } = [];

    /// <summary>How many devices the world has: the listed ones and every fleet's.</summary>
    public int DeviceCount => Devices.Count + Fleets.Sum(f => Math.Max(0, f.Count));

    /// <summary>The watchdog server's settings.</summary>
    public ScenarioWatchdog Watchdog { get; init; } = new();

    /// <summary>The emulator's reachability checks.</summary>
    public ScenarioOracle Oracle { get; init; } = new();

    /// <summary>The fault schedule, in file order.</summary>
    public IReadOnlyList<ScenarioFault> Faults { get; init; } = [];

    /// <summary>What the run must achieve.</summary>
    public ScenarioExpectations Expect { get; init; } = new();

    /// <summary>Strategy variants to run the same world and faults with, side by side; empty runs the world as written.</summary>
    public IReadOnlyList<StrategyVariant> Compare { get; init; } = [];

    /// <summary>
    /// The backends every gateway plays on, one run each, side by side (<c>backends: [virtual, miniupnpd]</c>): the
    /// same world, faults and expectations on the virtual router and on the real daemon. Empty plays each gateway on
    /// its own <see cref="ScenarioGateway.Backend"/>.
    /// </summary>
    public IReadOnlyList<GatewayBackend> Backends { get; init; } = [];

    /// <summary>
    /// The gateways a device, fleet or fault naming <paramref name="name"/> means: the members of the group of that name
    /// in order, else the gateway with that id; empty when nothing has that name.
    /// </summary>
    /// <param name="name">A gateway id or a group name, as a scenario file writes it.</param>
    /// <returns>The member gateways' ids.</returns>
    public IReadOnlyList<string> GatewaysNamed(string name)
    {
        var members = Gateways.Where(g => g.Group == name).Select(g => g.Id).ToList();
        return members.Count > 0 ? members : Gateways.Any(g => g.Id == name) ? [name] : [];
    }

    /// <summary>
    /// This scenario with every gateway played by <paramref name="backend"/> and the world on <paramref name="network"/>;
    /// each left as it is when null.
    /// </summary>
    /// <param name="backend">The backend of one entry of <see cref="Backends"/>.</param>
    /// <param name="network">The network <c>igdlab run --network</c> asked for.</param>
    /// <returns>The scenario to run.</returns>
    public Scenario On(GatewayBackend? backend, WorldNetwork? network = null)
    {
        var on = backend is not { } chosen ? this : this with { Gateways = [.. Gateways.Select(g => g with { Backend = chosen })] };
        return network is { } asked ? on with { Network = asked } : on;
    }
}
