using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace IgdLab.Benchmarks;

/// <summary>One prepared WANIPConnection:2 action call: its SOAPAction header and encoded body, built once and sent many times.</summary>
internal sealed record SoapCall(string SoapAction, byte[] Body)
{
    public const string ServiceType = "urn:schemas-upnp-org:service:WANIPConnection:2";

    /// <summary>AddPortMapping of TCP <paramref name="externalPort"/> to <paramref name="internalClient"/>:<paramref name="internalPort"/>.</summary>
    public static SoapCall AddPortMapping(int externalPort, IPAddress internalClient, int internalPort, uint leaseSeconds) => Create(
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
        "DeletePortMapping",
        ("NewRemoteHost", ""),
        ("NewExternalPort", Number(externalPort)),
        ("NewProtocol", "TCP"));

    /// <summary>Posts the call to <paramref name="controlUrl"/> and reads the whole reply.</summary>
    /// <returns>True for HTTP 200; a UPnP fault (HTTP 500) or any other status is false.</returns>
    public async ValueTask<bool> SendAsync(HttpClient http, Uri controlUrl, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, controlUrl) { Content = new ByteArrayContent(Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/xml") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("SOAPAction", SoapAction);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private static SoapCall Create(string action, params (string Name, string Value)[] arguments)
    {
        var body = new StringBuilder()
            .Append("<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" ")
            .Append("s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>")
            .Append("<u:").Append(action).Append(" xmlns:u=\"").Append(ServiceType).Append("\">");
        foreach (var (name, value) in arguments)
        {
            body.Append('<').Append(name).Append('>').Append(value).Append("</").Append(name).Append('>');
        }

        body.Append("</u:").Append(action).Append("></s:Body></s:Envelope>\r\n");
        return new SoapCall($"\"{ServiceType}#{action}\"", Encoding.UTF8.GetBytes(body.ToString()));
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
