using System.Net;
using IgdLab.Igd.Description;
using IgdLab.Igd.Events;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Gena;
using IgdLab.Igd.Soap;
using IgdLab.Igd.Upnp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd.Router;

/// <summary>The HTTP side of the router over Kestrel: descriptions, SOAP control (with injected SOAP faults) and GENA.</summary>
internal sealed partial class GatewayHttpHost(
    VirtualGatewayOptions options,
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
    private int _port;
    private long _controlRequests;

    /// <summary>The HTTP port: the one last bound, kept while the server is down.</summary>
    public int Port => Volatile.Read(ref _port);

    /// <summary>SOAP control requests received, answered or not.</summary>
    public long ControlRequests => Interlocked.Read(ref _controlRequests);

    public Uri BaseUrl => new($"http://{new IPEndPoint(options.LanAddress, Port)}/");

    public Uri DescriptionUrl => new(BaseUrl, DescriptionPaths.RootDescriptionPath);

    private string Id => options.Id;

    private Profiles.RouterProfile Profile => options.Profile;

    public async Task StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(options.LanAddress, port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        });
        var app = builder.Build();
        MapRoutes(app);
        await app.StartAsync(cancellationToken);
        Volatile.Write(ref _port, new Uri(app.Urls.First()).Port);
        _app = app;
    }

    public async Task StopAsync()
    {
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
            context, DescriptionWriter.RootDescription(deviceTree, Profile, BaseUrl.ToString())));
        MapService(app, ServiceCatalog.WanIpConnection, DescriptionPaths.WanIpConnectionScpdPath, DescriptionPaths.WanIpConnectionControlPath, DescriptionPaths.WanIpConnectionEventPath, Profile.IgdVersion);
        MapService(app, ServiceCatalog.WanCommonInterfaceConfig, DescriptionPaths.WanCommonScpdPath, DescriptionPaths.WanCommonControlPath, DescriptionPaths.WanCommonEventPath, 1);
        MapService(app, ServiceCatalog.Layer3Forwarding, DescriptionPaths.Layer3ScpdPath, DescriptionPaths.Layer3ControlPath, DescriptionPaths.Layer3EventPath, 1);
    }

    private void MapService(WebApplication app, ServiceDefinition service, string scpdPath, string controlPath, string eventPath, int version)
    {
        var scpd = DescriptionWriter.Scpd(service, version);
        app.MapGet(scpdPath, context => WriteXmlAsync(context, scpd));
        app.MapPost(controlPath, context => HandleControlAsync(context, service));
        app.MapMethods(eventPath, ["SUBSCRIBE", "UNSUBSCRIBE"], context => gena.HandleAsync(context));
    }

    private async Task HandleControlAsync(HttpContext context, ServiceDefinition service)
    {
        Interlocked.Increment(ref _controlRequests);
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

            var serviceType = string.IsNullOrEmpty(request.ServiceType)
                ? UpnpUrns.Service(service.Name, service.Name == UpnpUrns.WanIpConnection ? Profile.IgdVersion : 1)
                : request.ServiceType;
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

    private Task WriteXmlAsync(HttpContext context, string xml)
    {
        context.Response.ContentType = XmlContentType;
        context.Response.Headers.Server = Profile.ServerHeader;
        return context.Response.WriteAsync(xml);
    }

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
