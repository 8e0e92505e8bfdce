using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using IgdLab.Protocols.Soap;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>
/// SOAP requests the typed client would never send: another spelling of the SOAPAction header, whitespace before the
/// XML declaration, a lowercase protocol, QueryStateVariable.
/// </summary>
internal sealed class RawSoapClient(HttpClient http, Uri controlUrl, string serviceType, TimeSpan timeout)
{
    /// <summary>The control namespace of QueryStateVariable (UDA 1.0).</summary>
    public const string ControlNamespace = "urn:schemas-upnp-org:control-1-0";

    /// <summary>Posts <paramref name="action"/> with the given header spelling, body prefix and namespace; never throws for a router that hangs up.</summary>
    public Task<RawSoapAnswer> InvokeAsync(
        string action,
        IReadOnlyList<KeyValuePair<string, string>> arguments,
        CancellationToken cancellationToken,
        string headerName = "SOAPAction",
        string bodyPrefix = "",
        string? actionNamespace = null) =>
        PostAsync(actionNamespace ?? serviceType, action, arguments, headerName, bodyPrefix, cancellationToken);

    private async Task<RawSoapAnswer> PostAsync(
        string ns, string action, IReadOnlyList<KeyValuePair<string, string>> arguments, string headerName, string bodyPrefix, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, controlUrl);
        request.Headers.TryAddWithoutValidation(headerName, $"\"{ns}#{action}\"");
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(bodyPrefix + SoapRequestWriter.Write(ns, action, arguments)));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=\"utf-8\"");
        try
        {
            using var response = await http.SendAsync(request, timeoutSource.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeoutSource.Token);
            return new RawSoapAnswer(response.StatusCode, response.IsSuccessStatusCode ? null : ErrorCodeOf(body));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A router may hang up on a request it dislikes; that is an answer too.
            return new RawSoapAnswer(0, null) { Failure = ex is OperationCanceledException ? "timed out" : ex.Message };
        }
    }

    private static int? ErrorCodeOf(byte[] body)
    {
        try
        {
            var code = SafeXml.Parse(body, 64 * 1024).Descendants().FirstOrDefault(e => e.Name.LocalName == "errorCode")?.Value.Trim();
            return int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }
}
