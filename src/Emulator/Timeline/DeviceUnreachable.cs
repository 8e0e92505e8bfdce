using System.Net;
using IgdLab.Contracts;

namespace IgdLab.Emulator.Timeline;

/// <summary>The oracle could not reach a device that it last found reachable (the start of an outage).</summary>
/// <param name="At">When the deciding check started.</param>
/// <param name="Device">The device.</param>
/// <param name="Endpoint">The endpoint checked; null when none was published.</param>
/// <param name="Outcome">The check's outcome; null when nothing was checked.</param>
public sealed record DeviceUnreachable(TimeSpan At, string? Device, IPEndPoint? Endpoint, ProbeOutcome? Outcome) : TimelineEvent(At, null, Device);
