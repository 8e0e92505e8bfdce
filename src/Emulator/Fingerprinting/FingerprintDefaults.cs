namespace IgdLab.Emulator.Fingerprinting;

/// <summary>The defaults of the fingerprinter in one place.</summary>
internal static class FingerprintDefaults
{
    /// <summary>High enough to be free on a home router, below the usual ephemeral range.</summary>
    public const int PortBase = 41000;

    /// <summary>The probe mappings use ports PortBase … PortBase + PortCount − 1.</summary>
    public const int PortCount = 10;

    /// <summary>The NAT-PMP and PCP server port (RFC 6886, RFC 6887).</summary>
    public const int PortControlPort = 5351;

    /// <summary>The description of every probe mapping, so that a stray one can be recognised in a router's table.</summary>
    public const string MappingDescription = "igdlab fingerprint probe";
}
