namespace IgdLab.Emulator.Scenarios;

/// <summary>What carries a world's traffic between its gateways' WAN sides, the watchdog and the oracle.</summary>
public enum WorldNetwork
{
    /// <summary>Real loopback sockets: every probe and check is a kernel TCP connection or UDP datagram to a gateway's WAN port.</summary>
    Sockets,

    /// <summary>
    /// The world's in-process network: the gateways' WAN ports, the watchdog's probes and the oracle's checks meet in
    /// memory, through the same router, device and watchdog code. Only virtual gateways can live on it.
    /// </summary>
    Simulated,
}
