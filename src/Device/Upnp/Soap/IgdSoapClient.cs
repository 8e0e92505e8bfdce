using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>
/// Typed SOAP calls to one WANIPConnection (or WANPPPConnection) service of an Internet Gateway Device, plus the
/// WANCommonInterfaceConfig queries. Router errors surface as <see cref="UpnpErrorException"/>; calls that get no usable
/// answer surface as <see cref="UpnpTransportException"/> within the configured timeout, after the configured retries.
/// </summary>
public sealed partial class IgdSoapClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly SoapInvoker _invoker;
    private readonly TimeProvider _time;

    /// <summary>Creates a client for the service of type <paramref name="serviceType"/> at <paramref name="controlUrl"/>.</summary>
    /// <param name="controlUrl">The service's absolute http control URL, from the device description.</param>
    /// <param name="serviceType">The service type exactly as the description names it, e.g. <see cref="UpnpUrns.WanIpConnection2"/>.</param>
    /// <param name="options">Timeouts, retries and the local address; null uses the defaults.</param>
    /// <param name="timeProvider">The clock for timeouts and retry delays; null uses the system clock.</param>
    /// <param name="logger">Where retries are logged; null logs nothing.</param>
    /// <exception cref="ArgumentException">The URL is not an absolute http URL, the service type is empty, or the options are invalid.</exception>
    public IgdSoapClient(Uri controlUrl, string serviceType, UpnpClientOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        CheckControlUrl(controlUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceType);
        Options = options ?? new UpnpClientOptions();
        Options.EnsureValid();
        ControlUrl = controlUrl;
        ServiceType = serviceType.Trim();
        ServiceVersion = UpnpUrns.VersionOf(ServiceType);
        _time = timeProvider ?? TimeProvider.System;
        _http = Http.LocalBoundHttpClientFactory.Create(Options.LocalAddress, Options.Timeout);
        _invoker = new SoapInvoker(_http, Options, _time, logger ?? NullLogger.Instance);
    }

    /// <summary>The service's control URL.</summary>
    public Uri ControlUrl { get; }

    /// <summary>The service type sent in SOAPACTION and as the action's namespace.</summary>
    public string ServiceType { get; }

    /// <summary>The service version (1 or 2 for WANIPConnection); version 2 adds AddAnyPortMapping and the range actions.</summary>
    public int ServiceVersion { get; }

    /// <summary>The options this client runs with.</summary>
    public UpnpClientOptions Options { get; }

    /// <summary>GetExternalIPAddress: the router's WAN address.</summary>
    /// <returns>The address, or null when the router reports none (an empty value: no WAN connection, or double NAT on miniupnpd).</returns>
    public async Task<IPAddress?> GetExternalIPAddressAsync(CancellationToken cancellationToken = default)
    {
        var result = await InvokeAsync(Call(UpnpActions.GetExternalIPAddress), cancellationToken);
        return result.Address(UpnpArguments.NewExternalIPAddress);
    }

    /// <summary>GetStatusInfo: the WAN connection's status, last error and uptime.</summary>
    public async Task<StatusInfo> GetStatusInfoAsync(CancellationToken cancellationToken = default)
    {
        var result = await InvokeAsync(Call(UpnpActions.GetStatusInfo), cancellationToken);
        return new StatusInfo
        {
            ConnectionStatus = result.Text(UpnpArguments.NewConnectionStatus).Trim(),
            LastConnectionError = result.OptionalText(UpnpArguments.NewLastConnectionError).Trim(),
            Uptime = TimeSpan.FromSeconds(result.UInt(UpnpArguments.NewUptime)),
        };
    }

    /// <summary>GetConnectionTypeInfo: the connection type (<c>IP_Routed</c>) and the possible ones.</summary>
    public async Task<ConnectionTypeInfo> GetConnectionTypeInfoAsync(CancellationToken cancellationToken = default)
    {
        var result = await InvokeAsync(Call(UpnpActions.GetConnectionTypeInfo), cancellationToken);
        return new ConnectionTypeInfo
        {
            ConnectionType = result.Text(UpnpArguments.NewConnectionType).Trim(),
            PossibleConnectionTypes = result.OptionalText(UpnpArguments.NewPossibleConnectionTypes)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    /// <summary>GetNATRSIPStatus: whether the router does NAT and offers realm-specific IP.</summary>
    public async Task<NatRsipStatus> GetNatRsipStatusAsync(CancellationToken cancellationToken = default)
    {
        var result = await InvokeAsync(Call(UpnpActions.GetNATRSIPStatus), cancellationToken);
        return new NatRsipStatus { RsipAvailable = result.Bool(UpnpArguments.NewRSIPAvailable), NatEnabled = result.Bool(UpnpArguments.NewNATEnabled) };
    }

    /// <summary>Closes the client's connections.</summary>
    public void Dispose() => _http.Dispose();

    /// <summary>The address mappings point at when a request names none: the configured local address, else the one routing uses towards the router.</summary>
    internal IPAddress DefaultInternalClient() => LocalAddressResolver.Resolve(ControlUrl, Options.LocalAddress);

    private Task<SoapOutArguments> InvokeAsync(SoapCall call, CancellationToken cancellationToken) =>
        _invoker.InvokeAsync(call, cancellationToken);

    private SoapCall Call(string action, params KeyValuePair<string, string>[] arguments) =>
        new(ControlUrl, ServiceType, action, arguments);

    private static KeyValuePair<string, string> Arg(string name, string value) => KeyValuePair.Create(name, value);

    private static KeyValuePair<string, string> Arg(string name, long value) =>
        KeyValuePair.Create(name, value.ToString(CultureInfo.InvariantCulture));

    private static KeyValuePair<string, string> Arg(string name, bool value) => KeyValuePair.Create(name, value ? "1" : "0");

    private static void CheckControlUrl(Uri controlUrl, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(controlUrl))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(controlUrl, name);
        if (!controlUrl.IsAbsoluteUri || controlUrl.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"the control URL must be an absolute http URL, not '{controlUrl}'", name);
        }
    }

    private static int CheckPort(int port, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(port))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue, name);
        return port;
    }
}
