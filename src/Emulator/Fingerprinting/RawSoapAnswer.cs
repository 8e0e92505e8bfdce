using System.Net;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>What a hand-made SOAP request got: the HTTP status and, for a SOAP fault, the UPnP error code.</summary>
internal sealed record RawSoapAnswer(HttpStatusCode Status, int? UpnpErrorCode)
{
    /// <summary>Whether the router carried out the action.</summary>
    public bool Succeeded => Status == HttpStatusCode.OK;

    /// <summary>Why no HTTP answer came (connection reset, timeout); null when one came.</summary>
    public string? Failure { get; init; }

    /// <summary>The answer in a few words, for the summary.</summary>
    public override string ToString() => Failure is not null
        ? $"no HTTP answer ({Failure})"
        : UpnpErrorCode is { } code ? $"HTTP {(int)Status}, UPnP {code}" : $"HTTP {(int)Status}";
}
