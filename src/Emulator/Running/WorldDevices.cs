using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using IgdLab.Device.Devices;
using IgdLab.Device.PortControl;
using IgdLab.Device.Probe;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.World;

namespace IgdLab.Emulator.Running;

/// <summary>
/// The world's devices: the listed ones and the generated fleets, each on its own loopback address, finding its
/// gateway by unicast SSDP as a real device would, and — when it uses the watchdog strategy — reporting to the
/// world's watchdog through its probe unit.
/// </summary>
internal sealed class WorldDevices : IAsyncDisposable
{
    private const int StartConcurrency = 16;
    private const int StopConcurrency = 64;

    /// <summary>How many times a device searches for its gateway at set-up before the world gives up on it.</summary>
    private const int SetUpSearches = 3;

    // Real network waits (an SSDP answer, a SOAP round trip) do not get faster with the scenario clock; their
    // timeouts are this long in wall time whatever the scale.
    private static readonly TimeSpan WallIoTimeout = TimeSpan.FromSeconds(3);


    private readonly RunSettings _settings;
    private readonly TimeProvider _clock;
    private readonly List<WorldDevice> _devices = [];
    private readonly WorldGateways _gateways;
    private readonly Dictionary<string, WorldDevice> _byId;

    public WorldDevices(RunSettings settings, TimeProvider clock, WorldGateways gateways)
    {
        _settings = settings;
        _clock = clock;
        _gateways = gateways;
        var scenario = settings.Scenario;
        var client = new UpnpClientOptions();
        var scale = scenario.TimeScale;
        if (client.Timeout < WallIoTimeout * scale)
        {
            client = client with { Timeout = WallIoTimeout * scale };
        }

        foreach (var spec in scenario.Devices)
        {
            var options = new VirtualDeviceOptions
            {
                Id = spec.Id,
                Key = KeyFor(settings.Seed, spec.Id),
                Address = gateways[spec.Gateway].NextDeviceAddress(),
                Kind = spec.Kind ?? DeviceKind.Pc,
                ServicePort = spec.ServicePort ?? 0,
                Protocol = spec.Protocol,
                ExternalPort = spec.ExternalPort ?? spec.ServicePort,
                Client = client,
                Mapping = spec.Mapping,
                PortControlGateway = PortControlOf(gateways, spec.Gateway),
                InProcessNetwork = gateways[spec.Gateway].InProcessNetwork,
            };
            _devices.Add(new WorldDevice(spec.Gateway, Create(Apply(options, spec.Strategy, spec.Settings))));
        }

        for (var i = 0; i < scenario.Fleets.Count; i++)
        {
            var fleet = scenario.Fleets[i];
            var fleetOptions = new FleetOptions();
            if (fleet.Kinds.Count > 0)
            {
                fleetOptions = fleetOptions with { KindWeights = fleet.Kinds.Distinct().ToDictionary(k => k, _ => 1f) };
            }

            // A fleet behind a group is generated whole (its ids and draws do not depend on the group's size) and spread
            // over the members in contiguous blocks; the address allocator is called once per device, in order.
            var members = scenario.GatewaysNamed(fleet.Gateway);
            var next = 0;
            var generated = DeviceFleet.Generate(
                fleet.Count,
                SeedStreams.Derive(settings.Seed, "fleet", i),
                () => gateways[members[GatewayGroups.MemberOf(next++, fleet.Count, members.Count)]].NextDeviceAddress(),
                fleetOptions);
            for (var n = 0; n < generated.Count; n++)
            {
                var options = generated[n];
                var strategy = fleet.Strategy ?? options.Strategies;
                var gateway = members[GatewayGroups.MemberOf(n, fleet.Count, members.Count)];

                // mapping: mixed takes upnp, natpmp and pcp in turn: a third each, whatever the count.
                var mapping = fleet.Mapping ?? (MappingMethod)(n % 3);
                var device = options with { Client = client, Mapping = mapping, PortControlGateway = PortControlOf(gateways, gateway), InProcessNetwork = gateways[gateway].InProcessNetwork };
                _devices.Add(new WorldDevice(gateway, Create(Apply(device, strategy, fleet.Settings))));
            }
        }

        // The world's devices do not change after this: every fault firing looks them up.
        _byId = _devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
        ByGateway = _devices.GroupBy(d => d.Gateway, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(d => d.Id)], StringComparer.Ordinal);
    }

    public IReadOnlyList<WorldDevice> All => _devices;

    /// <summary>Every gateway's device ids, in a stable order (the fault planner draws from these).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ByGateway { get; }

    /// <summary>The device with id <paramref name="id"/>.</summary>
    public WorldDevice this[string id] => _byId[id];

    /// <summary>Starts every device against its gateway, registering watchdog devices with the server and opening their channels.</summary>
    public async Task StartAsync(WorldWatchdog watchdog, CancellationToken cancellationToken)
    {
        if (watchdog.Enabled)
        {
            var urls = watchdog.ControlUrls;
            foreach (var device in _devices.Where(d => d.Device.Options.Strategies.HasFlag(MappingStrategyKinds.Watchdog)))
            {
                watchdog.RegisterDevice(device.Id, device.Device.Options.Key.Span);

                // Each device starts on an instance of its own (spread as a load balancer would) and tries the others in
                // turn when its channel to that one fails.
                var first = urls.Count == 1 ? 0 : (int)((uint)SeedStreams.Derive(_settings.Seed, "prober-instance", device.Id) % (uint)urls.Count);
                var unitOptions = ProbeUnitBinding.OptionsFor(device.Device.Options, urls[first]) with
                {
                    Seed = SeedStreams.Derive(_settings.Seed, "probe-unit", device.Id),
                    AlternateServers = [.. urls.Skip(first + 1), .. urls.Take(first)],

                    // No pings on a channel in memory (see WorldWatchdog): nothing on its way needs keeping open.
                    KeepAliveInterval = watchdog.ChannelsInMemory ? TimeSpan.Zero : ProbeUnitDefaults.KeepAliveInterval,
                };
                device.Agent.ReportTo(unitOptions);
            }
        }

        await Parallel.ForEachAsync(
            _devices,
            new ParallelOptions { MaxDegreeOfParallelism = StartConcurrency, CancellationToken = cancellationToken },
            async (device, ct) =>
            {
                var gateway = _gateways[device.Gateway];

                // Every socket the device opens from here on, its loops' too, belongs to its gateway's LAN.
                using var lan = gateway.EnterLan();
                var locator = SsdpGatewayLocator.Unicast(gateway.SsdpEndPoint, device.Address, gateway.SearchTimeout);
                await StartAsync(device, locator, ct);
                device.Agent.StartProbeUnit();
            });
    }

    /// <summary>
    /// Starts <paramref name="device"/>, searching again when its search got no answer: a search is one datagram and a
    /// one-second wait, and a set-up busy enough (100,000 devices, a heap of gigabytes) can stall longer than that, as
    /// UDP can lose the datagram on a real LAN, where clients search more than once too. Nothing of the device has
    /// started when its search fails, so it starts afresh.
    /// </summary>
    private static async Task StartAsync(WorldDevice device, SsdpGatewayLocator locator, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await device.Agent.StartAsync(locator, cancellationToken);
                return;
            }
            catch (GatewayNotFoundException) when (attempt < SetUpSearches)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The devices switch off without deleting their mappings (their gateways go next; leaked mappings were counted
        // before teardown), a few at a time: closing a probe unit's channel and a device's endpoints still takes work.
        await Parallel.ForEachAsync(
            _devices,
            new ParallelOptions { MaxDegreeOfParallelism = StopConcurrency },
            async (device, _) => await DisposeInLanAsync(device));
    }

    private async Task DisposeInLanAsync(WorldDevice device)
    {
        using var lan = _gateways[device.Gateway].EnterLan();
        try
        {
            await device.Device.AbandonMappingsAsync();
            await device.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            // A device whose channel or endpoints fail to close at teardown (the world is going away, maybe after a
            // failed set-up): its gateway goes next, and the error that ended the run must not be replaced by this one.
        }
    }

    // The world's gateways serve NAT-PMP and PCP on 5351 of their own LAN address (see WorldGateways).
    private static IPEndPoint PortControlOf(WorldGateways gateways, string gateway) =>
        new(gateways[gateway].LanAddress, PortControlWire.ServerPort);

    private static byte[] KeyFor(int seed, string deviceId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"igdlab-device-key/{seed}/{deviceId}")));

    private VirtualDeviceOptions Apply(VirtualDeviceOptions options, MappingStrategyKinds strategy, StrategySettings settings)
    {
        if (_settings.Variant is { } variant)
        {
            strategy = variant.Strategy;
            settings = variant.Settings;
        }

        return options with
        {
            Strategies = strategy,
            Lease = settings.Lease,
            Renew = settings.Renew,
            Poll = settings.Poll,
            Events = settings.Events,
        };
    }

    private DeviceAgent Create(VirtualDeviceOptions options) => new(options, _clock);
}
