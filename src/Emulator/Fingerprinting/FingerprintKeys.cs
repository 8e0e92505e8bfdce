namespace IgdLab.Emulator.Fingerprinting;

/// <summary>
/// The profile keys the fingerprinter reports on, as dotted paths of the profile YAML (the names the YAML writer
/// uses, so that comments land on the right line).
/// </summary>
internal static class FingerprintKeys
{
    public const string IgdVersion = "igdVersion";
    public const string FriendlyName = "friendlyName";
    public const string Manufacturer = "manufacturer";
    public const string ModelName = "modelName";
    public const string ServerHeader = "serverHeader";
    public const string WanSide = "wanSide";
    public const string SecureMode = "secureMode";
    public const string SecureModeErrorCode = "secureModeErrorCode";
    public const string ExternalAddress = "externalAddress";
    public const string ConflictErrorCode = "conflictErrorCode";
    public const string EndOfListErrorCode = "endOfListErrorCode";
    public const string CaseSensitiveProtocol = "caseSensitiveProtocol";
    public const string LeaseMaxSeconds = "leases.maxSeconds";
    public const string LeasePermanentOnly = "leases.permanentOnly";
    public const string LeaseRejectNonZero = "leases.rejectNonZeroWith402";
    public const string LeaseRejectZero = "leases.rejectZeroWith402";
    public const string LeaseOverride = "leases.overrideSeconds";
    public const string ConnectionServices = "description.connectionServices";
    public const string UrnDomain = "description.urnDomain";
    public const string ControlUrls = "description.controlUrls";
    public const string InvalidUtf8 = "description.invalidUtf8";
    public const string MisadvertisedService = "description.misadvertisedService";
    public const string SoapActionCaseSensitive = "soap.soapActionCaseSensitive";
    public const string LeadingWhitespace400 = "soap.leadingWhitespace400";
    public const string WrongProtocolEcho = "soap.wrongProtocolEcho";
    public const string EmptyClientEntries = "soap.emptyClientEntries";
    public const string DeleteMissingSucceeds = "soap.deleteMissingSucceeds";
    public const string UnicastSearch = "discovery.unicastSearch";
    public const string ReplyDelay = "discovery.replyDelay";
    public const string WrongSourcePort = "discovery.wrongSourcePort";
    public const string ReplySourceAddress = "discovery.replySourceAddress";
    public const string DualIgd = "discovery.dualIgd";
    public const string OldStEcho = "discovery.oldStEcho";
    public const string SsdpAll = "discovery.ssdpAll";
    public const string OddHeaders = "discovery.oddHeaders";
    public const string NatPmp = "portControl.natPmp";
    public const string Pcp = "portControl.pcp";
    public const string Upnp = "portControl.upnp";
}
