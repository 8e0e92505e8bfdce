using System.Net;

namespace IgdLab.Prober.Probing;

/// <summary>
/// Which endpoints the watchdog may send probes to. A scenario world confines its watchdog (and its oracle) to the lab
/// network this way, so that an address a router reports — a carrier-grade NAT's 100.64.x.y, say — is never contacted.
/// </summary>
public interface IProbeTargetPolicy
{
    /// <summary>Null when <paramref name="endPoint"/> may be probed; otherwise why not (the probe fails with it, nothing is sent).</summary>
    string? Refusal(IPEndPoint endPoint);
}
