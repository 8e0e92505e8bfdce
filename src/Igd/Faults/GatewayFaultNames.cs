using System.Diagnostics.CodeAnalysis;

namespace IgdLab.Igd.Faults;

/// <summary>
/// The one name table of <see cref="GatewayFault"/>: wire name ⇄ record type, and how each record is made from the
/// text forms (scenario files, control API JSON) once they are read into <see cref="FaultSettings"/>. A new fault is a
/// record, its apply method, one row here and one entry in the scenario schema.
/// </summary>
public static class GatewayFaultNames
{
    private static readonly FaultName[] Rows =
    [
        Row("drop-mapping", s => new DropMapping { Port = s.Port, Protocol = s.Protocol }),
        Row("drop-all-mappings", _ => new DropAllMappings()),
        Row("change-wan-ip", s => new ChangeWanIp { WanAddress = s.WanAddress }),
        Row("reboot", s => new Reboot { Downtime = s.Downtime, NewWanIp = s.NewWanIp, WanAddress = s.WanAddress, NewHttpPort = s.NewHttpPort }),
        Row("disable-upnp", _ => new DisableUpnp()),
        Row("enable-upnp", _ => new EnableUpnp()),
        Row("soap-error", s => new SoapError { SoapAction = s.SoapAction, Code = s.Code, Count = s.Count }),
        Row("soap-delay", s => new SoapDelay { SoapAction = s.SoapAction, Delay = s.Delay }),
        Row("zombie-mapping", s => new ZombieMapping { Port = s.Port, Protocol = s.Protocol }),
        Row("expire-leases", _ => new ExpireLeases()),
        Row("clear-soap-faults", _ => new ClearSoapFaults()),
        Row("disable-natpmp", _ => new DisableNatPmp()),
        Row("enable-natpmp", _ => new EnableNatPmp()),
        Row("disable-pcp", _ => new DisablePcp()),
        Row("enable-pcp", _ => new EnablePcp()),
        Row("drop-announcements", _ => new DropAnnouncements()),
        Row("restore-announcements", _ => new RestoreAnnouncements()),
        Row("partition", s => new Partition { Direction = s.Direction }),
        Row("heal-partition", _ => new HealPartition()),
    ];

    private static readonly Dictionary<string, FaultName> ByName = Rows.ToDictionary(r => r.Name, StringComparer.Ordinal);

    private static readonly Dictionary<Type, FaultName> ByType = Rows.ToDictionary(r => r.Type);

    /// <summary>Every fault's wire name, in table order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Rows.Select(r => r.Name)];

    /// <summary>The wire name of <paramref name="fault"/>.</summary>
    public static string NameOf(GatewayFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return NameOf(fault.GetType());
    }

    /// <summary>The wire name of the fault record type <paramref name="faultType"/>.</summary>
    /// <exception cref="ArgumentException">The type has no row.</exception>
    public static string NameOf(Type faultType) =>
        ByType.TryGetValue(faultType, out var row) ? row.Name : throw new ArgumentException($"{faultType.Name} has no fault name", nameof(faultType));

    /// <summary>The record type named <paramref name="name"/>, or null when no fault has that name.</summary>
    public static Type? TypeOf(string name) => ByName.TryGetValue(name, out var row) ? row.Type : null;

    /// <summary>Makes the fault <paramref name="settings"/> names, with the settings that kind uses (the others are ignored).</summary>
    /// <returns>False when <see cref="FaultSettings.Action"/> names no fault.</returns>
    public static bool TryCreate(FaultSettings settings, [NotNullWhen(true)] out GatewayFault? fault)
    {
        ArgumentNullException.ThrowIfNull(settings);
        fault = ByName.TryGetValue(settings.Action, out var row) ? row.Create(settings) : null;
        return fault is not null;
    }

    private static FaultName Row<T>(string name, Func<FaultSettings, T> create)
        where T : GatewayFault => new(name, typeof(T), create);

    private sealed record FaultName(string Name, Type Type, Func<FaultSettings, GatewayFault> Create);
}
