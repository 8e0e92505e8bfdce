namespace IgdLab.Device.Upnp.Description;

/// <summary>One service of a root description, with its URLs resolved to absolute ones.</summary>
public sealed record IgdServiceInfo
{
    /// <summary>The service type exactly as advertised (trimmed), e.g. <c>urn:schemas-upnp-org:service:WANIPConnection:2</c>; SOAP calls use it verbatim.</summary>
    public required string ServiceType { get; init; }

    /// <summary>The serviceId, e.g. <c>urn:upnp-org:serviceId:WANIPConn1</c>; null when missing.</summary>
    public string? ServiceId { get; init; }

    /// <summary>What the service is, from the name part of <see cref="ServiceType"/>.</summary>
    public IgdServiceKind Kind { get; init; }

    /// <summary>The version at the end of <see cref="ServiceType"/>; 0 when it has none.</summary>
    public int Version { get; init; }

    /// <summary>Where SOAP actions are posted.</summary>
    public required Uri ControlUrl { get; init; }

    /// <summary>Where GENA subscriptions go; null when missing or unusable.</summary>
    public Uri? EventSubUrl { get; init; }

    /// <summary>Where the service description (SCPD) is; null when missing or unusable.</summary>
    public Uri? ScpdUrl { get; init; }

    /// <summary>The type of the device that hosts the service.</summary>
    public string? DeviceType { get; init; }

    /// <summary>The UDN of the device that hosts the service.</summary>
    public string? DeviceUdn { get; init; }
}
