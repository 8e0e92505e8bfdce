using IgdLab.Contracts;

namespace IgdLab.Prober.Probing;

/// <summary>Runs one identity probe; the seam between the watchdog and the network, so tests can script outcomes.</summary>
/// <remarks>
/// The watchdog owns the probe timeout: the token given to <see cref="ProbeAsync"/> is cancelled
/// at the probe's deadline on the watchdog's clock (or at shutdown), the same way for every connector. A connector
/// should stop when it fires; one that does not is abandoned at the deadline all the same.
/// </remarks>
public interface IProbeConnector
{
    /// <summary>Probes <paramref name="target"/> until it answers or <paramref name="cancellationToken"/> (the deadline) fires.</summary>
    Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken);
}
