using System.Net;

namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway's WAN address changed.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="WanAddress">The new address.</param>
/// <param name="Note">The gateway's own words (the old address).</param>
public sealed record WanAddressChanged(TimeSpan At, string? Gateway, IPAddress? WanAddress, string Note) : TimelineEvent(At, Gateway, null);
