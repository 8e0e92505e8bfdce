namespace IgdLab.Protocols.Soap;

/// <summary>A parsed SOAP action call: the service type the client used, the action and its arguments by name.</summary>
public sealed record SoapRequest(string ServiceType, string Action, IReadOnlyDictionary<string, string> Arguments)
{
    /// <summary>The version number at the end of the service type (<c>…:WANIPConnection:2</c> → 2); 1 when absent.</summary>
    public int ServiceVersion => Upnp.UpnpUrns.VersionOf(ServiceType);

    /// <summary>The service name without prefix and version (<c>WANIPConnection</c>).</summary>
    public string ServiceName
    {
        get
        {
            var parts = ServiceType.Split(':');
            return parts.Length >= 2 ? parts[^2] : ServiceType;
        }
    }
}
