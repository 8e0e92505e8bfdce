using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Device.PortControl;

/// <summary>A NAT-PMP or PCP request failed: refused with a result code, or never answered.</summary>
public sealed class PortControlException : Exception
{
    /// <summary>Creates an exception.</summary>
    public PortControlException()
        : this("the port-control request failed")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public PortControlException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    public PortControlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The NAT-PMP result code, when a NAT-PMP gateway refused.</summary>
    public NatPmpResultCode? NatPmpResult { get; init; }

    /// <summary>The PCP result code, when a PCP server refused.</summary>
    public PcpResultCode? PcpResult { get; init; }

    /// <summary>True when no answer came after every retransmission.</summary>
    public bool TimedOut { get; init; }

    /// <summary>
    /// True when the gateway answered that it does not speak the version asked (NAT-PMP or PCP UNSUPP_VERSION): the
    /// signal to fall back to the next protocol.
    /// </summary>
    public bool UnsupportedVersion => NatPmpResult == NatPmpResultCode.UnsupportedVersion || PcpResult == PcpResultCode.UnsuppVersion;

    internal static PortControlException Refused(NatPmpResultCode result) =>
        new($"the NAT-PMP gateway refused: {result} ({(int)result})") { NatPmpResult = result };

    internal static PortControlException Refused(PcpResultCode result) =>
        new($"the PCP server refused: {result} ({(int)result})") { PcpResult = result };
}
