using IgdLab.Device.Upnp.Description;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>The IGD as its description presents it, with the control URL the other probes should use.</summary>
internal sealed record DescribedIgd
{
    /// <summary>The parsed description.</summary>
    public required IgdDescription Description { get; init; }

    /// <summary>Where SOAP goes: the connection service's control URL, resolved against LOCATION when URLBase names another host.</summary>
    public required Uri ControlUrl { get; init; }

    /// <summary>The connection service's type, used verbatim in SOAP calls.</summary>
    public required string ServiceType { get; init; }

    /// <summary>The IGD version of the root device type.</summary>
    public required int IgdVersion { get; init; }
}
