namespace IgdLab.Igd.Profiles;

/// <summary>How the router's SOAP control side treats requests (the SOAP quirks).</summary>
public sealed record SoapPolicy
{
    /// <summary>
    /// <c>soapaction-case</c> (Linksys WRT120N, syncthing #1696): a request whose header is not spelled exactly
    /// <c>SOAPAction</c> is not recognised as SOAP and gets HTTP 501 Not Implemented.
    /// </summary>
    public bool SoapActionCaseSensitive { get; init; }

    /// <summary><c>leading-whitespace-400</c> (MikroTik RB951G): whitespace before <c>&lt;?xml</c> gets HTTP 400.</summary>
    public bool LeadingWhitespace400 { get; init; }

    /// <summary>
    /// <c>single-packet-request</c> (old Linksys, Draytek): the router parses only what the first read of a connection
    /// brought and closes the connection when the request is not whole, or when the client half-closed it.
    /// </summary>
    public bool SinglePacketRequest { get; init; }

    /// <summary><c>wrong-protocol-echo</c> (Fritz!Box 7490): GetSpecificPortMappingEntry finds a port's entry of the other protocol.</summary>
    public bool WrongProtocolEcho { get; init; }

    /// <summary><c>empty-client-entries</c> (Sagemcom): this many placeholder entries with an empty InternalClient head the table walk.</summary>
    public int EmptyClientEntries { get; init; }

    /// <summary><c>delete-missing-200</c> (miniupnpd 2.3.1, miniupnp #628): DeletePortMapping of a missing entry succeeds instead of 714.</summary>
    public bool DeleteMissingSucceeds { get; init; }

    /// <summary><c>wan-flap-501</c> (miniupnp PR #890): for this many seconds after a WAN change, AddPortMapping fails with 501.</summary>
    public uint WanFlap501Seconds { get; init; }
}
