using System.Net;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Description;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Gena;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Soap;
using IgdLab.Igd.Upnp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Router;

/// <summary>The HTTP side of the router over Kestrel: descriptions, SOAP control (with injected SOAP faults) and GENA.</summary>
internal sealed partial class GatewayHttpHost(
    VirtualGatewayOptions options,
    RouterState state,
    DeviceNode deviceTree,
    SoapActionInvoker invoker,
    SoapFaultPlan soapFaults,
    GenaPublisher gena,
    GatewayEventSink events,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private const string XmlContentType = "text/xml; charset=\"utf-8\"";

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger<VirtualGateway>();
    private WebApplication? _app;
    private readonly List<IPEndPoint> _offered = [];
    private int _port;
    private int _controlPort;
    private DeviceNode? _igd1;
    private long _controlRequests;

    /// <summary>The HTTP port: the one last bound, kept while the server is down.</summary>
    public int Port => Volatile.Read(ref _port);

    /// <summary>SOAP control requests received, answered or not.</summary>
    public long ControlRequests => Interlocked.Read(ref _controlRequests);

    public Uri BaseUrl => new($"http://{new IPEndPoint(options.LanAddress, Port)}/");

    public Uri DescriptionUrl => new(BaseUrl, DescriptionPaths.RootDescriptionPath);

    /// <summary>The description of the IGD:1 twin a dual-IGD router also advertises.</summary>
    public Uri Igd1DescriptionUrl => new(BaseUrl, DescriptionPaths.Igd1DescriptionPath);

    /// <summary>The description of the non-IGD device a router answering <c>ssdp:all</c> with it advertises.</summary>
    public Uri NonIgdDescriptionUrl => new(BaseUrl, DescriptionPaths.NonIgdDescriptionPath);

    /// <summary>Where control requests go: the base URL, or the other port of a <c>foreign-control-url</c> router.</summary>
    public Uri ControlBaseUrl => ControlOnOtherPort
        ? new($"http://{new IPEndPoint(options.LanAddress, Volatile.Read(ref _controlPort))}/")
        : BaseUrl;

    /// <summary>The control URL of the first WAN connection service.</summary>
    public Uri ConnectionControlUrl => new(ControlBaseUrl, deviceTree.ConnectionServices().First().ControlPath.TrimStart('/'));

    /// <summary>The event URL of the first WAN connection service.</summary>
    public Uri ConnectionEventUrl => new(ControlBaseUrl, deviceTree.ConnectionServices().First().EventPath.TrimStart('/'));

    /// <summary>The IGD:1 twin a dual-IGD router describes besides itself: its own UDN, the same services and table.</summary>
    public DeviceNode Igd1DeviceTree => _igd1 ??= DeviceTreeBuilder.Build(Profile, 1, Igd1Uuid());

    private bool ControlOnOtherPort => Profile.Description.ControlUrls == ControlUrlStyle.OtherPort;

    private string Id => options.Id;

    private RouterProfile Profile => options.Profile;

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        if (options.ServiceNetwork is { } network)
        {
            await StartInMemoryAsync(network, port, cancellationToken);
            return;
        }

        var controlListener = ControlOnOtherPort ? new System.Net.Sockets.TcpListener(options.LanAddress, 0) : null;
        int controlPort = 0;
        if (controlListener is not null)
        {
            // Kestrel reports only its first URL back; find a free port for the second listener first.
            controlListener.Start();
            controlPort = ((IPEndPoint)controlListener.LocalEndpoint).Port;
            controlListener.Stop();
        }

        var app = Build(kestrel =>
        {
            kestrel.Listen(options.LanAddress, port, ApplyConnectionQuirks);
            if (controlPort != 0)
            {
                kestrel.Listen(options.LanAddress, controlPort, ApplyConnectionQuirks);
            }
        });
        await app.StartAsync(cancellationToken);
        Volatile.Write(ref _port, new Uri(app.Urls.First()).Port);
        Volatile.Write(ref _controlPort, controlPort);
        _app = app;
    }

    public async Task StopAsync()
    {
        // Off the in-process network first: a connection attempt from now on is refused, as by a router that is down.
        foreach (var offered in _offered)
        {
            options.ServiceNetwork?.Withdraw(offered);
        }

        _offered.Clear();
        if (_app is { } app)
        {
            _app = null;

            // A router that goes down does not wait for slow clients: in-flight requests get a moment, then are cut.
            using var grace = new CancellationTokenSource(StopGrace);
            await app.StopAsync(grace.Token);
            await app.DisposeAsync();
        }
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapGet(DescriptionPaths.RootDescriptionPath, context => WriteXmlAsync(
            context, DescriptionWriter.RootDescriptionBytes(deviceTree, Profile, Urls())));
        if (Profile.Discovery.DualIgd)
        {
            app.MapGet(DescriptionPaths.Igd1DescriptionPath, context => WriteXmlAsync(
                context, DescriptionWriter.RootDescriptionBytes(Igd1DeviceTree, Profile, Urls())));
        }

        if (Profile.Discovery.SsdpAll == SsdpAllAnswer.NonIgdOnly)
        {
            app.MapGet(DescriptionPaths.NonIgdDescriptionPath, context => WriteXmlAsync(context, DescriptionWriter.NonIgdDescription(deviceTree.Udn)));
        }

        var services = deviceTree.AllServices().ToList();
        foreach (var service in services)
        {
            var scpd = DescriptionWriter.Scpd(service.Definition, service.Version);
            app.MapGet(service.ScpdPath, context => WriteXmlAsync(context, scpd));
            app.MapMethods(service.EventPath, ["SUBSCRIBE", "UNSUBSCRIBE"], context => gena.HandleAsync(context));
        }

        // Services told apart by query string share one path (DD-WRT: /control?WANIPConnection).
        foreach (var group in services.GroupBy(s => PathOf(s.ControlPath), StringComparer.Ordinal))
        {
            var byQuery = group.ToDictionary(s => QueryOf(s.ControlPath), StringComparer.Ordinal);
            app.MapPost(group.Key, context => byQuery.TryGetValue(context.Request.QueryString.Value?.TrimStart('?') ?? "", out var service)
                ? HandleControlAsync(context, service)
                : WritePlainAsync(context, StatusCodes.Status404NotFound, "no such control URL"));
        }
    }

    /// <summary>
    /// Serves on <paramref name="network"/> at the LAN address (port 0 picks one there), and the control port beside it
    /// when the profile has one: Kestrel over an in-memory listener, with no kernel socket.
    /// </summary>
    private async Task StartInMemoryAsync(IInProcessNetwork network, int port, CancellationToken cancellationToken)
    {
        var listener = new InProcessListenerFactory();
        var app = Build(kestrel => kestrel.Listen(listener.EndPoint, ApplyConnectionQuirks), services => services.AddSingleton<IConnectionListenerFactory>(listener));
        await app.StartAsync(cancellationToken);
        _app = app;
        IPEndPoint main;
        IPEndPoint? control;
        try
        {
            main = network.Offer(options.LanAddress, port, listener.ServeAsync);
            _offered.Add(main);
            control = ControlOnOtherPort ? network.Offer(options.LanAddress, 0, listener.ServeAsync) : null;
            if (control is not null)
            {
                _offered.Add(control);
            }
        }
        catch
        {
            // The port is taken on the network: nothing half-started stays behind.
            await StopAsync();
            throw;
        }

        Volatile.Write(ref _port, main.Port);
        Volatile.Write(ref _controlPort, control?.Port ?? 0);
    }

    /// <summary>The router's web application with its limits and routes, listening where <paramref name="listen"/> says.</summary>
    private WebApplication Build(Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions> listen, Action<IServiceCollection>? services = null)
    {
        var builder = EmbeddedWebHost.CreateBuilder(kestrel =>
        {
            listen(kestrel);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddSingleton(loggerFactory);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        MapRoutes(app);
        return app;
    }

    private void ApplyConnectionQuirks(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions listen)
    {
        if (Profile.Soap.SinglePacketRequest)
        {
            listen.Use(SinglePacketRequests.Middleware);
        }
    }

    // The root description's URLs as the profile writes them.
    private DescriptionUrls Urls() => Profile.Description.ControlUrls switch
    {
        ControlUrlStyle.OtherPort => new(BaseUrl.ToString(), ControlBaseUrl.ToString(), ControlBaseUrl.ToString().TrimEnd('/')),
        ControlUrlStyle.UrlBaseElsewhere => new(BaseUrl.ToString(), $"http://{new IPEndPoint(state.WanAddress, Port)}/"),
        _ => new(BaseUrl.ToString()),
    };

    // The IGD:1 twin of a dual-IGD router is a second device with its own UDN.
    private Guid Igd1Uuid()
    {
        var bytes = Guid.Parse(deviceTree.Udn["uuid:".Length..]).ToByteArray();
        bytes[0] ^= 0x5A;
        return new Guid(bytes);
    }

    private static string PathOf(string url) => url.Split('?', 2)[0];

    private static string QueryOf(string url) => url.Split('?', 2) is [_, var query] ? query : "";

    private async Task HandleControlAsync(HttpContext context, ServiceNode node)
    {
        var service = node.Definition;
        Interlocked.Increment(ref _controlRequests);
        if (ControlOnOtherPort && context.Connection.LocalPort != Volatile.Read(ref _controlPort))
        {
            // The control URLs name the other port; LOCATION's port serves only the description.
            await WritePlainAsync(context, StatusCodes.Status404NotFound, "not found");
            return;
        }

        if (Profile.Soap.SoapActionCaseSensitive && !HasExactSoapActionHeader(context.Request))
        {
            await WritePlainAsync(context, StatusCodes.Status501NotImplemented, "Not Implemented");
            return;
        }

        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.RequestAborted);
        var caller = context.Connection.RemoteIpAddress?.MapToIPv4() ?? IPAddress.None;
        try
        {
            if (context.Request.ContentLength > options.MaxRequestBodyBytes)
            {
                await WritePlainAsync(context, StatusCodes.Status413PayloadTooLarge, "request body too large");
                return;
            }

            var body = await ReadBodyAsync(context.Request, linked.Token);
            if (Profile.Soap.LeadingWhitespace400 && body.Length > 0 && char.IsWhiteSpace((char)body.Span[0]))
            {
                await WritePlainAsync(context, StatusCodes.Status400BadRequest, "Bad Request");
                return;
            }

            var request = SoapRequestReader.Read(body, context.Request.Headers["SOAPACTION"].FirstOrDefault(), options.MaxRequestBodyBytes);
            if (soapFaults.DelayFor(request.Action) is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, linked.Token);
            }

            if (soapFaults.TakeError(request.Action) is { } injected)
            {
                events.Publish(GatewayEventKind.SoapFaultServed, detail: $"{request.Action} -> {injected} (injected)");
                await WriteFaultAsync(context, injected, UpnpErrorCode.Describe(injected));
                return;
            }

            IReadOnlyList<KeyValuePair<string, string>> result;
            try
            {
                result = invoker.Invoke(service, request, caller);
            }
            catch (UpnpException ex)
            {
                LogSoapFault(Id, request.Action, caller, ex.Code);
                await WriteFaultAsync(context, ex.Code, ex.Description);
                return;
            }

            var serviceType = string.IsNullOrEmpty(request.ServiceType) ? node.ServiceType : request.ServiceType;
            context.Response.Headers["EXT"] = "";
            await WriteXmlAsync(context, SoapResponseWriter.Success(serviceType, request.Action, result));
        }
        catch (SoapFormatException ex)
        {
            LogBadSoap(Id, caller, ex.Message);
            await WritePlainAsync(context, StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            await WritePlainAsync(context, ex.StatusCode, ex.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            await WritePlainAsync(context, StatusCodes.Status408RequestTimeout, "request timed out");
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > options.MaxRequestBodyBytes)
            {
                throw new BadHttpRequestException("request body too large", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private Task WriteXmlAsync(HttpContext context, string xml) => WriteXmlAsync(context, System.Text.Encoding.UTF8.GetBytes(xml));

    private Task WriteXmlAsync(HttpContext context, byte[] xml)
    {
        context.Response.ContentType = XmlContentType;
        context.Response.Headers.Server = Profile.ServerHeader;
        context.Response.ContentLength = xml.Length;
        return context.Response.Body.WriteAsync(xml).AsTask();
    }

    // Kestrel keeps the spelling of headers it does not know, so the name can be checked as sent.
    private static bool HasExactSoapActionHeader(HttpRequest request) =>
        request.Headers.Keys.Any(name => string.Equals(name, "SOAPAction", StringComparison.Ordinal));

    private Task WriteFaultAsync(HttpContext context, int code, string description)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.Headers["EXT"] = "";
        return WriteXmlAsync(context, SoapResponseWriter.Fault(code, description));
    }

    private Task WritePlainAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.Server = Profile.ServerHeader;
        return context.Response.WriteAsync(message + "\n");
    }
}
