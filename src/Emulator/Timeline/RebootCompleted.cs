using System.Net;

namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway came back from a reboot.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="WanAddress">Its WAN address after the reboot.</param>
/// <param name="Note">The gateway's own words (boot id, description URL).</param>
public sealed record RebootCompleted(TimeSpan At, string? Gateway, IPAddress? WanAddress, string Note) : TimelineEvent(At, Gateway, null);
