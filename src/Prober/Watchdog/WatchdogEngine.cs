using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Metrics;
using IgdLab.Prober.Probing;
using IgdLab.Prober.Registry;
using IgdLab.Prober.Scheduling;
using Microsoft.Extensions.Logging;
using Polly;

namespace IgdLab.Prober.Watchdog;

/// <summary>
/// The watchdog proper, without HTTP: the registry of devices, the probe schedule, the classification of probe
/// results, remap instructions with one outstanding per device and a backoff, offline marking, and the record of
/// each fault episode. The control channels call in with what devices say; the scheduler calls in when a probe is due.
/// </summary>
internal sealed partial class WatchdogEngine : IDisposable
{
    private readonly ProberOptions _options;
    private readonly TimeProvider _time;
    private readonly IProbeConnector _connector;
    private readonly ILogger _logger;
    private readonly Action<WatchdogEvent> _publish;
    private readonly ConcurrentDictionary<string, DeviceEntry> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string DeviceId, HistoryEntry Entry)> _history = new();
    private readonly ResiliencePipeline<ProbeResult> _confirmation;
    private readonly RemapBackoff _backoff;
    private readonly RegistryStore _store;
    private readonly ProbeScheduler _scheduler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _persisting = new();
    private readonly string _runId;
    private ITimer? _persistTimer;
    private long _instructionSequence;
    private int _disposed;
    private bool _storeClosed;

    public WatchdogEngine(ProberOptions options, TimeProvider time, IProbeConnector connector, ILogger logger, Action<WatchdogEvent> publish)
    {
        _options = options;
        _time = time;
        _connector = connector;
        _logger = logger;
        _publish = publish;
        _confirmation = ProbeConfirmation.Create(options.TimeoutConfirmations, options.ConfirmationDelay, time);
        _backoff = new RemapBackoff(options.RemapBackoffMin, options.RemapBackoffMax);
        _runId = time.GetUtcNow().ToUnixTimeMilliseconds().ToString("x", CultureInfo.InvariantCulture);
        Metrics = new ProberMetrics(DevicesByState, () => _devices.Values.Count(entry => entry.Channel is not null));
        _store = new RegistryStore(options.DatabasePath, options.HistoryPerDevice);
        _scheduler = new ProbeScheduler(options.ProbeInterval, options.MaxConcurrentProbes, options.Seed, time, ProbeDeviceAsync);
    }

    public ProberMetrics Metrics { get; }

    /// <summary>Probes in flight now.</summary>
    public int ProbesInFlight => _scheduler.InFlight;

    /// <summary>Loads the database, adds the configured keys, and puts every device with a mapping on the schedule at once.</summary>
    public void Start()
    {
        foreach (var stored in _store.Load())
        {
            var entry = new DeviceEntry(stored.Id, stored.Key)
            {
                ConsecutiveRemapFailures = stored.ConsecutiveRemapFailures,
                LastProbe = stored.LastProbe,
                Probes = stored.Counters.Probes,
                FailedProbes = stored.Counters.FailedProbes,
                Verdicts = stored.Counters.Verdicts,
                Instructions = stored.Counters.Instructions,
                Reports = stored.Counters.Reports,
                RemapFailures = stored.Counters.RemapFailures,
                Recoveries = stored.Counters.Recoveries,
            };
            if (stored.Mapping is { } mapping && ControlProtocol.Validate(mapping) is null)
            {
                entry.Mapping = mapping;
                entry.Target = new IPEndPoint(IPAddress.Parse(mapping.ExternalAddress), mapping.ExternalPort);
                entry.ReportedAt = stored.ReportedAt;
            }

            _devices[entry.Id] = entry;
        }

        foreach (var (id, key) in _options.DeviceKeys)
        {
            Register(id, key);
        }

        foreach (var entry in _devices.Values.Where(entry => entry.Target is not null))
        {
            _scheduler.Add(entry.Id);
        }

        LogStarted(_devices.Count, _scheduler.Count);
        _persistTimer = _time.CreateTimer(_ => Persist(), null, _options.PersistInterval, _options.PersistInterval);
    }

    /// <summary>Adds a device or replaces its key (stored at once).</summary>
    public void Register(string deviceId, byte[] key)
    {
        IdentityHandshake.ValidateDeviceId(deviceId);
        ArgumentNullException.ThrowIfNull(key);
        var entry = _devices.GetOrAdd(deviceId, id => new DeviceEntry(id, key));
        lock (entry.Gate)
        {
            entry.Key = [.. key];
        }

        _store.SaveKey(deviceId, key);
    }

    /// <summary>Whether <paramref name="proofHex"/> is <paramref name="deviceId"/>'s proof for <paramref name="nonce"/>.</summary>
    public bool Authenticate(string deviceId, ReadOnlySpan<byte> nonce, string proofHex)
    {
        if (string.IsNullOrEmpty(deviceId) || !_devices.TryGetValue(deviceId, out var entry) || proofHex is not { Length: 64 })
        {
            return false;
        }

        byte[] proof;
        try
        {
            proof = Convert.FromHexString(proofHex);
        }
        catch (FormatException)
        {
            return false;
        }

        byte[] key;
        lock (entry.Gate)
        {
            key = entry.Key;
        }

        return CryptographicOperations.FixedTimeEquals(proof, IdentityHandshake.Proof(key, nonce, deviceId));
    }

    /// <summary>Binds <paramref name="channel"/> to its authenticated device; a previous channel is told it was replaced and closed.</summary>
    public void Attach(string deviceId, IDeviceChannel channel)
    {
        var entry = _devices[deviceId];
        IDeviceChannel? previous;
        bool mapped;
        lock (entry.Gate)
        {
            previous = entry.Channel;
            entry.Channel = channel;
            entry.Dirty = true;
            mapped = entry.Target is not null;
        }

        if (previous is not null)
        {
            _ = previous.CloseAsync(ControlErrorCodes.Replaced, "another control channel authenticated as this device");
        }

        var now = _time.GetUtcNow();
        Remember(deviceId, now, "channel-open", previous is null ? "authenticated" : "authenticated; replaced the previous channel");
        LogChannelOpened(deviceId);
        Publish(new ChannelChanged(deviceId, now, true, null));
        if (mapped)
        {
            // It may have been offline through a fault: check it now rather than at its next slot.
            _scheduler.ProbeNow(deviceId);
        }
    }

    /// <summary>Unbinds <paramref name="channel"/> when it is still its device's channel; the device goes offline.</summary>
    public void Detach(string deviceId, IDeviceChannel channel, string reason)
    {
        if (!_devices.TryGetValue(deviceId, out var entry))
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
            entry.CancelInstruction();
            entry.Dirty = true;
        }

        var now = _time.GetUtcNow();
        Remember(deviceId, now, "channel-closed", reason);
        LogChannelClosed(deviceId, reason);
        Publish(new ChannelChanged(deviceId, now, false, reason));
    }

    /// <summary>Stores a report from the device's own channel and probes the new mapping at once; the answer is an ack or a bad-report error.</summary>
    public ControlMessage HandleReport(string deviceId, IDeviceChannel channel, ReportMessage report)
    {
        var problem = report.Mapping is null ? "the report has no mapping" : ControlProtocol.Validate(report.Mapping);
        if (problem is not null)
        {
            return new ControlError(ControlErrorCodes.BadReport, problem);
        }

        var entry = _devices[deviceId];
        var now = _time.GetUtcNow();
        var mapping = report.Mapping!;
        lock (entry.Gate)
        {
            if (!ReferenceEquals(entry.Channel, channel))
            {
                return new ControlError(ControlErrorCodes.BadMessage, "this channel no longer speaks for the device");
            }

            entry.Mapping = mapping;
            entry.Target = new IPEndPoint(IPAddress.Parse(mapping.ExternalAddress), mapping.ExternalPort);
            entry.ReportedAt = now;
            entry.Generation++;
            entry.Reports++;
            entry.Dirty = true;
            if (report.InstructionId is not null && report.InstructionId == entry.OutstandingInstruction)
            {
                entry.CancelInstruction();
            }

            if (entry.Episode is { } episode)
            {
                episode.ReportedAt = now;
                episode.AwaitingVerification = episode.DetectedAt is not null;
            }
        }

        var detail = $"{entry.Target} {mapping.Protocol} -> {mapping.InternalAddress}:{mapping.InternalPort} lease {mapping.LeaseSeconds}"
            + (report.InstructionId is null ? string.Empty : $" (answers {report.InstructionId})");
        try
        {
            _store.SaveMapping(deviceId, mapping, now, new HistoryEntry(now, "report", detail));
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            LogPersistFailed(ex);
        }

        Metrics.Report();
        LogReport(deviceId, detail);
        Publish(new ReportReceived(deviceId, now, report));
        _scheduler.Add(deviceId);
        _scheduler.ProbeNow(deviceId);
        return new ReportAck(report.Sequence);
    }

    /// <summary>The device could not carry out an instruction: count a failed remap and back off.</summary>
    public void HandleRemapFailed(string deviceId, IDeviceChannel channel, RemapFailed failed)
    {
        var entry = _devices[deviceId];
        RemapFailureRecorded? recorded = null;
        lock (entry.Gate)
        {
            if (ReferenceEquals(entry.Channel, channel) && failed.InstructionId == entry.OutstandingInstruction && failed.InstructionId is not null)
            {
                entry.CancelInstruction();
                recorded = RecordRemapFailure(entry, _time.GetUtcNow(), failed.InstructionId, $"the device failed: {failed.Error}");
            }
        }

        Published(recorded);
    }

    /// <summary>The event fast path: the device saw its gateway change, so probe it now.</summary>
    public void HandleSignal(string deviceId, GatewaySignal signal)
    {
        var now = _time.GetUtcNow();
        Remember(deviceId, now, "gateway-signal", $"{signal.Kind} {signal.Detail}".TrimEnd());
        Publish(new GatewaySignalReceived(deviceId, now, signal));
        _scheduler.ProbeNow(deviceId);
    }

    public DeviceSnapshot? Snapshot(string deviceId)
    {
        if (!_devices.TryGetValue(deviceId, out var entry))
        {
            return null;
        }

        lock (entry.Gate)
        {
            return entry.ToSnapshot();
        }
    }

    public IReadOnlyList<DeviceSnapshot> Snapshots() =>
        [.. _devices.Values.OrderBy(entry => entry.Id, StringComparer.Ordinal).Select(entry =>
        {
            lock (entry.Gate)
            {
                return entry.ToSnapshot();
            }
        })];

    public IReadOnlyList<HistoryEntry> History(string deviceId, int limit)
    {
        Persist();
        return _store.History(deviceId, limit);
    }

    public int DeviceCount => _devices.Count;

    public int OpenChannels => _devices.Values.Count(entry => entry.Channel is not null);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _scheduler.Dispose();
        _persistTimer?.Dispose();
        foreach (var entry in _devices.Values)
        {
            lock (entry.Gate)
            {
                entry.CancelInstruction();
                entry.Dirty = true;
            }
        }

        Persist();
        lock (_persisting)
        {
            _storeClosed = true;
            _store.Dispose();
        }

        Metrics.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Writes changed devices and buffered history to the database. One at a time, so that a later snapshot of a
    /// device is never overwritten by an earlier one.
    /// </summary>
    internal void Persist()
    {
        lock (_persisting)
        {
            if (_storeClosed)
            {
                return;
            }

            var devices = new List<StoredDevice>();
            foreach (var entry in _devices.Values)
            {
                lock (entry.Gate)
                {
                    if (entry.Dirty)
                    {
                        entry.Dirty = false;
                        devices.Add(entry.ToStored());
                    }
                }
            }

            var history = new List<(string, HistoryEntry)>();
            while (_history.TryDequeue(out var line))
            {
                history.Add(line);
            }

            try
            {
                _store.SaveProgress(devices, history);
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
            {
                LogPersistFailed(ex);
            }
        }
    }

    private IEnumerable<Measurement<int>> DevicesByState()
    {
        var counts = new int[Enum.GetValues<DeviceState>().Length];
        foreach (var entry in _devices.Values)
        {
            lock (entry.Gate)
            {
                counts[(int)entry.State]++;
            }
        }

        return counts.Select((count, state) =>
            new Measurement<int>(count, new KeyValuePair<string, object?>("state", ((DeviceState)state).ToString().ToLowerInvariant())));
    }

    private void Remember(string deviceId, DateTimeOffset at, string kind, string detail) =>
        _history.Enqueue((deviceId, new HistoryEntry(at, kind, detail)));

    private void Publish(WatchdogEvent watchdogEvent)
    {
        try
        {
            _publish(watchdogEvent);
        }
        catch (Exception ex)
        {
            LogSubscriberFailed(watchdogEvent.GetType().Name, ex);
        }
    }

    private void Published(WatchdogEvent? watchdogEvent)
    {
        if (watchdogEvent is not null)
        {
            Publish(watchdogEvent);
        }
    }
}
