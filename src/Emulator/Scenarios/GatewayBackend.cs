namespace IgdLab.Emulator.Scenarios;

/// <summary>What plays a scenario gateway.</summary>
public enum GatewayBackend
{
    /// <summary>IgdLab's virtual router on loopback, behaving by its router profile.</summary>
    Virtual,

    /// <summary>Debian's real miniupnpd in network namespaces that IgdLab creates, configured from the router profile (needs root).</summary>
    Miniupnpd,
}
