using IgdLab.Contracts.Control;
using IgdLab.Prober.Api;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Registry;
using IgdLab.Prober.Watchdog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Prober;

/// <summary>
/// The watchdog server: keeps every device's reported mapping (in SQLite), probes each one through its gateway every
/// probe interval, and sends a remap instruction over the device's control channel when a probe fails. Runs in
/// process (on any <see cref="TimeProvider"/>, scaled clocks included) or behind <c>igdlab prober</c>.
/// Its events are raised on probe and channel threads: handlers must be quick and thread-safe.
/// </summary>
public sealed class ProberServer : IAsyncDisposable
{
    private readonly ProberOptions _options;
    private readonly WatchdogEngine _engine;
    private readonly ProberApi _api;
    private int _state;

    /// <summary>Creates a stopped server; <paramref name="connector"/> replaces the real socket probe (tests, simulations).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ProberServer(ProberOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, IProbeConnector? connector = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid prober options: " + string.Join("; ", problems), nameof(options));
        }

        _options = options;
        var time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _engine = new WatchdogEngine(
            options,
            time,
            connector ?? new SocketProbeConnector(time, options.ProbeFrom),
            loggerFactory.CreateLogger<ProberServer>(),
            Raise);
        _api = new ProberApi(_engine, options, time, loggerFactory);
    }

    /// <summary>Every event below, in one stream: the emulator's timeline subscribes here.</summary>
    public event EventHandler<WatchdogEvent>? EventRaised;

    /// <summary>A probe ended.</summary>
    public event EventHandler<ProbeCompleted>? ProbeCompleted;

    /// <summary>A healthy device's probe failed: an episode opens.</summary>
    public event EventHandler<FaultSuspected>? FaultSuspected;

    /// <summary>The failure verdict of an episode.</summary>
    public event EventHandler<FailureDetected>? FailureDetected;

    /// <summary>A remap instruction went out.</summary>
    public event EventHandler<InstructionSent>? InstructionSent;

    /// <summary>A remap failed, timed out or did not help.</summary>
    public event EventHandler<RemapFailureRecorded>? RemapFailed;

    /// <summary>A device reported a mapping.</summary>
    public event EventHandler<ReportReceived>? ReportReceived;

    /// <summary>A device is reachable again after a failure verdict.</summary>
    public event EventHandler<DeviceRecovered>? DeviceRecovered;

    /// <summary>A control channel opened or closed.</summary>
    public event EventHandler<ChannelChanged>? ChannelChanged;

    /// <summary>A device signalled a gateway event (the fast path).</summary>
    public event EventHandler<GatewaySignalReceived>? GatewaySignalReceived;

    /// <summary>This instance took a device over or gave it up (instances sharing a PostgreSQL registry).</summary>
    public event EventHandler<OwnershipChanged>? OwnershipChanged;

    /// <summary>The options the server runs with.</summary>
    public ProberOptions Options => _options;

    /// <summary>The HTTP API's base URL once started (<c>http://ip:port/</c>; <c>https://</c> with <see cref="ProberOptions.TlsCertificate"/>).</summary>
    public Uri BaseUrl => _api.BaseUrl;

    /// <summary>The control channel's URL once started (<c>ws://ip:port/control</c>; <c>wss://</c> with <see cref="ProberOptions.TlsCertificate"/>).</summary>
    public Uri ControlUrl => new UriBuilder(_api.BaseUrl)
    {
        Scheme = _api.BaseUrl.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeWss : Uri.UriSchemeWs,
        Path = ControlProtocol.Path,
    }.Uri;

    /// <summary>This instance's id among the instances sharing its PostgreSQL registry; null for a watchdog alone on its registry.</summary>
    public string? InstanceId => _engine.InstanceId;

    /// <summary>How many devices this instance probes: all of them alone on a registry, its share among instances sharing one.</summary>
    public int OwnedDeviceCount => _engine.OwnedDeviceCount;

    /// <summary>Every registered device, by id.</summary>
    public IReadOnlyList<DeviceSnapshot> Devices => _engine.Snapshots();

    /// <summary>Loads the registry, starts probing every known mapping at once, and opens the HTTP API.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("the server was started already");
        }

        _engine.Start();
        await _api.StartAsync(cancellationToken);
    }

    /// <summary>Adds a device (or replaces its key) while running; stored in the registry at once.</summary>
    public void RegisterDevice(string deviceId, ReadOnlySpan<byte> key) => _engine.Register(deviceId, key.ToArray());

    /// <summary>
    /// Takes a device's key away while running (stored at once): it can no longer authenticate and its open channel is
    /// closed; its row and history stay. False when it is not registered.
    /// </summary>
    public bool RevokeDevice(string deviceId) => _engine.Revoke(deviceId);

    /// <summary>
    /// Whether this instance probes the device: it is registered, and (on a shared registry) this instance owns it.
    /// What an instance that does not own a device says of it can be as old as the moment it last did.
    /// </summary>
    public bool Owns(string deviceId) => _engine.Owns(deviceId);

    /// <summary>
    /// One device, or null when it is not registered. Sharing a registry, a device another instance owns is answered from
    /// the registry (a read of the database), not from this instance's older copy.
    /// </summary>
    public DeviceSnapshot? GetDevice(string deviceId) => _engine.Snapshot(deviceId);

    /// <summary>
    /// One device as this instance last knew it, without reading a shared registry: live when this instance owns the
    /// device (or shares no registry), else as old as its last claim of it or the last report on a channel here.
    /// </summary>
    public DeviceSnapshot? GetOwnCopy(string deviceId) => _engine.OwnCopy(deviceId);

    /// <summary>The newest history lines of a device (reports, verdicts, instructions, remap failures, recoveries, channel changes).</summary>
    public IReadOnlyList<HistoryEntry> GetHistory(string deviceId, int limit = ProberDefaults.HistoryPerDevice) => _engine.History(deviceId, limit);

    /// <summary>Stops the API (closing every control channel), the probes, and writes the registry.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        await _api.DisposeAsync();
        _engine.Dispose();
    }

    /// <summary>
    /// Stops as if the process were killed (<c>kill -9</c>): the control channels drop, nothing more is written, and
    /// its ownership and lease in a shared registry are not given back, so the other instances take its devices over
    /// when the lease runs out. For fault scenarios and tests.
    /// </summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) == 2)
        {
            return;
        }

        _engine.Abandon();
        await _api.DisposeAsync();
    }

    private void Raise(WatchdogEvent raised)
    {
        EventRaised?.Invoke(this, raised);
        switch (raised)
        {
            case ProbeCompleted e:
                ProbeCompleted?.Invoke(this, e);
                break;
            case FaultSuspected e:
                FaultSuspected?.Invoke(this, e);
                break;
            case FailureDetected e:
                FailureDetected?.Invoke(this, e);
                break;
            case InstructionSent e:
                InstructionSent?.Invoke(this, e);
                break;
            case RemapFailureRecorded e:
                RemapFailed?.Invoke(this, e);
                break;
            case ReportReceived e:
                ReportReceived?.Invoke(this, e);
                break;
            case DeviceRecovered e:
                DeviceRecovered?.Invoke(this, e);
                break;
            case ChannelChanged e:
                ChannelChanged?.Invoke(this, e);
                break;
            case GatewaySignalReceived e:
                GatewaySignalReceived?.Invoke(this, e);
                break;
            case OwnershipChanged e:
                OwnershipChanged?.Invoke(this, e);
                break;
        }
    }
}
