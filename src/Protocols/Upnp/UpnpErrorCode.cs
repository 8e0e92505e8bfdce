namespace IgdLab.Protocols.Upnp;

/// <summary>
/// UPnP error codes (UDA and WANIPConnection:1/:2): the one table of code, the specification's name (the errorDescription
/// a router sends) and what the code means to a client. The router and the client both read it.
/// </summary>
public static class UpnpErrorCode
{
    /// <summary>401: the router does not know the action.</summary>
    public const int InvalidAction = 401;

    /// <summary>402: missing or malformed arguments (some routers also use it for leases they refuse, or at the end of the table).</summary>
    public const int InvalidArgs = 402;

    /// <summary>501: the action failed; routers send it for transient trouble (WAN flap) and for conflicts alike.</summary>
    public const int ActionFailed = 501;

    /// <summary>404 Invalid Var: QueryStateVariable named a variable the service does not answer.</summary>
    public const int InvalidVar = 404;

    /// <summary>600: an argument value is invalid.</summary>
    public const int ArgumentValueInvalid = 600;

    /// <summary>601: an argument value is out of range (IGD:2 uses it for an unknown protocol).</summary>
    public const int ArgumentValueOutOfRange = 601;

    /// <summary>602: an optional action is not implemented.</summary>
    public const int OptionalActionNotImplemented = 602;

    /// <summary>606: the caller may not do this (IGD:2 access policy, miniupnpd secure mode).</summary>
    public const int ActionNotAuthorized = 606;

    /// <summary>713: the index is past the end of the mapping table.</summary>
    public const int SpecifiedArrayIndexInvalid = 713;

    /// <summary>714: no such mapping.</summary>
    public const int NoSuchEntryInArray = 714;

    /// <summary>715: the source IP may not be a wildcard.</summary>
    public const int WildCardNotPermittedInSrcIp = 715;

    /// <summary>716: the external port may not be a wildcard.</summary>
    public const int WildCardNotPermittedInExtPort = 716;

    /// <summary>718: the external port is mapped to another client.</summary>
    public const int ConflictInMappingEntry = 718;

    /// <summary>724: internal and external port must be the same.</summary>
    public const int SamePortValuesRequired = 724;

    /// <summary>725: only permanent leases (0) are supported.</summary>
    public const int OnlyPermanentLeasesSupported = 725;

    /// <summary>726: the remote host must be a wildcard.</summary>
    public const int RemoteHostOnlySupportsWildcard = 726;

    /// <summary>727: the external port must be a wildcard.</summary>
    public const int ExternalPortOnlySupportsWildcard = 727;

    /// <summary>728: the router has no free ports or table entries left.</summary>
    public const int NoPortMapsAvailable = 728;

    /// <summary>729: the port is taken by another mechanism (NAT-PMP, PCP, a static rule).</summary>
    public const int ConflictWithOtherMechanisms = 729;

    /// <summary>730: no mapping in the given range.</summary>
    public const int PortMappingNotFound = 730;

    /// <summary>732: the internal port may not be a wildcard.</summary>
    public const int WildCardNotPermittedInIntPort = 732;

    /// <summary>733: inconsistent parameters (start port after end port).</summary>
    public const int InconsistentParameters = 733;

    private static readonly Dictionary<int, (string Name, string Meaning)> Known = new()
    {
        [InvalidAction] = ("Invalid Action", "the router does not offer this action (or not in this service version)"),
        [InvalidArgs] = ("Invalid Args", "the router rejected the arguments; some routers also answer this to a lease they do not support or at the end of the mapping table"),
        [InvalidVar] = ("Invalid Var", "the service does not answer QueryStateVariable for this variable"),
        [403] = ("Out of Sync", "the state variables are out of sync (deprecated)"),
        [ActionFailed] = ("Action Failed", "the router could not carry out the action; often transient (after a WAN reconnect), on some routers a conflict"),
        [ArgumentValueInvalid] = ("Argument Value Invalid", "an argument value is invalid"),
        [ArgumentValueOutOfRange] = ("Argument Value Out of Range", "an argument value is out of range, e.g. a protocol other than TCP or UDP"),
        [OptionalActionNotImplemented] = ("Optional Action Not Implemented", "the router does not implement this optional action"),
        [603] = ("Out of Memory", "the router ran out of memory"),
        [604] = ("Human Intervention Required", "the router needs someone to intervene"),
        [605] = ("String Argument Too Long", "a string argument is too long"),
        [ActionNotAuthorized] = ("Action not authorized", "the router does not let this client do this: secure mode allows mappings only to the caller's own address, and some routers report port conflicts this way"),
        [607] = ("Signature failure", "the request signature failed"),
        [608] = ("Signature missing", "the request needs a signature"),
        [609] = ("Not encrypted", "the request must be encrypted"),
        [610] = ("Invalid sequence", "the sequence number is invalid"),
        [611] = ("Invalid control URL", "the control URL is invalid"),
        [612] = ("No such session", "no such session"),
        [703] = ("InactiveConnectionStateRequired", "the WAN connection must be inactive for this"),
        [704] = ("ConnectionSetupFailed", "the WAN connection could not be set up"),
        [705] = ("ConnectionSetupInProgress", "the WAN connection is being set up"),
        [706] = ("ConnectionNotConfigured", "the WAN connection is not configured"),
        [707] = ("DisconnectInProgress", "the WAN connection is disconnecting"),
        [708] = ("InvalidLayer2Address", "the layer-2 address is invalid"),
        [709] = ("InternetAccessDisabled", "Internet access is disabled"),
        [710] = ("InvalidConnectionType", "the connection type is invalid"),
        [711] = ("ConnectionAlreadyTerminated", "the WAN connection is already terminated"),
        [SpecifiedArrayIndexInvalid] = ("SpecifiedArrayIndexInvalid", "the index is past the end of the mapping table (the normal end of a GetGenericPortMappingEntry walk)"),
        [NoSuchEntryInArray] = ("NoSuchEntryInArray", "there is no such mapping"),
        [WildCardNotPermittedInSrcIp] = ("WildCardNotPermittedInSrcIP", "the remote host may not be a wildcard"),
        [WildCardNotPermittedInExtPort] = ("WildCardNotPermittedInExtPort", "the external port may not be 0 (a wildcard)"),
        [ConflictInMappingEntry] = ("ConflictInMappingEntry", "the external port is already mapped to another internal client"),
        [SamePortValuesRequired] = ("SamePortValuesRequired", "the router needs the internal and the external port to be equal"),
        [OnlyPermanentLeasesSupported] = ("OnlyPermanentLeasesSupported", "the router takes only permanent mappings (lease 0)"),
        [RemoteHostOnlySupportsWildcard] = ("RemoteHostOnlySupportsWildcard", "the remote host must be empty (any host)"),
        [ExternalPortOnlySupportsWildcard] = ("ExternalPortOnlySupportsWildcard", "the external port must be a wildcard"),
        [NoPortMapsAvailable] = ("NoPortMapsAvailable", "the router has no free ports or table entries left"),
        [ConflictWithOtherMechanisms] = ("ConflictWithOtherMechanisms", "the port is held by another mechanism (NAT-PMP, PCP or a static rule)"),
        [PortMappingNotFound] = ("PortMappingNotFound", "no mapping lies in the given range"),
        [WildCardNotPermittedInIntPort] = ("WildCardNotPermittedInIntPort", "the internal port may not be 0"),
        [InconsistentParameters] = ("InconsistentParameters", "the parameters contradict each other (e.g. start port after end port)"),
    };

    /// <summary>
    /// The specification's name for <paramref name="code"/>, as routers send it in errorDescription (<c>718</c> →
    /// <c>ConflictInMappingEntry</c>, <c>401</c> → <c>Invalid Action</c>); <c>Unknown</c> when it has none.
    /// </summary>
    public static string NameOf(int code) => Known.TryGetValue(code, out var entry) ? entry.Name : "Unknown";

    /// <summary>The errorDescription a router sends with <paramref name="code"/>: its name, or <c>Error</c> for a code outside the table.</summary>
    public static string Describe(int code) => Known.TryGetValue(code, out var entry) ? entry.Name : "Error";

    /// <summary>What <paramref name="code"/> means for a client, in one sentence fragment.</summary>
    public static string MeaningOf(int code) => Known.TryGetValue(code, out var entry)
        ? entry.Meaning
        : code switch
        {
            >= 600 and < 700 => "an unlisted common action error",
            >= 700 and < 800 => "an unlisted action-specific error",
            >= 800 and < 900 => "a vendor-specific error",
            _ => "an error code outside the UPnP ranges",
        };
}
