namespace IgdLab.Igd.Faults;

/// <summary>Which way a partition cuts the gateway's WAN link.</summary>
[Flags]
public enum PartitionDirection
{
    /// <summary>Nothing is cut: the link is whole.</summary>
    None = 0,

    /// <summary>What arrives at the gateway's WAN ports is lost: connection attempts go unanswered, datagrams vanish.</summary>
    Inbound = 1,

    /// <summary>What the gateway sends back is lost: UDP replies vanish, and a TCP caller is accepted but hears nothing.</summary>
    Outbound = 2,

    /// <summary>Both ways.</summary>
    Both = Inbound | Outbound,
}
