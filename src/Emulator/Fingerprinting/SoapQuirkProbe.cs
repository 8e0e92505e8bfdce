using System.Net;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>The probes that map nothing: GetExternalIPAddress, SOAPAction spelling, leading whitespace, QueryStateVariable.</summary>
internal sealed class SoapQuirkProbe(IgdSoapClient client, RawSoapClient raw, FingerprintFindings findings)
{
    private static readonly IPNetwork Cgnat = IPNetwork.Parse("100.64.0.0/10");

    /// <summary>Runs the probes that map nothing and records what they show.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await ExternalAddressAsync(cancellationToken);
        var plain = await raw.InvokeAsync(UpnpActions.GetExternalIPAddress, [], cancellationToken);
        var otherCase = await raw.InvokeAsync(UpnpActions.GetExternalIPAddress, [], cancellationToken, headerName: "Soapaction");
        findings.Probed($"GetExternalIPAddress with 'SOAPAction': {plain}; with 'Soapaction': {otherCase}");
        if (plain.Succeeded)
        {
            findings.Found(FingerprintKeys.SoapActionCaseSensitive, p => p with { Soap = p.Soap with { SoapActionCaseSensitive = !otherCase.Succeeded } });
        }
        else
        {
            findings.NotFound(FingerprintKeys.SoapActionCaseSensitive, $"a plain GetExternalIPAddress got {plain}");
        }

        var leading = await raw.InvokeAsync(UpnpActions.GetExternalIPAddress, [], cancellationToken, bodyPrefix: "\t");
        findings.Probed($"GetExternalIPAddress with a tab before <?xml: {leading}");
        if (leading.Succeeded || leading.Status == HttpStatusCode.BadRequest)
        {
            findings.Found(FingerprintKeys.LeadingWhitespace400, p => p with { Soap = p.Soap with { LeadingWhitespace400 = !leading.Succeeded } });
        }
        else
        {
            findings.NotFound(FingerprintKeys.LeadingWhitespace400, $"a tab before <?xml got {leading}, neither 200 nor 400");
        }

        var query = await raw.InvokeAsync(
            "QueryStateVariable", [KeyValuePair.Create("varName", "ConnectionStatus")], cancellationToken, actionNamespace: RawSoapClient.ControlNamespace);
        findings.Probed($"QueryStateVariable(ConnectionStatus): {query}");
        findings.Remark(query.Succeeded ? "QueryStateVariable(ConnectionStatus) is answered" : $"QueryStateVariable(ConnectionStatus) is not answered ({query})");
    }

    private async Task ExternalAddressAsync(CancellationToken cancellationToken)
    {
        IPAddress? address;
        try
        {
            address = await client.GetExternalIPAddressAsync(cancellationToken);
        }
        catch (UpnpErrorException ex)
        {
            findings.Probed($"GetExternalIPAddress: UPnP {ex.Code}");
            findings.NotFound(FingerprintKeys.ExternalAddress, $"GetExternalIPAddress failed with {ex.Code}");
            findings.NotFound(FingerprintKeys.WanSide, $"GetExternalIPAddress failed with {ex.Code}");
            return;
        }

        findings.Probed($"GetExternalIPAddress: '{address}'");
        var report = address switch
        {
            null => ExternalAddressReport.Empty,
            _ when address.Equals(IPAddress.Any) => ExternalAddressReport.Zero,
            _ when address.Equals(IPAddress.Loopback) => ExternalAddressReport.Loopback,
            _ => ExternalAddressReport.Wan,
        };
        findings.Found(FingerprintKeys.ExternalAddress, p => p with { ExternalAddress = report });
        if (report == ExternalAddressReport.Wan)
        {
            var side = Cgnat.Contains(address!) ? WanSide.Cgnat : WanSide.Public;
            findings.Found(FingerprintKeys.WanSide, p => p with { WanSide = side });
        }
        else
        {
            findings.NotFound(FingerprintKeys.WanSide, "no WAN address reported");
        }
    }
}
