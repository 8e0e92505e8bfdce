using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace IgdLab.Benchmarks;

/// <summary>One prepared SOAP action call: its SOAPAction header and encoded body, built once and sent many times.</summary>
internal sealed record SoapCall(string SoapAction, byte[] Body)
{
    public const string ServiceType = "urn:schemas-upnp-org:service:WANIPConnection:2";
    public const string CommonInterfaceServiceType = "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1";

    /// <summary>AddPortMapping of TCP <paramref name="externalPort"/> to <paramref name="internalClient"/>:<paramref name="internalPort"/>.</summary>
    public static SoapCall AddPortMapping(int externalPort, IPAddress internalClient, int internalPort, uint leaseSeconds) => Create(
        ServiceType,
        "AddPortMapping",
        ("NewRemoteHost", ""),
        ("NewExternalPort", Number(externalPort)),
        ("NewProtocol", "TCP"),
        ("NewInternalPort", Number(internalPort)),
        ("NewInternalClient", internalClient.ToString()),
        ("NewEnabled", "1"),
        ("NewPortMappingDescription", "igdlab bench"),
        ("NewLeaseDuration", Number(leaseSeconds)));

    /// <summary>DeletePortMapping of TCP <paramref name="externalPort"/>.</summary>
    public static SoapCall DeletePortMapping(int externalPort) => Create(
        ServiceType,
        "DeletePortMapping",
        ("NewRemoteHost", ""),
        ("NewExternalPort", Number(externalPort)),
        ("NewProtocol", "TCP"));

    /// <summary>A WANCommonInterfaceConfig:1 action without arguments (the WAN traffic counters).</summary>
    public static SoapCall CommonInterfaceQuery(string action) => Create(CommonInterfaceServiceType, action);

    /// <summary>Posts the call to <paramref name="controlUrl"/> and reads the whole reply.</summary>
    /// <returns>True for HTTP 200; a UPnP fault (HTTP 500) or any other status is false.</returns>
    public async ValueTask<bool> SendAsync(HttpClient http, Uri controlUrl, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(http, controlUrl, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Posts the call and returns the text of the reply's first out argument.</summary>
    /// <exception cref="InvalidOperationException">The gateway answered with a fault or without an out argument.</exception>
    public async Task<string> QueryAsync(HttpClient http, Uri controlUrl, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(http, controlUrl, cancellationToken);
        var reply = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var value = reply.Descendants().FirstOrDefault(e => e.Name.LocalName.EndsWith("Response", StringComparison.Ordinal))?.Elements().FirstOrDefault();
        return response.StatusCode == HttpStatusCode.OK && value is not null
            ? value.Value
            : throw new InvalidOperationException($"{SoapAction} answered {(int)response.StatusCode} without a value");
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri controlUrl, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, controlUrl) { Content = new ByteArrayContent(Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("SOAPAction", SoapAction);
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private static SoapCall Create(string serviceType, string action, params (string Name, string Value)[] arguments)
    {
        var body = new StringBuilder()
            .Append("<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" ")
            .Append("s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>")
            .Append("<u:").Append(action).Append(" xmlns:u=\"").Append(serviceType).Append("\">");
        foreach (var (name, value) in arguments)
        {
            body.Append('<').Append(name).Append('>').Append(value).Append("</").Append(name).Append('>');
        }

        body.Append("</u:").Append(action).Append("></s:Body></s:Envelope>\r\n");
        return new SoapCall($"\"{serviceType}#{action}\"", Encoding.UTF8.GetBytes(body.ToString()));
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
