using IgdLab.Contracts;

namespace IgdLab.Prober.Watchdog;

/// <summary>
/// The watchdog's judgement, pure: from a probe's outcome and where the device stood to a <see cref="Verdict"/>.
/// A timeout may be a lost packet, so it is confirmed before it counts; refused, wrong-device and handshake failures
/// are the gateway or another device answering, so they count at once. No clock, no sockets, no state of its own.
/// </summary>
internal static class VerdictPolicy
{
    /// <summary>Whether <paramref name="outcome"/> must be repeated before it counts (a timeout).</summary>
    public static bool NeedsConfirmation(ProbeOutcome outcome) => outcome == ProbeOutcome.Timeout;

    /// <summary>Whether the verdict calls for a remap instruction (sent when the dispatcher allows one).</summary>
    public static bool CallsForRemap(Verdict verdict) => verdict is Verdict.Failed or Verdict.RemapIneffective or Verdict.StillFailing;

    /// <summary>
    /// One attempt, before its confirmations: the first failed probe of the current mapping of a device with nothing
    /// open is a <see cref="Verdict.Suspect"/>; anything else waits for the final result.
    /// </summary>
    public static Verdict JudgeAttempt(ProbeOutcome outcome, DeviceStanding standing) =>
        standing.Current && outcome != ProbeOutcome.Ok && !standing.EpisodeOpen ? Verdict.Suspect : Verdict.Unchanged;

    /// <summary>The final result of a probe, after its confirmations, given the standing its attempts left behind.</summary>
    public static Verdict Judge(ProbeOutcome outcome, DeviceStanding standing)
    {
        if (!standing.Current || !standing.EpisodeOpen)
        {
            return Verdict.Unchanged;
        }

        if (outcome == ProbeOutcome.Ok)
        {
            return standing.FailureDetected ? Verdict.Recovered : Verdict.SuspicionCleared;
        }

        if (!standing.FailureDetected)
        {
            return Verdict.Failed;
        }

        return standing.AwaitingVerification ? Verdict.RemapIneffective : Verdict.StillFailing;
    }
}
