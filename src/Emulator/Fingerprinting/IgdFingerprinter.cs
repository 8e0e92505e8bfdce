using System.Net;
using IgdLab.Device.Upnp.Http;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Igd.Profiles;

namespace IgdLab.Emulator.Fingerprinting;

/// <summary>
/// Probes an IGD with safe requests and drafts a router profile from what it does. Every mapping a probe makes is
/// deleted again before <see cref="RunAsync"/> returns or throws.
/// </summary>
internal sealed class IgdFingerprinter(IgdFingerprinterOptions options, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Runs every probe and returns the draft.</summary>
    /// <exception cref="FingerprintException">A probe port is already mapped.</exception>
    public async Task<Fingerprint> RunAsync(CancellationToken cancellationToken)
    {
        var location = options.DescriptionUrl;
        var findings = new FingerprintFindings(new RouterProfile());
        foreach (var (key, reason) in UnprobedKeys.All)
        {
            findings.NotFound(key, reason);
        }

        using var http = LocalBoundHttpClientFactory.Create(options.InternalClient, options.Timeout);
        var igd = await new DescriptionProbe(http, options.Timeout).RunAsync(location, findings, cancellationToken);

        var host = IPAddress.TryParse(location.Host, out var address) ? address : (await Dns.GetHostAddressesAsync(location.Host, cancellationToken))[0];
        var ssdp = options.SsdpEndPoint ?? new IPEndPoint(host, 1900);
        await new SsdpProbe(options.InternalClient, ssdp, options.SearchWindow, options.Multicast, _time, findings).RunAsync(location, cancellationToken);
        var portControl = options.PortControlEndPoint ?? new IPEndPoint(host, FingerprintDefaults.PortControlPort);
        await new PortControlProbe(options.InternalClient, portControl, _time, findings).RunAsync(cancellationToken);

        var clientOptions = new UpnpClientOptions { LocalAddress = options.InternalClient, Timeout = options.Timeout, RetryCount = 0, ActionFailedRetryCount = 0 };
        using var client = new IgdSoapClient(igd.ControlUrl, igd.ServiceType, clientOptions, _time);
        var raw = new RawSoapClient(http, igd.ControlUrl, igd.ServiceType, options.Timeout);
        findings.Found(FingerprintKeys.Upnp, p => p with { PortControl = p.PortControl with { Upnp = true } });
        await new SoapQuirkProbe(client, raw, findings).RunAsync(cancellationToken);

        var made = new ProbeMappings(client);
        IReadOnlyList<string> leftovers;
        try
        {
            await new MappingProbe(client, raw, made, findings, options.InternalClient, options.PortBase, igd.IgdVersion).RunAsync(cancellationToken);
        }
        finally
        {
            leftovers = await made.DeleteAllAsync();
        }

        var name = $"fingerprint-{Slug(igd.Description.ModelName) ?? Slug(location.Host) ?? "router"}";
        var profile = findings.Profile with
        {
            Name = name,
            Summary = $"Drafted by igdlab upnp fingerprint from {location}; {findings.Detected.Count} keys observed, {findings.Unknown.Count} left at defaults or guessed.",
        };
        return new Fingerprint
        {
            Profile = profile,
            DescriptionUrl = location,
            Detected = findings.Detected,
            Unknown = findings.Unknown,
            Notes = findings.Notes,
            Probes = findings.Probes,
            Remarks = findings.Remarks,
            Leftovers = leftovers,
        };
    }

    private static string? Slug(string? text)
    {
        var slug = new string((text ?? "").ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Length > 0 ? slug : null;
    }
}
