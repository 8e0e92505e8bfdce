using IgdLab.Contracts.Control;
using IgdLab.Prober.Cluster;
using IgdLab.Prober.Metrics;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Registry;
using IgdLab.Prober.Scheduling;
using Microsoft.Extensions.Logging;

namespace IgdLab.Prober.Watchdog;

/// <summary>
/// The watchdog proper, without HTTP: wires the device registry, the probe schedule, the prober that judges each
/// probe through the verdict policy, and the instruction dispatcher, and takes what the control channels say
/// (authentication, channel open/close, reports, failed remaps, gateway signals).
/// </summary>
/// <remarks>
/// A failed probe flows: <see cref="ProbeScheduler"/> → <see cref="DeviceProber"/> (through
/// <see cref="DeadlineProbeConnector"/>, the <see cref="GuardedProbeConnector"/> when a target policy is set, and the
/// confirmation pipeline) → <see cref="VerdictPolicy"/> →
/// <see cref="InstructionDispatcher"/> → <see cref="IDeviceChannel"/>.
/// </remarks>
internal sealed partial class WatchdogEngine : IDisposable, IClusterMember
{
    private readonly ProberOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WatchdogEventPublisher _events;
    private readonly DeviceRegistry _registry;
    private readonly DeviceAuthenticator _authenticator;
    private readonly InstructionDispatcher _dispatcher;
    private readonly ProbeScheduler _scheduler;
    private readonly ClusterCoordinator? _cluster;
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _persistTimer;
    private int _disposed;

    public WatchdogEngine(ProberOptions options, TimeProvider time, IProbeConnector connector, ILogger logger, Action<WatchdogEvent> publish)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _events = new WatchdogEventPublisher(publish, logger);
        _registry = new DeviceRegistry(options, logger);
        _authenticator = new DeviceAuthenticator(_registry);
        Metrics = new ProberMetrics(_registry.DevicesByState, () => _registry.OpenChannels);
        IInstructionLedger ledger = IInstructionLedger.None;
        if (_registry.Store is PostgresRegistryStore shared)
        {
            _cluster = new ClusterCoordinator(shared.Source, this, options.InstanceName, options.OwnershipLease ?? options.ProbeInterval, time, logger);
            ledger = new ClusterInstructionLedger(_cluster);
        }

        _dispatcher = new InstructionDispatcher(options, _registry, Metrics, _events, time, logger, ledger);
        var guarded = options.TargetPolicy is { } policy ? new GuardedProbeConnector(connector, policy) : connector;
        var prober = new DeviceProber(
            _registry,
            _dispatcher,
            new DeadlineProbeConnector(guarded, options.ProbeTimeout, time),
            ProbeConfirmation.Create(options.TimeoutConfirmations, options.ConfirmationDelay, time),
            Metrics,
            _events,
            time,
            logger);
        var stopping = _stop.Token;
        _scheduler = new ProbeScheduler(options.ProbeInterval, options.MaxConcurrentProbes, options.Seed, time, deviceId => prober.ProbeAsync(deviceId, stopping));
    }

    public ProberMetrics Metrics { get; }

    /// <summary>Probes in flight now.</summary>
    public int ProbesInFlight => _scheduler.InFlight;

    public int DeviceCount => _registry.Count;

    public int OpenChannels => _registry.OpenChannels;

    /// <summary>How many devices this instance probes.</summary>
    public int OwnedDeviceCount => _cluster is null ? _registry.Count : _owned;

    /// <summary>This instance's id among those sharing its registry; null for a watchdog alone on its registry.</summary>
    public string? InstanceId => _cluster?.InstanceId;

    /// <summary>
    /// Loads the database, adds the configured keys, and puts every device with a mapping on the schedule at once —
    /// or, sharing the registry with other instances, those of its share it could claim.
    /// </summary>
    public void Start()
    {
        _registry.Load();
        foreach (var (id, key) in _options.DeviceKeys)
        {
            Register(id, key);
        }

        if (_cluster is null)
        {
            foreach (var entry in _registry.Entries.Where(entry => entry.Target is not null))
            {
                _scheduler.Add(entry.Id);
            }
        }
        else
        {
            _cluster.Start();
        }

        LogStarted(_registry.Count, _scheduler.Count);
        _persistTimer = _time.CreateTimer(_ => _registry.Persist(), null, _options.PersistInterval, _options.PersistInterval);
    }

    /// <summary>Adds a device or replaces its key (stored at once).</summary>
    public void Register(string deviceId, byte[] key)
    {
        _registry.Register(deviceId, key);
        _ = _cluster?.PublishAsync(new ClusterMessage(ClusterMessageKind.Key, deviceId, _cluster.InstanceId));
    }

    /// <summary>
    /// Takes <paramref name="deviceId"/>'s key away (stored at once): it can no longer authenticate, and its open
    /// channel is closed; its row, mapping and history stay, and registering a key again brings it back.
    /// </summary>
    /// <returns>False when the device is not registered.</returns>
    public bool Revoke(string deviceId)
    {
        if (!_registry.TryGet(deviceId, out var entry))
        {
            return false;
        }

        Register(deviceId, []);
        IDeviceChannel? channel;
        lock (entry.Gate)
        {
            channel = entry.Channel;
        }

        _registry.Remember(deviceId, _time.GetUtcNow(), "key-revoked", channel is null ? "no channel open" : "its channel is closed");
        if (channel is not null)
        {
            _ = channel.CloseAsync(ControlErrorCodes.AuthenticationFailed, "the device's key was revoked");
        }

        return true;
    }

    /// <summary>Whether <paramref name="proofHex"/> is <paramref name="deviceId"/>'s proof for <paramref name="nonce"/>.</summary>
    public bool Authenticate(string deviceId, ReadOnlySpan<byte> nonce, string proofHex)
    {
        if (_cluster is { } cluster && !string.IsNullOrEmpty(deviceId) && !_registry.TryGet(deviceId, out _))
        {
            // Registered by another instance, whose word has not arrived (or was lost with a notification connection).
            try
            {
                if (cluster.Store.KeyOf(deviceId) is { } key)
                {
                    _registry.SetKey(deviceId, key);
                }
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                LogKeyLookupFailed(deviceId, ex);
            }
        }

        return _authenticator.Authenticate(deviceId, nonce, proofHex);
    }

    /// <summary>Binds <paramref name="channel"/> to its authenticated device; a previous channel is told it was replaced and closed.</summary>
    public void Attach(string deviceId, IDeviceChannel channel)
    {
        var entry = _registry.Get(deviceId);
        IDeviceChannel? previous;
        bool mapped;
        (IDeviceChannel, RemapInstruction)? resend;
        lock (entry.Gate)
        {
            previous = entry.Channel;
            entry.Channel = channel;
            entry.Dirty = true;
            mapped = entry.Target is not null && entry.Owned;
            resend = entry.Owned ? _dispatcher.PrepareRedelivery(entry) : null;
        }

        _ = _dispatcher.RedeliverAsync(entry, resend, _time.GetUtcNow());

        if (_cluster is { } cluster)
        {
            cluster.Post(() =>
            {
                var owner = cluster.Store.ChannelOpened(deviceId);
                cluster.Store.Publish(new ClusterMessage(ClusterMessageKind.Attach, deviceId, cluster.InstanceId, owner).ToPayload());
            });
        }

        if (previous is not null)
        {
            _ = previous.CloseAsync(ControlErrorCodes.Replaced, "another control channel authenticated as this device");
        }

        var now = _time.GetUtcNow();
        _registry.Remember(deviceId, now, "channel-open", previous is null ? "authenticated" : "authenticated; replaced the previous channel");
        LogChannelOpened(deviceId);
        _events.Publish(new ChannelChanged(deviceId, now, true, null));
        if (mapped)
        {
            // It may have been offline through a fault: check it now rather than at its next slot.
            _scheduler.ProbeNow(deviceId);
        }
    }

    /// <summary>Unbinds <paramref name="channel"/> when it is still its device's channel; the device goes offline.</summary>
    public void Detach(string deviceId, IDeviceChannel channel, string reason)
    {
        if (!_registry.TryGet(deviceId, out var entry))
        {
            return;
        }

        lock (entry.Gate)
        {
            if (!ReferenceEquals(entry.Channel, channel))
            {
                return;
            }

            entry.Channel = null;
            _dispatcher.Cancel(entry);
            entry.Dirty = true;
        }

        if (_cluster is { } cluster)
        {
            cluster.Post(() =>
            {
                if (cluster.Store.ChannelClosed(deviceId) is { } owner && owner != cluster.InstanceId)
                {
                    cluster.Store.Publish(new ClusterMessage(ClusterMessageKind.Detach, deviceId, cluster.InstanceId, owner).ToPayload());
                }
            });
        }

        var now = _time.GetUtcNow();
        _registry.Remember(deviceId, now, "channel-closed", reason);
        LogChannelClosed(deviceId, reason);
        _events.Publish(new ChannelChanged(deviceId, now, false, reason));
    }

    /// <summary>Stores a report from the device's own channel and probes the new mapping at once; the answer is an ack or a bad-report error.</summary>
    public ControlMessage HandleReport(string deviceId, IDeviceChannel channel, ReportMessage report)
    {
        var problem = report.Mapping is null ? "the report has no mapping" : ControlProtocol.Validate(report.Mapping);
        if (problem is not null)
        {
            return new ControlError(ControlErrorCodes.BadReport, problem);
        }

        var entry = _registry.Get(deviceId);
        var now = _time.GetUtcNow();
        var mapping = report.Mapping!;
        bool owned;
        lock (entry.Gate)
        {
            if (!ReferenceEquals(entry.Channel, channel))
            {
                return new ControlError(ControlErrorCodes.BadMessage, "this channel no longer speaks for the device");
            }

            owned = entry.Owned;
            entry.ApplyMapping(mapping, report.Sequence, now);
            if (owned)
            {
                entry.Reports++;
                entry.Dirty = true;
                _dispatcher.OnReport(entry, report.InstructionId, now);
            }
        }

        var detail = $"{entry.Target} {mapping.Protocol.ToUpnp()} -> {mapping.InternalAddress}:{mapping.InternalPort} lease {mapping.LeaseSeconds}"
            + (report.InstructionId is null ? string.Empty : $" (answers {report.InstructionId})");
        _registry.SaveMapping(deviceId, mapping, now, new HistoryEntry(now, "report", detail));
        Metrics.Report();
        LogReport(deviceId, detail);
        _events.Publish(new ReportReceived(deviceId, now, report));
        if (owned)
        {
            _scheduler.Add(deviceId);
            _scheduler.ProbeNow(deviceId);
        }
        else
        {
            ForwardToOwner(ClusterMessageKind.Report, deviceId, report);
        }

        return new ReportAck(report.Sequence);
    }

    /// <summary>The device could not carry out an instruction: count a failed remap and back off.</summary>
    public void HandleRemapFailed(string deviceId, IDeviceChannel channel, RemapFailed failed)
    {
        var entry = _registry.Get(deviceId);
        bool owned;
        lock (entry.Gate)
        {
            owned = entry.Owned;
        }

        if (owned)
        {
            _dispatcher.OnRemapFailed(entry, channel, failed);
        }
        else
        {
            ForwardToOwner(ClusterMessageKind.RemapFailed, deviceId, failed);
        }
    }

    /// <summary>The event fast path: the device saw its gateway change, so probe it now.</summary>
    public void HandleSignal(string deviceId, GatewaySignal signal)
    {
        var now = _time.GetUtcNow();
        _registry.Remember(deviceId, now, "gateway-signal", $"{signal.Kind} {signal.Detail}".TrimEnd());
        _events.Publish(new GatewaySignalReceived(deviceId, now, signal));
        if (_registry.TryGet(deviceId, out var entry) && !entry.Owned)
        {
            ForwardToOwner(ClusterMessageKind.Signal, deviceId, signal);
        }
        else
        {
            _scheduler.ProbeNow(deviceId);
        }
    }

    /// <summary>
    /// The device as this instance knows it. Sharing a registry, a device another instance owns is answered from the
    /// registry's row, as its owner and the instance holding its channel last wrote it (mapping, state, last stored
    /// probe, counters, where its channel is open): this instance's own copy is as old as its last claim of the device.
    /// Open and recent episodes are kept only by the owner.
    /// </summary>
    public DeviceSnapshot? Snapshot(string deviceId) =>
        _cluster is not null && !Owns(deviceId) && StoredSnapshots(deviceId) is { } stored
            ? stored.SingleOrDefault()
            : _registry.Snapshot(deviceId);

    /// <summary>Whether this instance probes <paramref name="deviceId"/>: it is registered, and owned here when the registry is shared.</summary>
    public bool Owns(string deviceId) => _registry.TryGet(deviceId, out var entry) && (_cluster is null || entry.Owned);

    /// <summary>The device as this instance's own copy has it, without reading a shared registry.</summary>
    public DeviceSnapshot? OwnCopy(string deviceId) => _registry.Snapshot(deviceId);

    /// <summary>Every device, as <see cref="Snapshot"/> gives each.</summary>
    public IReadOnlyList<DeviceSnapshot> Snapshots()
    {
        var own = _registry.Snapshots();
        if (_cluster is null || StoredSnapshots(null) is not { } stored)
        {
            return own;
        }

        var owned = own.Where(device => Owns(device.Id)).ToDictionary(device => device.Id, StringComparer.Ordinal);
        return [.. stored.Select(device => owned.GetValueOrDefault(device.Id) ?? device)];
    }

    // The registry's rows of deviceId (every device when null) as snapshots; null when the registry cannot be read,
    // and the caller answers from this instance's own copy.
    private IReadOnlyList<DeviceSnapshot>? StoredSnapshots(string? deviceId)
    {
        try
        {
            return [.. _cluster!.Store.Devices(deviceId).Select(AsSnapshot)];
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            LogRegistryReadFailed(ex);
            return null;
        }
    }

    // A registry row shown as an owned device is: read into an entry of its own (a stored mapping that does not
    // validate is left out, as at a claim); the state, the channel and the outstanding instruction are the row's.
    private static DeviceSnapshot AsSnapshot(ClaimedDevice row)
    {
        var entry = new DeviceEntry(row.Device.Id, row.Device.Key);
        entry.ApplyStored(row.Device);
        return entry.ToSnapshot() with
        {
            State = row.Device.State,
            Connected = row.ChannelInstance is not null,
            OutstandingInstruction = row.InstructionId,
        };
    }

    public IReadOnlyList<HistoryEntry> History(string deviceId, int limit) => _registry.History(deviceId, limit);

    /// <summary>Stops: the last write, then, sharing a registry, its devices and lease given back.</summary>
    public void Dispose() => Stop(abandon: false);

    /// <summary>
    /// Stops as a killed process would: no last write, no ownership or lease given back, so the other instances take
    /// this one's devices over when its lease runs out.
    /// </summary>
    public void Abandon() => Stop(abandon: true);

    private void Stop(bool abandon)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The schedule stops before the running probes are cancelled: each cancelled probe's end pumps the schedule,
        // which would start every probe due by then, each failing at once on the cancelled token with an exception
        // whose stack trace the retry pipeline captures, while the clock keeps bringing more due: when that costs more
        // than the schedule brings, stopping never catches up (a 10,000-device world was seen still stopping after three
        // minutes).
        _scheduler.Dispose();
        _stop.Cancel();
        _persistTimer?.Dispose();
        _cluster?.StopAsync().GetAwaiter().GetResult();
        if (abandon)
        {
            _registry.Close();
        }
        else
        {
            // The devices' last state is written before they are given back to the other instances.
            _registry.Flush();
            _cluster?.Leave();
            _registry.Close();
        }

        Metrics.Dispose();
        _stop.Dispose();
    }
}
