using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Emulator.Databases;
using IgdLab.Emulator.World;
using IgdLab.Emulator.Scenarios;
using IgdLab.Prober;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Registry;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Running;

/// <summary>
/// The world's watchdog: one server, or several instances on one PostgreSQL registry (<c>watchdog.instances</c>), each
/// on an outside loopback address of its own (probes come from there, through each gateway's WAN side). An instance
/// can be killed or restarted by a fault and comes back on the same address and port, so that the devices, which know
/// every instance's URL, find it again. Absent (<see cref="Enabled"/> false) when the scenario disables it.
/// </summary>
internal sealed class WorldWatchdog : IAsyncDisposable
{
    private readonly WorldGateways _gateways;
    private readonly RunSettings _settings;
    private readonly TimeProvider _clock;
    private readonly InProcessNetwork _network;
    private readonly ILoggerFactory _loggers;
    private readonly ProberOptions? _options;
    private readonly IPAddress[] _addresses = [];
    private readonly ProberServer?[] _instances = [];
    private readonly Uri[] _controlUrls = [];
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private string? _database;

    public WorldWatchdog(RunSettings settings, TimeProvider clock, AddressPlan addresses, WorldGateways gateways, InProcessNetwork network, ILoggerFactory loggers)
    {
        _gateways = gateways;
        _settings = settings;
        _clock = clock;
        _network = network;
        _loggers = loggers;
        ChannelsInMemory = gateways.RealRouter is null;
        var spec = settings.Scenario.Watchdog;
        if (!spec.Enabled)
        {
            return;
        }

        // Behind a real router the watchdog is the outside host of its WAN namespace; otherwise loopback addresses of its own.
        var count = Math.Max(1, spec.Instances);
        _addresses = gateways.RealRouter is { OutsideAddress: { } outside } ? [outside] : [.. Enumerable.Range(0, count).Select(_ => addresses.Next())];
        _instances = new ProberServer?[_addresses.Length];
        _controlUrls = new Uri[_addresses.Length];
        var options = new ProberOptions
        {
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
        _options = options with
        {
            ProbeInterval = spec.ProbeInterval ?? options.ProbeInterval,
            ProbeTimeout = spec.ProbeTimeout ?? options.ProbeTimeout,
            TimeoutConfirmations = spec.TimeoutConfirmations ?? options.TimeoutConfirmations,
            MaxConcurrentProbes = spec.MaxConcurrentProbes ?? options.MaxConcurrentProbes,
        };
    }

    /// <summary>Every event of every instance, as it happens (an instance's events end when it dies).</summary>
    public event EventHandler<WatchdogEvent>? EventRaised;

    /// <summary>Whether the world has a watchdog.</summary>
    public bool Enabled => _options is not null;

    /// <summary>The settings every instance runs with (its address and database aside); null without a watchdog.</summary>
    public ProberOptions? Options => _options;

    /// <summary>How many instances the world has, running or not.</summary>
    public int InstanceCount => _instances.Length;

    /// <summary>Whether the devices' control channels reach the server in memory (behind virtual gateways), not through a real router's NAT.</summary>
    public bool ChannelsInMemory { get; }

    /// <summary>The first instance's address, or null.</summary>
    public IPAddress? Address => _addresses.Length > 0 ? _addresses[0] : null;

    /// <summary>Every instance's control channel URL, in instance order; a device tries them in turn.</summary>
    public IReadOnlyList<Uri> ControlUrls => _controlUrls;

    /// <summary>The probe interval and timeout (for the false-remap grace); zero without a watchdog.</summary>
    public TimeSpan Grace => _options is null ? TimeSpan.Zero : _options.ProbeInterval + _options.ProbeTimeout;

    /// <summary>The instances running now, by their number counted from 1.</summary>
    public IReadOnlyList<int> Running
    {
        get
        {
            lock (_gate)
            {
                return [.. Enumerable.Range(1, _instances.Length).Where(n => _instances[n - 1] is not null)];
            }
        }
    }

    /// <summary>How many devices instance <paramref name="number"/> (counted from 1) probes now; 0 when it is not running.</summary>
    public int OwnedDeviceCount(int number)
    {
        lock (_gate)
        {
            return number >= 1 && number <= _instances.Length && _instances[number - 1] is { } instance ? instance.OwnedDeviceCount : 0;
        }
    }

    /// <summary>Opens the registry (a database of the run's own on PostgreSQL) and starts every instance.</summary>
    /// <exception cref="TestbedException">The scenario asks for PostgreSQL and the run was given no server.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options is null)
        {
            return;
        }

        if (_settings.Scenario.Watchdog.Registry == WatchdogRegistry.Postgres)
        {
            var server = _settings.Postgres
                ?? throw new TestbedException($"watchdog registry: postgres needs a PostgreSQL server (--postgres or {PostgresServer.EnvironmentVariable}), and the run has none");
            _database = await server.CreateDatabaseAsync("igdlab_run", cancellationToken);
        }

        for (var i = 0; i < _instances.Length; i++)
        {
            await StartInstanceAsync(i, cancellationToken);
        }
    }

    /// <summary>Adds a device to every running instance (an instance started later is given it with the others).</summary>
    public void RegisterDevice(string deviceId, ReadOnlySpan<byte> key)
    {
        List<ProberServer> running;
        lock (_gate)
        {
            _keys[deviceId] = key.ToArray();
            running = [.. _instances.OfType<ProberServer>()];
        }

        foreach (var instance in running)
        {
            instance.RegisterDevice(deviceId, key);
        }
    }

    /// <summary>
    /// What the watchdog publishes for <paramref name="deviceId"/>: what the instance that probes it says, or, while no
    /// running instance owns it (its owner just died), the newest word of any running one; null when none knows it.
    /// Each instance's own copy is read, not the registry: the oracle asks for every device every check.
    /// </summary>
    public DeviceSnapshot? Lookup(string deviceId)
    {
        DeviceSnapshot? newest = null;
        foreach (var instance in Instances())
        {
            if (instance.GetOwnCopy(deviceId) is not { } snapshot)
            {
                continue;
            }

            if (instance.Owns(deviceId))
            {
                return snapshot;
            }

            if (newest is null || snapshot.ReportedAt > newest.ReportedAt)
            {
                newest = snapshot;
            }
        }

        return newest;
    }

    /// <summary>
    /// Stops instance <paramref name="number"/> (counted from 1): as under kill -9 when <paramref name="kill"/>, else in
    /// order (its devices released at once). False when it is not running.
    /// </summary>
    public async Task<bool> StopAsync(int number, bool kill)
    {
        ProberServer? instance;
        lock (_gate)
        {
            instance = _instances[number - 1];
            _instances[number - 1] = null;
        }

        if (instance is null)
        {
            return false;
        }

        instance.EventRaised -= OnEvent;
        if (kill)
        {
            await instance.KillAsync();
        }
        else
        {
            await instance.DisposeAsync();
        }

        return true;
    }

    /// <summary>Starts instance <paramref name="number"/> (counted from 1) again on its address and port; false when it is running.</summary>
    public async Task<bool> StartAgainAsync(int number, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_instances[number - 1] is not null)
            {
                return false;
            }
        }

        await StartInstanceAsync(number - 1, cancellationToken);
        return true;
    }

    /// <summary>Stops every running instance in order and drops the run's database.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var number in Running)
        {
            await StopAsync(number, kill: false);
        }

        if (_database is not null && _settings.Postgres is { } server)
        {
            try
            {
                await server.DropDatabaseAsync(_database);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
            {
                // A database left behind costs disk, not the run's result; the server may be gone already.
                _loggers.CreateLogger<WorldWatchdog>().LogWarning("could not drop the run's registry database: {Message}", ex.Message);
            }
        }
    }

    private List<ProberServer> Instances()
    {
        lock (_gate)
        {
            return [.. _instances.OfType<ProberServer>()];
        }
    }

    private async Task StartInstanceAsync(int index, CancellationToken cancellationToken)
    {
        Dictionary<string, byte[]> keys;
        lock (_gate)
        {
            keys = new Dictionary<string, byte[]>(_keys, StringComparer.Ordinal);
        }

        var address = _addresses[index];
        var options = _options! with
        {
            ListenAddress = address,
            ProbeFrom = address,

            // Back on the port it had: the devices were told it.
            ListenPort = _controlUrls[index]?.Port ?? 0,
            DatabasePath = _database,
            InstanceName = $"watchdog-{index + 1}",
            DeviceKeys = keys,
        };
        IProbeConnector? connector = _gateways.RealRouter is { } router ? new OutsideProbeConnector(router, _clock, address)
            : _settings.Scenario.Network == WorldNetwork.Simulated ? new SimulatedProbeConnector(_network, _clock, address)
            : null;
        var instance = new ProberServer(options, _clock, _loggers, connector);
        instance.EventRaised += OnEvent;
        try
        {
            // The server's listener and every probe it sends belong to the outside network it was started in.
            using (_gateways.RealRouter?.EnterOutside())
            {
                await instance.StartAsync(cancellationToken);
            }
        }
        catch
        {
            instance.EventRaised -= OnEvent;
            await instance.DisposeAsync();
            throw;
        }

        lock (_gate)
        {
            _controlUrls[index] = instance.ControlUrl;
            _instances[index] = instance;
        }
    }

    private void OnEvent(object? sender, WatchdogEvent e) => EventRaised?.Invoke(sender, e);
}
