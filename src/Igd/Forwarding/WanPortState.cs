namespace IgdLab.Igd.Forwarding;

/// <summary>What the forwarding plane has on the WAN side for one mapping key.</summary>
internal enum WanPortState
{
    /// <summary>Nothing listens: connections are refused.</summary>
    Closed,

    /// <summary>A listener forwards to the internal client.</summary>
    Forwarding,

    /// <summary>A silent port: connections are held and datagrams dropped without an answer.</summary>
    Silent,
}
