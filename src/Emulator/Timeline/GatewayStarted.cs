using System.Net;

namespace IgdLab.Emulator.Timeline;

/// <summary>A gateway started.</summary>
/// <param name="At">When.</param>
/// <param name="Gateway">The gateway.</param>
/// <param name="WanAddress">Its WAN address.</param>
/// <param name="Note">The gateway's own words (description URL, SSDP endpoint).</param>
public sealed record GatewayStarted(TimeSpan At, string? Gateway, IPAddress? WanAddress, string Note) : TimelineEvent(At, Gateway, null);
