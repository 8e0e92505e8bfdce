namespace IgdLab.Prober.Registry;

/// <summary>A device's running totals since it was registered.</summary>
/// <param name="Probes">Probes sent (confirming probes included).</param>
/// <param name="FailedProbes">Probes that did not reach the device.</param>
/// <param name="Verdicts">Failure verdicts (confirmed failures).</param>
/// <param name="Instructions">Remap instructions sent.</param>
/// <param name="Reports">Mapping reports received.</param>
/// <param name="RemapFailures">Remaps that failed, timed out or did not make the device reachable.</param>
/// <param name="Recoveries">Episodes that ended with a good probe.</param>
public sealed record DeviceCounters(
    long Probes,
    long FailedProbes,
    long Verdicts,
    long Instructions,
    long Reports,
    long RemapFailures,
    long Recoveries);
