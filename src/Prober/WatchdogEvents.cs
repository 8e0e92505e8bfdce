using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Registry;

namespace IgdLab.Prober;

/// <summary>Something the watchdog did or saw, for the emulator's timeline; every kind names its device and its time.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's <see cref="TimeProvider"/>.</param>
public abstract record WatchdogEvent(string DeviceId, DateTimeOffset At);

/// <summary>A probe ended (each confirming probe is one too).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Target">The external endpoint probed.</param>
/// <param name="Result">What the probe found.</param>
/// <param name="Attempt">1 for the scheduled probe, 2 and on for confirming ones.</param>
public sealed record ProbeCompleted(string DeviceId, DateTimeOffset At, IPEndPoint Target, ProbeResult Result, int Attempt)
    : WatchdogEvent(DeviceId, At);

/// <summary>The first failed probe of a healthy device: an episode opens.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Outcome">The failing probe's outcome.</param>
public sealed record FaultSuspected(string DeviceId, DateTimeOffset At, ProbeOutcome Outcome) : WatchdogEvent(DeviceId, At);

/// <summary>The failure verdict: the mapping is broken (refused, wrong device, handshake failure, or a confirmed timeout).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Outcome">The deciding probe's outcome.</param>
/// <param name="Detail">The deciding probe's detail.</param>
public sealed record FailureDetected(string DeviceId, DateTimeOffset At, ProbeOutcome Outcome, string Detail) : WatchdogEvent(DeviceId, At);

/// <summary>A remap instruction went to the device's probe unit.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Instruction">The instruction.</param>
/// <param name="Again">
/// The outstanding instruction sent again, same id, on the device's current channel (it moved, or the instance that
/// carried it died, maybe before it sent it). One instruction, however often it is sent: count instructions by id.
/// </param>
public sealed record InstructionSent(string DeviceId, DateTimeOffset At, RemapInstruction Instruction, bool Again = false) : WatchdogEvent(DeviceId, At);

/// <summary>A remap failed: the device said so, did not answer in time, or the new mapping still failed its probe.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="InstructionId">The instruction concerned, when there was one.</param>
/// <param name="Reason">What went wrong.</param>
/// <param name="ConsecutiveFailures">Failed remaps since the last recovery.</param>
/// <param name="NextInstructionNotBefore">When the backoff lets the next instruction go.</param>
public sealed record RemapFailureRecorded(string DeviceId, DateTimeOffset At, string? InstructionId, string Reason, int ConsecutiveFailures, DateTimeOffset NextInstructionNotBefore)
    : WatchdogEvent(DeviceId, At);

/// <summary>The device reported a mapping (stored and acknowledged).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Report">The report.</param>
public sealed record ReportReceived(string DeviceId, DateTimeOffset At, ReportMessage Report) : WatchdogEvent(DeviceId, At);

/// <summary>The first good probe after a failure verdict: the episode is over.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Episode">The finished episode.</param>
public sealed record DeviceRecovered(string DeviceId, DateTimeOffset At, RemapEpisode Episode) : WatchdogEvent(DeviceId, At);

/// <summary>The device's control channel opened (authenticated) or closed.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Connected">True when it opened.</param>
/// <param name="Reason">Why it closed, or null.</param>
public sealed record ChannelChanged(string DeviceId, DateTimeOffset At, bool Connected, string? Reason) : WatchdogEvent(DeviceId, At);

/// <summary>The device told of a gateway event (the fast path); a probe follows at once.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Signal">The signal.</param>
public sealed record GatewaySignalReceived(string DeviceId, DateTimeOffset At, GatewaySignal Signal) : WatchdogEvent(DeviceId, At);

/// <summary>
/// This instance took over the probing of the device, or gave it up, among the instances sharing a PostgreSQL registry.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="At">When, on the server's clock.</param>
/// <param name="Owned">True when this instance took it over.</param>
/// <param name="Reason">Why: claimed (no live instance owned it), released (to a joining instance), or the lease ran out.</param>
public sealed record OwnershipChanged(string DeviceId, DateTimeOffset At, bool Owned, string Reason) : WatchdogEvent(DeviceId, At);
