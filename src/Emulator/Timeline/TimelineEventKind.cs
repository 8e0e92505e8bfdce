namespace IgdLab.Emulator.Timeline;

/// <summary>The kinds under which the reports list timeline events (kebab-case in JSON, e.g. <c>mapping-added</c>).</summary>
public enum TimelineEventKind
{
    /// <summary>A fault was injected.</summary>
    Fault,

    /// <summary>A gateway added a port mapping.</summary>
    MappingAdded,

    /// <summary>A gateway removed a port mapping (deleted or dropped).</summary>
    MappingRemoved,

    /// <summary>A mapping's lease ran out.</summary>
    MappingExpired,

    /// <summary>A gateway's WAN address changed.</summary>
    WanAddressChanged,

    /// <summary>The watchdog's probe reached the device.</summary>
    ProbeSucceeded,

    /// <summary>The watchdog's probe failed (refused, timed out, wrong identity).</summary>
    ProbeFailed,

    /// <summary>The watchdog sent the device a mapping instruction.</summary>
    Instruction,

    /// <summary>The device reported a mapping result to the watchdog.</summary>
    Report,

    /// <summary>The oracle found the device unreachable (start of an outage).</summary>
    Unreachable,

    /// <summary>The oracle found the device reachable again (end of an outage).</summary>
    Reachable,

    /// <summary>Anything else worth seeing in the timeline.</summary>
    Note,
}
