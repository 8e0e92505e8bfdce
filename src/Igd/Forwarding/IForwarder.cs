using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>A WAN port that forwards to the internal client of a mapping.</summary>
internal interface IForwarder : IWanPort
{
    /// <summary>The mapping as last applied.</summary>
    PortMapping Mapping { get; }

    /// <summary>Takes a renewed or edited mapping of the same key.</summary>
    /// <returns>True when the target (internal client, port or remote host) changed.</returns>
    bool Apply(PortMapping mapping);
}
