using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Registry;
using Microsoft.Extensions.Logging;

namespace IgdLab.Prober.Watchdog;

/// <summary>
/// The registered devices: their live state in memory (<see cref="DeviceEntry"/>, each behind its own lock) and its
/// persistence through an <see cref="IRegistryStore"/> — keys and reports at once, probe progress and history in batches.
/// </summary>
internal sealed partial class DeviceRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, DeviceEntry> _devices = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string DeviceId, HistoryEntry Entry)> _history = new();
    private readonly IRegistryStore _store;
    private readonly ILogger _logger;
    private readonly Lock _persisting = new();
    private readonly bool _ownsAll;
    private bool _storeClosed;

    public DeviceRegistry(ProberOptions options, ILogger logger)
    {
        _logger = logger;
        _store = RegistryStores.Open(options.DatabasePath, options.HistoryPerDevice);
        _ownsAll = _store is not PostgresRegistryStore;
    }

    /// <summary>The store; a <see cref="PostgresRegistryStore"/> may be shared with other instances.</summary>
    public IRegistryStore Store => _store;

    public int Count => _devices.Count;

    public int OpenChannels => _devices.Values.Count(entry => entry.Channel is not null);

    /// <summary>Every device, in no particular order; lock an entry before reading it.</summary>
    public IEnumerable<DeviceEntry> Entries => _devices.Values;

    /// <summary>Loads every stored device with its counters and (valid) mapping.</summary>
    public void Load()
    {
        foreach (var stored in _store.Load())
        {
            var entry = new DeviceEntry(stored.Id, stored.Key) { Owned = _ownsAll };
            entry.ApplyStored(stored);
            _devices[entry.Id] = entry;
        }
    }

    /// <summary>Adds a device or replaces its key (stored at once).</summary>
    public void Register(string deviceId, byte[] key)
    {
        IdentityHandshake.ValidateDeviceId(deviceId);
        ArgumentNullException.ThrowIfNull(key);
        SetKey(deviceId, key);
        _store.SaveKey(deviceId, key);
    }

    /// <summary>Adds a device or replaces its key in memory only (another instance stored it).</summary>
    public DeviceEntry SetKey(string deviceId, byte[] key)
    {
        var entry = _devices.GetOrAdd(deviceId, id => new DeviceEntry(id, key) { Owned = _ownsAll });
        lock (entry.Gate)
        {
            entry.Key = [.. key];
        }

        return entry;
    }

    public bool TryGet(string deviceId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeviceEntry? entry) =>
        _devices.TryGetValue(deviceId, out entry);

    /// <summary>A registered device (the control channel only speaks for authenticated, hence registered, ones).</summary>
    public DeviceEntry Get(string deviceId) => _devices[deviceId];

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

    /// <summary>The newest history lines of a device, buffered ones included.</summary>
    public IReadOnlyList<HistoryEntry> History(string deviceId, int limit)
    {
        Persist();
        return _store.History(deviceId, limit);
    }

    /// <summary>Buffers a history line; written with the next <see cref="Persist"/>.</summary>
    public void Remember(string deviceId, DateTimeOffset at, string kind, string detail) =>
        _history.Enqueue((deviceId, new HistoryEntry(at, kind, detail)));

    /// <summary>Stores a reported mapping at once: a restart must probe the newest one.</summary>
    public void SaveMapping(string deviceId, MappingReport mapping, DateTimeOffset at, HistoryEntry history)
    {
        try
        {
            _store.SaveMapping(deviceId, mapping, at, history);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            LogPersistFailed(ex);
        }
    }

    /// <summary>
    /// Writes changed devices and buffered history to the database. One at a time, so that a later snapshot of a
    /// device is never overwritten by an earlier one.
    /// </summary>
    public void Persist()
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
                    // Another instance writes the devices it owns.
                    if (entry.Dirty && entry.Owned)
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
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                LogPersistFailed(ex);
            }
        }
    }

    /// <summary>How many devices stand in each <see cref="DeviceState"/> (the metrics' gauge).</summary>
    public IEnumerable<Measurement<int>> DevicesByState()
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

    /// <summary>Writes the state of devices this instance gave up, before another claims them (one writer at a time, as <see cref="Persist"/>).</summary>
    public void PersistReleased(IReadOnlyCollection<StoredDevice> devices)
    {
        lock (_persisting)
        {
            if (!_storeClosed && devices.Count > 0)
            {
                _store.SaveProgress(devices, []);
            }
        }
    }

    /// <summary>Writes every device this instance owns one last time.</summary>
    public void Flush()
    {
        foreach (var entry in _devices.Values)
        {
            lock (entry.Gate)
            {
                entry.CancelInstruction();
                entry.Dirty = true;
            }
        }

        Persist();
    }

    /// <summary>Closes the database without a last write (what a killed process leaves); later writes are dropped.</summary>
    public void Close()
    {
        lock (_persisting)
        {
            if (!_storeClosed)
            {
                _storeClosed = true;
                _store.Dispose();
            }
        }
    }

    /// <summary>Writes every device one last time and closes the database; later writes are dropped.</summary>
    public void Dispose()
    {
        Flush();
        Close();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the registry database")]
    private partial void LogPersistFailed(Exception exception);
}
