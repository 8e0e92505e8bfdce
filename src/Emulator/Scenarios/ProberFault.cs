namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// A fault of the watchdog itself (<c>kill-prober</c>, <c>restart-prober</c>): one of its instances dies, and may come
/// back. It needs no gateway; what it tests is whether the other instances take its devices over in time and whether
/// anything the dead one had under way (a failure, an instruction) is lost or done twice.
/// </summary>
public sealed record ProberFault
{
    /// <summary>The action of a kill -9: the instance stops at once, without releasing its devices or closing its channels.</summary>
    public const string KillName = "kill-prober";

    /// <summary>The action of an orderly restart: the instance releases its devices, closes its channels, stops and starts again.</summary>
    public const string RestartName = "restart-prober";

    /// <summary>Both actions, as the scenario format writes them.</summary>
    public static IReadOnlyList<string> Names { get; } = [KillName, RestartName];

    /// <summary>Whether the instance is killed (kill -9) rather than stopped in order.</summary>
    public required bool Kill { get; init; }

    /// <summary>Which instance, counted from 1; null takes one of the running instances at random (seeded) at each firing.</summary>
    public int? Instance { get; init; }

    /// <summary>
    /// How long the instance stays down before a new one starts in its place. Null: a killed instance stays down for
    /// the rest of the run, and a restarted one starts again at once.
    /// </summary>
    public TimeSpan? Downtime { get; init; }

    /// <summary>The action's wire name.</summary>
    public string Name => Kill ? KillName : RestartName;
}
