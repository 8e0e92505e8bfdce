using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Faults;

/// <summary>A fault that hits one mapping, named by port and protocol or drawn at random (seeded).</summary>
public abstract record MappingFault : GatewayFault
{
    private protected MappingFault()
    {
    }

    /// <summary>The external port; null picks a mapping at random with the gateway's seeded random source.</summary>
    public int? Port { get; init; }

    /// <summary>The protocol of the mapping at <see cref="Port"/>.</summary>
    /// <value>The default is TCP.</value>
    public MappingProtocol Protocol { get; init; } = MappingProtocol.Tcp;

    /// <summary>The mapping named, or null for a random one.</summary>
    private protected MappingKey? Key => Port is { } port ? new MappingKey(port, Protocol) : null;
}
