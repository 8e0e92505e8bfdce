namespace IgdLab.Igd.Upnp;

/// <summary>A UPnP error that the control endpoint reports to the client as a SOAP fault.</summary>
public sealed class UpnpException : Exception
{
    /// <summary>Creates an error with the spec's description for <paramref name="code"/>.</summary>
    public UpnpException(int code)
        : this(code, UpnpErrorCode.Describe(code))
    {
    }

    /// <summary>Creates an error with a custom description.</summary>
    public UpnpException(int code, string description)
        : base($"UPnP error {code}: {description}")
    {
        Code = code;
        Description = description;
    }

    /// <summary>The UPnP error code.</summary>
    public int Code { get; }

    /// <summary>The errorDescription sent to the client.</summary>
    public string Description { get; }
}
