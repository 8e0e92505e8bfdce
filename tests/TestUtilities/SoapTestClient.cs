using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using System.Xml.Linq;

namespace IgdLab.TestUtilities;

/// <summary>The outcome of a SOAP call: the HTTP status, the out arguments, or the UPnP error code.</summary>
public sealed record SoapResult(HttpStatusCode Status, IReadOnlyDictionary<string, string> Values, int? ErrorCode, string Body)
{
    public string this[string name] => Values[name];
}

/// <summary>
/// A deliberately small SOAP caller for tests of the virtual router; it binds its socket to a chosen loopback address
/// so the router sees that address as the caller (secure mode). The product's own client lives in src/Device.
/// </summary>
public sealed class SoapTestClient : IDisposable
{
    private readonly HttpClient _http;

    public SoapTestClient(IPAddress? localAddress = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero };
        if (localAddress is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http => _http;

    /// <summary>Calls <paramref name="action"/> of <paramref name="serviceType"/> at <paramref name="controlUrl"/>.</summary>
    public async Task<SoapResult> CallAsync(Uri controlUrl, string serviceType, string action, params (string Name, object Value)[] arguments)
    {
        var body = new StringBuilder()
            .Append("<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" ")
            .Append("s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>")
            .Append("<u:").Append(action).Append(" xmlns:u=\"").Append(serviceType).Append("\">");
        foreach (var (name, value) in arguments)
        {
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            body.Append('<').Append(name).Append('>').Append(SecurityElement.Escape(text)).Append("</").Append(name).Append('>');
        }

        body.Append("</u:").Append(action).Append("></s:Body></s:Envelope>");
        return await PostAsync(controlUrl, body.ToString(), $"\"{serviceType}#{action}\"");
    }

    /// <summary>Posts a raw body (for hostile-input tests).</summary>
    public async Task<SoapResult> PostAsync(Uri controlUrl, string body, string? soapAction)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, controlUrl) { Content = content };
        if (soapAction is not null)
        {
            request.Headers.TryAddWithoutValidation("SOAPAction", soapAction);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return Parse(response.StatusCode, text);
    }

    public void Dispose() => _http.Dispose();

    private static SoapResult Parse(HttpStatusCode status, string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        int? errorCode = null;
        try
        {
            var document = XDocument.Parse(text);
            var code = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "errorCode");
            if (code is not null)
            {
                errorCode = int.Parse(code.Value, CultureInfo.InvariantCulture);
            }
            else
            {
                var response = document.Descendants().FirstOrDefault(e => e.Name.LocalName.EndsWith("Response", StringComparison.Ordinal));
                foreach (var argument in response?.Elements() ?? [])
                {
                    values[argument.Name.LocalName] = argument.Value;
                }
            }
        }
        catch (System.Xml.XmlException)
        {
            // Not XML (e.g. a plain-text 400): the status and body tell the story.
        }

        return new SoapResult(status, values, errorCode, text);
    }
}
