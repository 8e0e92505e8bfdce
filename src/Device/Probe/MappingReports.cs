using IgdLab.Contracts.Control;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Probe;

/// <summary>Turns the UPnP client's <see cref="MappingResult"/> into the control channel's <see cref="MappingReport"/>.</summary>
public static class MappingReports
{
    /// <summary>The report of <paramref name="result"/>, or null when the router reported no external address (nothing to probe).</summary>
    public static MappingReport? ToReport(MappingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ExternalAddress is null)
        {
            return null;
        }

        return new MappingReport(
            result.ExternalAddress.ToString(),
            result.ExternalPort,
            result.Protocol,
            result.InternalEndPoint.Address.ToString(),
            result.InternalEndPoint.Port,
            result.LeaseSeconds);
    }
}
