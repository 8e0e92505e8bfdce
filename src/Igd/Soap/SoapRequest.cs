namespace IgdLab.Igd.Soap;

/// <summary>A parsed SOAP action call: the service type the client used, the action and its arguments by name.</summary>
internal sealed record SoapRequest(string ServiceType, string Action, IReadOnlyDictionary<string, string> Arguments)
{
    /// <summary>The version number at the end of the service type (<c>…:WANIPConnection:2</c> → 2); 1 when absent.</summary>
    public int ServiceVersion
    {
        get
        {
            var colon = ServiceType.LastIndexOf(':');
            return colon >= 0 && int.TryParse(ServiceType.AsSpan(colon + 1), out var version) ? version : 1;
        }
    }

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
