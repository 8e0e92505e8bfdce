using System.Net;
using IgdLab.Contracts;

namespace IgdLab.Emulator.Timeline;

/// <summary>The oracle reached a device that it last found unreachable (the end of an outage).</summary>
/// <param name="At">When the deciding check started.</param>
/// <param name="Device">The device.</param>
/// <param name="Endpoint">The endpoint checked.</param>
/// <param name="Outcome">The check's outcome.</param>
public sealed record DeviceReachable(TimeSpan At, string? Device, IPEndPoint? Endpoint, ProbeOutcome? Outcome) : TimelineEvent(At, null, Device);
