using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using IgdLab.Device.Upnp.Description;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.Device.Upnp.Http;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// How a command finds and reaches the IGD — <c>--igd URL</c>, <c>--gateway IP</c> (unicast SSDP) or multicast
/// discovery, from <c>--local-ip</c> — shared by <c>igdlab upnp</c> and <c>igdlab device</c>.
/// </summary>
internal sealed class IgdTarget : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);
    private static readonly Option<string?> Igd = new("--igd") { Description = "Root description URL of the IGD (skips discovery)" };
    private static readonly Option<IPAddress?> Gateway = OptionValues.Address("--gateway", "Search this gateway by unicast SSDP instead of multicast");
    private static readonly Option<int> SsdpPort = new("--ssdp-port") { Description = "SSDP port of --gateway", DefaultValueFactory = _ => 1900 };
    private static readonly Option<IPAddress?> LocalIp = OptionValues.Address("--local-ip", "Own address to send from (and to map to, by default)");
    private static readonly Option<TimeSpan?> TimeoutOption = OptionValues.Duration("--timeout", "Discovery and per-call timeout", DefaultTimeout);

    private readonly HttpClient _http;

    private IgdTarget(Uri? igd, IPEndPoint? gateway, IPAddress? local, TimeSpan timeout)
    {
        IgdUrl = igd;
        GatewayEndPoint = gateway;
        Local = local;
        Timeout = timeout;
        _http = LocalBoundHttpClientFactory.Create(local);
        Fetcher = new IgdDescriptionFetcher(_http, new DescriptionFetchOptions { Timeout = timeout });
    }

    public Uri? IgdUrl { get; }

    public IPEndPoint? GatewayEndPoint { get; }

    public IPAddress? Local { get; }

    public TimeSpan Timeout { get; }

    public IgdDescriptionFetcher Fetcher { get; }

    /// <summary>Adds <c>--igd</c>, <c>--gateway</c>, <c>--ssdp-port</c>, <c>--local-ip</c> and <c>--timeout</c> to <paramref name="command"/>.</summary>
    public static Command WithOptions(Command command)
    {
        command.Add(Igd);
        command.Add(Gateway);
        command.Add(SsdpPort);
        command.Add(LocalIp);
        command.Add(TimeoutOption);
        return command;
    }

    /// <summary>Reads the options added by <see cref="WithOptions"/>.</summary>
    /// <exception cref="FormatException">An option's value is malformed; the message names the option.</exception>
    public static IgdTarget From(ParseResult result)
    {
        Uri? igd = null;
        if (result.GetValue(Igd) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out igd))
        {
            throw new FormatException($"--igd: '{url}' is not an absolute URL");
        }

        var gateway = result.GetValue(Gateway) is { } address ? new IPEndPoint(address, result.GetValue(SsdpPort)) : null;
        return new IgdTarget(igd, gateway, result.GetValue(LocalIp), result.GetValue(TimeoutOption) ?? DefaultTimeout);
    }

    /// <summary>
    /// The exit code and message for a failure talking to the IGD: a UPnP error is 1 (the router said no), an unreachable
    /// or unusable IGD is 3; false for anything else.
    /// </summary>
    public static bool TryDescribe(Exception exception, out int exitCode, out string message)
    {
        switch (exception)
        {
            case UpnpErrorException upnp:
                exitCode = ExitCodes.ExpectationFailed;
                message = $"UPnP error {upnp.Code} {upnp.Name}: {upnp.Meaning} ({upnp.Action}: {upnp.Description})";
                return true;
            case UpnpTransportException or UpnpDescriptionException or IgdNotFoundException:
                exitCode = ExitCodes.TestbedError;
                message = exception.Message;
                return true;
            default:
                exitCode = 0;
                message = "";
                return false;
        }
    }

    public SsdpDiscoverer Discoverer() => new(new DiscoveryOptions
    {
        UnicastEndPoint = GatewayEndPoint,
        Multicast = GatewayEndPoint is null,
        LocalAddress = Local,
        Timeout = Timeout,
    });

    /// <summary>The IGD's description: fetched from <c>--igd</c>, else the first IGD that discovery finds.</summary>
    /// <exception cref="IgdNotFoundException">Discovery found no IGD.</exception>
    public async Task<IgdDescription> LocateAsync(CancellationToken cancellationToken)
    {
        if (IgdUrl is not null)
        {
            return await Fetcher.FetchAsync(IgdUrl, cancellationToken);
        }

        var located = await new IgdLocator(Discoverer(), Fetcher, new IgdLocatorOptions { StopAtFirstIgd = true }).LocateAsync(cancellationToken);
        return located.Igd ?? throw new IgdNotFoundException($"no IGD found ({located.Outcome}); give --igd URL or --gateway IP");
    }

    /// <summary>The IGD and a SOAP client for its WAN connection service.</summary>
    public async Task<(IgdDescription Igd, IgdSoapClient Client)> ConnectAsync(CancellationToken cancellationToken)
    {
        var igd = await LocateAsync(cancellationToken);
        var service = igd.ConnectionService;
        var client = new IgdSoapClient(service.ControlUrl, service.ServiceType, new UpnpClientOptions { LocalAddress = Local, Timeout = Timeout });
        return (igd, client);
    }

    /// <summary>This host's address on the way to <paramref name="target"/> (what a router sees as the caller).</summary>
    public IPAddress LocalAddressTowards(Uri target)
    {
        if (Local is not null)
        {
            return Local;
        }

        // Connecting a UDP socket sends nothing; it only asks the routing table which source address it would use.
        var remote = IPAddress.TryParse(target.DnsSafeHost, out var literal) ? literal : Dns.GetHostAddresses(target.DnsSafeHost)[0];
        using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(remote, target.Port);
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Discovery found no IGD.</summary>
internal sealed class IgdNotFoundException(string message) : Exception(message);
