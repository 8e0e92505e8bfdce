using System.Net;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>What a device asks <see cref="PortMapper"/> for: make this internal port reachable from the WAN side.</summary>
public sealed record MappingRequest
{
    /// <summary>The protocol of the service.</summary>
    public required MappingProtocol Protocol { get; init; }

    /// <summary>The service's port on the device, 1–65535.</summary>
    public required int InternalPort { get; init; }

    /// <summary>The device's address the mapping points at.</summary>
    /// <value>The default is null: <see cref="UpnpClientOptions.LocalAddress"/>, else the address this host uses towards the router.</value>
    public IPAddress? InternalClient { get; init; }

    /// <summary>The external port wanted.</summary>
    /// <value>The default is 0: the same as <see cref="InternalPort"/>.</value>
    public int ExternalPort { get; init; }

    /// <summary>The lease to ask for, in seconds; 0 asks for a permanent mapping (a week on IGD:2).</summary>
    /// <value>The default is 3600 seconds.</value>
    public uint LeaseSeconds { get; init; } = UpnpClientDefaults.LeaseSeconds;

    /// <summary>The mapping's description, shown in the router's table.</summary>
    /// <value>The default is <c>IgdLab</c>.</value>
    public string Description { get; init; } = "IgdLab";

    /// <summary>Whether another external port is acceptable when the wanted one is taken.</summary>
    /// <value>The default is true.</value>
    public bool AllowOtherExternalPort { get; init; } = true;

    /// <summary>Throws when the request cannot be sent.</summary>
    internal void EnsureValid()
    {
        if (InternalPort is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentException($"InternalPort must be 1-65535, not {InternalPort}", nameof(InternalPort));
        }

        if (ExternalPort is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentException($"ExternalPort must be 0-65535, not {ExternalPort}", nameof(ExternalPort));
        }

        ArgumentNullException.ThrowIfNull(Description);
    }
}
