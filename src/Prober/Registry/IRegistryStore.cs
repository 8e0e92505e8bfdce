using IgdLab.Contracts.Control;

namespace IgdLab.Prober.Registry;

/// <summary>
/// Where the registry keeps its devices: one row per device (key, current mapping, state, last probe, counters) and
/// a bounded history per device. Keys and reports are written at once; probe results, counters and history in
/// periodic batches. History is read and trimmed in time order, not in insertion order: a report is written at once
/// while the lines before it (channel opened, instruction sent) wait for the next batch.
/// </summary>
internal interface IRegistryStore : IDisposable
{
    /// <summary>Every stored device.</summary>
    IReadOnlyList<StoredDevice> Load();

    /// <summary>Adds a device or replaces its key.</summary>
    void SaveKey(string deviceId, byte[] key);

    /// <summary>Stores a device's new mapping and the report's history line, at once.</summary>
    void SaveMapping(string deviceId, MappingReport mapping, DateTimeOffset at, HistoryEntry history);

    /// <summary>Stores probe results, states and counters of changed devices, and buffered history, in one transaction.</summary>
    void SaveProgress(IReadOnlyCollection<StoredDevice> devices, IReadOnlyCollection<(string DeviceId, HistoryEntry Entry)> history);

    /// <summary>The newest <paramref name="limit"/> history lines of a device, oldest first (lines of the same time as written).</summary>
    IReadOnlyList<HistoryEntry> History(string deviceId, int limit);
}
