using System.Net;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>Where and how <see cref="IgdFingerprinter"/> probes an IGD.</summary>
internal sealed record IgdFingerprinterOptions
{
    /// <summary>The root description URL of the IGD (found by discovery, or given).</summary>
    public required Uri DescriptionUrl { get; init; }

    /// <summary>This host's address towards the router: requests leave from it and probe mappings point at it.</summary>
    public required IPAddress InternalClient { get; init; }

    /// <summary>The router's SSDP endpoint for unicast searches; null searches the description host's port 1900.</summary>
    public IPEndPoint? SsdpEndPoint { get; init; }

    /// <summary>The router's NAT-PMP/PCP endpoint; null uses the description host's port 5351.</summary>
    public IPEndPoint? PortControlEndPoint { get; init; }

    /// <summary>The first of the ten external ports used for probe mappings.</summary>
    /// <value>The default is 41000 (41000–41009).</value>
    public int PortBase { get; init; } = FingerprintDefaults.PortBase;

    /// <summary>How long one SOAP call may take.</summary>
    /// <value>The default is 3 seconds.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long replies to the unicast searches are collected.</summary>
    /// <value>The default is 3 seconds.</value>
    public TimeSpan SearchWindow { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Whether the searches also go to the SSDP multicast group (a real LAN only).</summary>
    /// <value>The default is false.</value>
    public bool Multicast { get; init; }
}
