using System.Text;
using System.Xml.Linq;
using IgdLab.Device.Upnp.Description;
using IgdLab.Igd.Profiles;
using IgdLab.Protocols.Soap;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>Fetches the root description and reads the identity and description keys from it.</summary>
internal sealed class DescriptionProbe(HttpClient http, TimeSpan timeout)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Fetches and parses the description at <paramref name="location"/> and records what it shows.</summary>
    public async Task<DescribedIgd> RunAsync(Uri location, FingerprintFindings findings, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        byte[] bytes;
        string? server;
        using (var response = await http.GetAsync(location, timeoutSource.Token))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new UpnpDescriptionException(DescriptionFailure.HttpStatus, $"the description at {location} answered HTTP {(int)response.StatusCode}") { Location = location };
            }

            server = response.Headers.TryGetValues("Server", out var values) ? string.Join(" ", values) : null;
            bytes = await response.Content.ReadAsByteArrayAsync(timeoutSource.Token);
        }

        var igd = IgdDescriptionParser.Parse(bytes, location);
        var version = igd.DeviceType is { } type && type.Length > 0 && char.IsDigit(type[^1]) ? type[^1] - '0' : 1;
        findings.Probed($"description {location}: {bytes.Length} bytes, {igd.DeviceType}, {igd.ConnectionServices.Count} connection service(s)");
        findings.Found(FingerprintKeys.IgdVersion, p => p with { IgdVersion = version });
        Identity(findings, FingerprintKeys.FriendlyName, igd.FriendlyName, (p, v) => p with { FriendlyName = v });
        Identity(findings, FingerprintKeys.Manufacturer, igd.Manufacturer, (p, v) => p with { Manufacturer = v });
        Identity(findings, FingerprintKeys.ModelName, igd.ModelName, (p, v) => p with { ModelName = v });
        if (!string.IsNullOrWhiteSpace(server))
        {
            findings.Found(FingerprintKeys.ServerHeader, p => p with { ServerHeader = server });
        }
        else
        {
            findings.NotFound(FingerprintKeys.ServerHeader, "the description's HTTP answer has no Server header");
        }

        var invalidUtf8 = !IsStrictUtf8(bytes);
        findings.Found(FingerprintKeys.InvalidUtf8, p => p with { Description = p.Description with { InvalidUtf8 = invalidUtf8 } });

        var services = ConnectionServicesOf(igd);
        findings.Found(FingerprintKeys.ConnectionServices, p => p with { Description = p.Description with { ConnectionServices = services } });
        var misadvertised = igd.ConnectionServices.Any(IsMisadvertised);
        findings.Found(FingerprintKeys.MisadvertisedService, p => p with { Description = p.Description with { MisadvertisedService = misadvertised } });
        var domain = (igd.DeviceType ?? "").Contains("dslforum-org", StringComparison.OrdinalIgnoreCase) ? UrnDomain.DslforumOrg : UrnDomain.SchemasUpnpOrg;
        findings.Found(FingerprintKeys.UrnDomain, p => p with { Description = p.Description with { UrnDomain = domain } });

        var service = igd.ConnectionService;
        var raw = RawUrls(bytes, service.ServiceType);
        var style = StyleOf(raw.ControlUrl, raw.UrlBase, location);
        findings.Found(FingerprintKeys.ControlUrls, p => p with { Description = p.Description with { ControlUrls = style } });

        // A URLBase naming another host (MikroTik CHR) leads nowhere; clients that work resolve against LOCATION.
        var controlUrl = style == ControlUrlStyle.UrlBaseElsewhere && raw.ControlUrl is { } relative && Uri.TryCreate(location, relative, out var resolved)
            ? resolved
            : service.ControlUrl;
        return new DescribedIgd { Description = igd, ControlUrl = controlUrl, ServiceType = service.ServiceType, IgdVersion = version };
    }

    // Text that held bytes which are not UTF-8 decodes with U+FFFD: a router with invalid-utf8-desc writes its names
    // that way, but the profile's name is only the part it can spell, so such a value is a guess.
    private static void Identity(FingerprintFindings findings, string key, string? value, Func<RouterProfile, string, RouterProfile> apply)
    {
        if (value is null)
        {
            findings.NotFound(key, "the description has none");
        }
        else if (value.Contains('\uFFFD', StringComparison.Ordinal))
        {
            findings.Guessed(key, p => apply(p, value.Replace('\uFFFD', '?')), "holds bytes that are not UTF-8 (shown as ?)");
        }
        else
        {
            findings.Found(key, p => apply(p, value));
        }
    }

    private static bool IsStrictUtf8(byte[] bytes)
    {
        try
        {
            _ = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    // WANPPPConnection has only ever had version 1: a :2 is a WANIPConnection listed under the wrong name (Livebox).
    private static bool IsMisadvertised(IgdServiceInfo service) => service.Kind == IgdServiceKind.WanPppConnection && service.Version >= 2;

    private static ConnectionService[] ConnectionServicesOf(IgdDescription igd)
    {
        var ip = igd.ConnectionServices.Any(s => s.Kind == IgdServiceKind.WanIpConnection || IsMisadvertised(s));
        var ppp = igd.ConnectionServices.Any(s => s.Kind == IgdServiceKind.WanPppConnection && !IsMisadvertised(s));
        return (ip, ppp) switch
        {
            (true, true) => [ConnectionService.Ip, ConnectionService.Ppp],
            (false, true) => [ConnectionService.Ppp],
            _ => [ConnectionService.Ip],
        };
    }

    private static ControlUrlStyle StyleOf(string? controlUrl, string? urlBase, Uri location)
    {
        if (controlUrl is null)
        {
            return ControlUrlStyle.Path;
        }

        if (controlUrl.Contains('?', StringComparison.Ordinal))
        {
            return ControlUrlStyle.Query;
        }

        // On Unix "/ctl/IPConn" would parse as an absolute file: URI; only http URLs count.
        if (controlUrl.StartsWith("http", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(controlUrl, UriKind.Absolute, out var absolute) && absolute.Port != location.Port)
        {
            return ControlUrlStyle.OtherPort;
        }

        if (urlBase is not null && urlBase.StartsWith("http", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(urlBase, UriKind.Absolute, out var baseUrl))
        {
            if (!string.Equals(baseUrl.Host, location.Host, StringComparison.OrdinalIgnoreCase))
            {
                return ControlUrlStyle.UrlBaseElsewhere;
            }

            if (baseUrl.Port != location.Port)
            {
                return ControlUrlStyle.OtherPort;
            }
        }

        return ControlUrlStyle.Path;
    }

    // The parser resolves URLs; the style of the router shows only in the text as written.
    private static (string? ControlUrl, string? UrlBase) RawUrls(byte[] bytes, string serviceType)
    {
        XDocument document;
        try
        {
            document = SafeXml.Parse(Encoding.UTF8.GetString(bytes), IgdDescriptionParser.MaxDocumentBytes);
        }
        catch (System.Xml.XmlException)
        {
            return (null, null);
        }

        var urlBase = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "URLBase")?.Value.Trim();
        var control = document.Descendants()
            .Where(e => e.Name.LocalName == "service")
            .Where(s => s.Elements().Any(e => e.Name.LocalName == "serviceType" && e.Value.Trim() == serviceType))
            .Select(s => s.Elements().FirstOrDefault(e => e.Name.LocalName == "controlURL")?.Value.Trim())
            .FirstOrDefault();
        return (control, string.IsNullOrEmpty(urlBase) ? null : urlBase);
    }
}
