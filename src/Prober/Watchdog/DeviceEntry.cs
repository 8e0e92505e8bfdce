using System.Net;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Registry;

namespace IgdLab.Prober.Watchdog;

/// <summary>One device's live state in the watchdog; every member is guarded by <see cref="Gate"/>.</summary>
internal sealed class DeviceEntry(string id, byte[] key)
{
    public string Id { get; } = id;

    public Lock Gate { get; } = new();

    public byte[] Key { get; set; } = key;

    public MappingReport? Mapping { get; set; }

    /// <summary>The mapping's external endpoint, parsed once.</summary>
    public IPEndPoint? Target { get; set; }

    public DateTimeOffset? ReportedAt { get; set; }

    /// <summary>The sequence number of the report that gave <see cref="Mapping"/>; instructions name it (null after a restart).</summary>
    public long? ReportSequence { get; set; }

    /// <summary>Increases with every report, so a probe of a replaced mapping cannot judge the new one.</summary>
    public long Generation { get; set; }

    public ProbeRecord? LastProbe { get; set; }

    /// <summary>
    /// The device's control channel: open on this instance, or (for a device this instance owns) a
    /// <see cref="Cluster.RemoteDeviceChannel"/> to the instance it is open on.
    /// </summary>
    public IDeviceChannel? Channel { get; set; }

    /// <summary>
    /// Whether this instance probes the device and acts on its probes. Always, for a watchdog alone on its registry;
    /// among instances sharing one, while this one holds the device's ownership.
    /// </summary>
    public bool Owned { get; set; } = true;

    public string? OutstandingInstruction { get; set; }

    /// <summary>The outstanding instruction as sent; null for one taken over from another instance (rebuilt from the entry when redelivered).</summary>
    public RemapInstruction? OutstandingMessage { get; set; }

    /// <summary>The channel the outstanding instruction last went out on; another channel of the device gets it again.</summary>
    public IDeviceChannel? InstructedOver { get; set; }

    public ITimer? InstructionTimer { get; set; }

    public int ConsecutiveRemapFailures { get; set; }

    public DateTimeOffset? NextInstructionNotBefore { get; set; }

    public OpenEpisode? Episode { get; set; }

    public Queue<RemapEpisode> RecentEpisodes { get; } = new();

    public long Probes { get; set; }

    public long FailedProbes { get; set; }

    public long Verdicts { get; set; }

    public long Instructions { get; set; }

    public long Reports { get; set; }

    public long RemapFailures { get; set; }

    public long Recoveries { get; set; }

    /// <summary>Changed since the last write to the database.</summary>
    public bool Dirty { get; set; }

    public DeviceState State
    {
        get
        {
            if (Mapping is null)
            {
                return DeviceState.Unknown;
            }

            if (Channel is null)
            {
                return DeviceState.Offline;
            }

            if (OutstandingInstruction is not null || Episode?.AwaitingVerification == true)
            {
                return DeviceState.Remapping;
            }

            if (Episode is not null)
            {
                return ConsecutiveRemapFailures > 0 ? DeviceState.Failing : DeviceState.Suspect;
            }

            return LastProbe is null ? DeviceState.Unknown : DeviceState.Healthy;
        }
    }

    /// <summary>Takes the device's stored state (after a restart, or when this instance takes the device over); the live state of a probe or an instruction starts afresh.</summary>
    public void ApplyStored(StoredDevice stored)
    {
        Key = stored.Key;
        ConsecutiveRemapFailures = stored.ConsecutiveRemapFailures;
        LastProbe = stored.LastProbe;
        Probes = stored.Counters.Probes;
        FailedProbes = stored.Counters.FailedProbes;
        Verdicts = stored.Counters.Verdicts;
        Instructions = stored.Counters.Instructions;
        Reports = stored.Counters.Reports;
        RemapFailures = stored.Counters.RemapFailures;
        Recoveries = stored.Counters.Recoveries;
        Episode = null;
        CancelInstruction();
        Generation++;
        if (stored.Mapping is { } mapping && ControlProtocol.Validate(mapping) is null)
        {
            Mapping = mapping;
            Target = new IPEndPoint(IPAddress.Parse(mapping.ExternalAddress), mapping.ExternalPort);
            ReportedAt = stored.ReportedAt;
        }
    }

    /// <summary>Takes a reported mapping (the report numbered <paramref name="sequence"/>).</summary>
    public void ApplyMapping(MappingReport mapping, long sequence, DateTimeOffset at)
    {
        Mapping = mapping;
        Target = new IPEndPoint(IPAddress.Parse(mapping.ExternalAddress), mapping.ExternalPort);
        ReportedAt = at;
        ReportSequence = sequence;
        Generation++;
    }

    public DeviceCounters Counters => new(Probes, FailedProbes, Verdicts, Instructions, Reports, RemapFailures, Recoveries);

    /// <summary>Where the device stands for a probe of mapping <paramref name="generation"/> (the policy's input).</summary>
    public DeviceStanding StandingFor(long generation) =>
        new(generation == Generation, Episode is not null, Episode?.DetectedAt is not null, Episode?.AwaitingVerification == true);

    public void CancelInstruction()
    {
        OutstandingInstruction = null;
        OutstandingMessage = null;
        InstructedOver = null;
        InstructionTimer?.Dispose();
        InstructionTimer = null;
    }

    public DeviceSnapshot ToSnapshot() => new(
        Id,
        Target?.ToString(),
        Mapping?.Protocol,
        Mapping is null ? null : new IPEndPoint(IPAddress.Parse(Mapping.InternalAddress), Mapping.InternalPort).ToString(),
        Mapping?.LeaseSeconds,
        ReportedAt,
        State,
        Channel is not null,
        LastProbe,
        Counters,
        ConsecutiveRemapFailures,
        NextInstructionNotBefore,
        OutstandingInstruction,
        Episode?.ToRecord(),
        [.. RecentEpisodes]);

    public StoredDevice ToStored() => new(Id, Key, Mapping, ReportedAt, State, LastProbe, Counters, ConsecutiveRemapFailures);
}
