using System.Net;

namespace IgdLab.Igd.Mapping;

/// <summary>The arguments of AddPortMapping / AddAnyPortMapping, already parsed.</summary>
public sealed record MappingRequest
{
    /// <summary>The remote host filter; empty for any.</summary>
    public string RemoteHost { get; init; } = "";

    /// <summary>The requested external port; 0 is the wildcard.</summary>
    public required int ExternalPort { get; init; }

    /// <summary>The protocol.</summary>
    public required MappingProtocol Protocol { get; init; }

    /// <summary>The LAN port.</summary>
    public required int InternalPort { get; init; }

    /// <summary>The LAN address.</summary>
    public required IPAddress InternalClient { get; init; }

    /// <summary>Whether the mapping is enabled.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The description.</summary>
    public string Description { get; init; } = "";

    /// <summary>The requested lease in seconds (0 = permanent on IGD:1, one week on IGD:2).</summary>
    public uint LeaseSeconds { get; init; }
}
