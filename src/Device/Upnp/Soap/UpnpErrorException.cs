using System.Globalization;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>The router answered an action with a UPnP error (a SOAP fault carrying <c>UPnPError</c>).</summary>
public sealed class UpnpErrorException : Exception
{
    /// <summary>Creates the error the router reported for <paramref name="action"/>.</summary>
    public UpnpErrorException(int code, string description, string action, Uri? controlUrl = null)
        : base(FormatMessage(code, description, action, controlUrl))
    {
        Code = code;
        Description = description ?? "";
        Action = action ?? "";
        ControlUrl = controlUrl;
    }

    /// <summary>The UPnP error code, e.g. 718.</summary>
    public int Code { get; }

    /// <summary>The router's errorDescription, as sent (may be empty or vendor text).</summary>
    public string Description { get; }

    /// <summary>The action that failed, e.g. AddPortMapping.</summary>
    public string Action { get; }

    /// <summary>The control URL that was called, when known.</summary>
    public Uri? ControlUrl { get; }

    /// <summary>The specification's name for <see cref="Code"/>, e.g. ConflictInMappingEntry.</summary>
    public string Name => UpnpErrorCode.NameOf(Code);

    /// <summary>What <see cref="Code"/> means for a client, independent of the router's wording.</summary>
    public string Meaning => UpnpErrorCode.MeaningOf(Code);

    private static string FormatMessage(int code, string description, string action, Uri? controlUrl)
    {
        var where = controlUrl is null ? "" : $" at {controlUrl}";
        var said = string.IsNullOrWhiteSpace(description) ? "" : $" \"{description}\"";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{action}{where} failed with UPnP error {code} {UpnpErrorCode.NameOf(code)}{said}: {UpnpErrorCode.MeaningOf(code)}");
    }
}
