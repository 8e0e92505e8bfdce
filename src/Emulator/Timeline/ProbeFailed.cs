using System.Net;
using IgdLab.Contracts;

namespace IgdLab.Emulator.Timeline;

/// <summary>A watchdog probe of a device failed.</summary>
/// <param name="At">When.</param>
/// <param name="Device">The device.</param>
/// <param name="Target">The external endpoint probed.</param>
/// <param name="Result">What the probe found.</param>
/// <param name="Attempt">1 for the scheduled probe, 2 and on for confirming ones.</param>
public sealed record ProbeFailed(TimeSpan At, string? Device, IPEndPoint Target, ProbeResult Result, int Attempt) : TimelineEvent(At, null, Device);
