using IgdLab.Contracts.Control;

namespace IgdLab.Prober.Registry;

/// <summary>A device row of the registry database.</summary>
internal sealed record StoredDevice(
    string Id,
    byte[] Key,
    MappingReport? Mapping,
    DateTimeOffset? ReportedAt,
    DeviceState State,
    ProbeRecord? LastProbe,
    DeviceCounters Counters,
    int ConsecutiveRemapFailures);
