namespace IgdLab.Protocols;

/// <summary>The transport protocol of a port mapping.</summary>
public enum MappingProtocol
{
    /// <summary>TCP.</summary>
    Tcp,

    /// <summary>UDP.</summary>
    Udp,
}
