using IgdLab.Device.Devices;

namespace IgdLab.Emulator.Running;

/// <summary>Strategy sets in the scenario format's words: <c>watchdog+events</c>, <c>none</c>.</summary>
internal static class StrategyText
{
    private static readonly (MappingStrategyKinds Kind, string Name)[] Names =
    [
        (MappingStrategyKinds.Watchdog, "watchdog"),
        (MappingStrategyKinds.Renew, "renew"),
        (MappingStrategyKinds.Poll, "poll"),
        (MappingStrategyKinds.Events, "events"),
    ];

    public static string Format(MappingStrategyKinds kinds)
    {
        var parts = Names.Where(n => kinds.HasFlag(n.Kind)).Select(n => n.Name).ToList();
        return parts.Count == 0 ? "none" : string.Join('+', parts);
    }
}
