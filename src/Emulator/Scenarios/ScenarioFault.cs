using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios;

/// <summary>
/// One entry of the fault schedule: when, which gateway (and device), and what goes wrong, in the action vocabulary
/// of <see cref="GatewayFault"/>. Settings an action does not use keep their defaults.
/// </summary>
public sealed record ScenarioFault
{
    /// <summary>When the fault fires.</summary>
    public required FaultSchedule Schedule { get; init; }

    /// <summary>The id of the gateway the fault happens on (written, or taken from the device or the only gateway).</summary>
    public required string Gateway { get; init; }

    /// <summary>Which devices' mappings a device-level action hits; <see cref="FaultTarget.Gateway"/> for the others.</summary>
    public FaultTarget Target { get; init; } = FaultTarget.Gateway;

    /// <summary>The action, one of <see cref="ScenarioVocabulary.FaultActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>For reboot: how long the router stays down.</summary>
    public TimeSpan Downtime { get; init; }

    /// <summary>For reboot: whether it comes back with a new WAN address.</summary>
    public bool NewWanIp { get; init; }

    /// <summary>For reboot: whether the HTTP port changes; null follows the profile.</summary>
    public bool? NewHttpPort { get; init; }

    /// <summary>For soap-error and soap-delay: the SOAP action affected; null for every action.</summary>
    public string? SoapAction { get; init; }

    /// <summary>For soap-error: the UPnP error code.</summary>
    /// <value>The default is 501 (Action Failed).</value>
    public int Code { get; init; } = UpnpErrorCode.ActionFailed;

    /// <summary>For soap-error: how many calls fail; null with <see cref="For"/> fails every call for that long, null without it fails one.</summary>
    public int? Calls { get; init; }

    /// <summary>For soap-error and soap-delay: how long the fault lasts before it is cleared; null keeps it (or until <see cref="Calls"/> ran out).</summary>
    public TimeSpan? For { get; init; }

    /// <summary>For soap-delay: the delay before each answer.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>
    /// The fault as the gateway's fault control takes it. The runner still picks the port for device-level actions
    /// and sends <c>clear-soap-faults</c> when <see cref="For"/> has passed.
    /// </summary>
    public GatewayFault ToGatewayFault() => new()
    {
        Action = Action,
        SoapAction = SoapAction,
        Code = Code,
        Count = Calls ?? (For is null ? 1 : int.MaxValue),
        Delay = Delay ?? TimeSpan.Zero,
        Downtime = Downtime,
        NewWanIp = NewWanIp,
        NewHttpPort = NewHttpPort,
    };
}
