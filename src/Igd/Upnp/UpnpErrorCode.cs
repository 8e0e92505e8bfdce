namespace IgdLab.Igd.Upnp;

/// <summary>UPnP error codes used by the WANIPConnection service (UDA and WANIPConnection:1/:2).</summary>
public static class UpnpErrorCode
{
    public const int InvalidAction = 401;
    public const int InvalidArgs = 402;
    public const int ActionFailed = 501;
    public const int ArgumentValueInvalid = 600;
    public const int ArgumentValueOutOfRange = 601;
    public const int ActionNotAuthorized = 606;
    public const int SpecifiedArrayIndexInvalid = 713;
    public const int NoSuchEntryInArray = 714;
    public const int WildCardNotPermittedInSrcIp = 715;
    public const int WildCardNotPermittedInExtPort = 716;
    public const int ConflictInMappingEntry = 718;
    public const int SamePortValuesRequired = 724;
    public const int OnlyPermanentLeasesSupported = 725;
    public const int RemoteHostOnlySupportsWildcard = 726;
    public const int ExternalPortOnlySupportsWildcard = 727;
    public const int NoPortMapsAvailable = 728;
    public const int ConflictWithOtherMechanisms = 729;
    public const int PortMappingNotFound = 730;
    public const int WildCardNotPermittedInIntPort = 732;
    public const int InconsistentParameters = 733;

    /// <summary>The spec's name for a code, used as the fault's errorDescription.</summary>
    public static string Describe(int code) => code switch
    {
        InvalidAction => "Invalid Action",
        InvalidArgs => "Invalid Args",
        ActionFailed => "Action Failed",
        ArgumentValueInvalid => "Argument Value Invalid",
        ArgumentValueOutOfRange => "Argument Value Out of Range",
        ActionNotAuthorized => "Action not authorized",
        SpecifiedArrayIndexInvalid => "SpecifiedArrayIndexInvalid",
        NoSuchEntryInArray => "NoSuchEntryInArray",
        WildCardNotPermittedInSrcIp => "WildCardNotPermittedInSrcIP",
        WildCardNotPermittedInExtPort => "WildCardNotPermittedInExtPort",
        ConflictInMappingEntry => "ConflictInMappingEntry",
        SamePortValuesRequired => "SamePortValuesRequired",
        OnlyPermanentLeasesSupported => "OnlyPermanentLeasesSupported",
        RemoteHostOnlySupportsWildcard => "RemoteHostOnlySupportsWildcard",
        ExternalPortOnlySupportsWildcard => "ExternalPortOnlySupportsWildcard",
        NoPortMapsAvailable => "NoPortMapsAvailable",
        ConflictWithOtherMechanisms => "ConflictWithOtherMechanisms",
        PortMappingNotFound => "PortMappingNotFound",
        WildCardNotPermittedInIntPort => "WildCardNotPermittedInIntPort",
        InconsistentParameters => "InconsistentParameters",
        _ => "Error",
    };
}
