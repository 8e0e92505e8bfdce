using System.Net;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>A mapping that <see cref="PortMapper"/> made or renewed: where the outside world reaches the service.</summary>
public sealed record MappingResult
{
    /// <summary>The router's WAN address, or null when the router reports none.</summary>
    public required IPAddress? ExternalAddress { get; init; }

    /// <summary>The external port granted.</summary>
    public required int ExternalPort { get; init; }

    /// <summary>The protocol.</summary>
    public required MappingProtocol Protocol { get; init; }

    /// <summary>The device endpoint the mapping forwards to.</summary>
    public required IPEndPoint InternalEndPoint { get; init; }

    /// <summary>The lease granted in seconds, as the router reported it right after the add; 0 means permanent.</summary>
    public required uint LeaseSeconds { get; init; }

    /// <summary>The description the mapping carries.</summary>
    public string Description { get; init; } = "";

    /// <summary>How the mapping differs from the request.</summary>
    public MappingFallbacks Fallbacks { get; init; }

    /// <summary>Whether any fallback was needed.</summary>
    public bool FellBack => Fallbacks != MappingFallbacks.None;

    /// <summary>Whether the mapping never expires (lease 0); the mapper deletes it on unmap.</summary>
    public bool IsPermanent => LeaseSeconds == 0;

    /// <summary>The external endpoint, when the router reported its address.</summary>
    public IPEndPoint? ExternalEndPoint => ExternalAddress is null ? null : new IPEndPoint(ExternalAddress, ExternalPort);
}
