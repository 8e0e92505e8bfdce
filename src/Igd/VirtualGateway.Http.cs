using System.Net;
using IgdLab.Igd.Description;
using IgdLab.Igd.Events;
using IgdLab.Igd.Soap;
using IgdLab.Igd.Upnp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgdLab.Igd;

/// <content>The HTTP side: descriptions, SOAP control and GENA over Kestrel.</content>
public sealed partial class VirtualGateway
{
    private const string XmlContentType = "text/xml; charset=\"utf-8\"";

    private static readonly TimeSpan HttpStopGrace = TimeSpan.FromSeconds(1);

    private readonly SoapActionInvoker _invoker;
    private WebApplication? _http;
    private int _httpPort;

    private int HttpPort => Volatile.Read(ref _httpPort);

    private async Task StartHttpAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(LanAddress, port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = _options.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        });
        var app = builder.Build();
        MapRoutes(app);
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        Volatile.Write(ref _httpPort, new Uri(address).Port);
        _http = app;
    }

    private async Task StopHttpAsync()
    {
        if (_http is { } app)
        {
            _http = null;

            // A router that goes down does not wait for slow clients: in-flight requests get a moment, then are cut.
            using var grace = new CancellationTokenSource(HttpStopGrace);
            await app.StopAsync(grace.Token);
            await app.DisposeAsync();
        }
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapGet(DescriptionPaths.RootDescriptionPath, context => WriteXmlAsync(
            context, DescriptionWriter.RootDescription(_deviceTree, Profile, $"http://{FormatEndPoint(LanAddress, HttpPort)}/")));
        MapService(app, ServiceCatalog.WanIpConnection, DescriptionPaths.WanIpConnectionScpdPath, DescriptionPaths.WanIpConnectionControlPath, DescriptionPaths.WanIpConnectionEventPath, Profile.IgdVersion);
        MapService(app, ServiceCatalog.WanCommonInterfaceConfig, DescriptionPaths.WanCommonScpdPath, DescriptionPaths.WanCommonControlPath, DescriptionPaths.WanCommonEventPath, 1);
        MapService(app, ServiceCatalog.Layer3Forwarding, DescriptionPaths.Layer3ScpdPath, DescriptionPaths.Layer3ControlPath, DescriptionPaths.Layer3EventPath, 1);
    }

    private void MapService(WebApplication app, ServiceDefinition service, string scpdPath, string controlPath, string eventPath, int version)
    {
        var scpd = DescriptionWriter.Scpd(service, version);
        app.MapGet(scpdPath, context => WriteXmlAsync(context, scpd));
        app.MapPost(controlPath, context => HandleControlAsync(context, service));
        app.MapMethods(eventPath, ["SUBSCRIBE", "UNSUBSCRIBE"], context => _gena.HandleAsync(context));
    }

    private async Task HandleControlAsync(HttpContext context, ServiceDefinition service)
    {
        Interlocked.Increment(ref _controlRequests);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.RequestAborted);
        var caller = context.Connection.RemoteIpAddress?.MapToIPv4() ?? IPAddress.None;
        try
        {
            if (context.Request.ContentLength > _options.MaxRequestBodyBytes)
            {
                await WritePlainAsync(context, StatusCodes.Status413PayloadTooLarge, "request body too large");
                return;
            }

            var body = await ReadBodyAsync(context.Request, linked.Token);
            var request = SoapRequestReader.Read(body, context.Request.Headers["SOAPACTION"].FirstOrDefault(), _options.MaxRequestBodyBytes);
            if (_soapFaults.DelayFor(request.Action) is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, linked.Token);
            }

            if (_soapFaults.TakeError(request.Action) is { } injected)
            {
                Publish(GatewayEventKind.SoapFaultServed, detail: $"{request.Action} -> {injected} (injected)");
                await WriteFaultAsync(context, injected, UpnpErrorCode.Describe(injected));
                return;
            }

            IReadOnlyList<KeyValuePair<string, string>> result;
            try
            {
                result = _invoker.Invoke(service, request, caller);
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
            if (buffer.Length + read > _options.MaxRequestBodyBytes)
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
