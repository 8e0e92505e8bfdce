using IgdLab.Contracts;

namespace IgdLab.Prober.Probing;

/// <summary>Runs one identity probe; the seam between the watchdog and the network, so tests can script outcomes.</summary>
public interface IProbeConnector
{
    /// <summary>Probes <paramref name="target"/>; gives up after <paramref name="timeout"/> with <see cref="ProbeOutcome.Timeout"/>.</summary>
    Task<ProbeResult> ProbeAsync(ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken);
}
