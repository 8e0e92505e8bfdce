using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Contracts.InProcess;
using IgdLab.Prober.Control;
using IgdLab.Prober.Metrics;
using IgdLab.Prober.Watchdog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgdLab.Prober.Api;

/// <summary>
/// The server's HTTP side on Kestrel: the probe units' WebSocket at <c>/control</c>, the registry as JSON
/// (<c>/devices</c>, <c>/devices/{id}</c>, <c>/devices/{id}/history</c>), <c>/health</c> and Prometheus text at <c>/metrics</c>.
/// With <see cref="ProberOptions.TlsCertificate"/> the socket endpoint speaks only TLS; the in-process one stays plain.
/// </summary>
internal sealed class ProberApi(WatchdogEngine engine, ProberOptions options, TimeProvider time, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private const int MaxRequestBodyBytes = 16 * 1024;
    private const int HistoryLimit = 1000;

    private readonly CancellationTokenSource _stopping = new();
    private readonly PrometheusText _prometheus = new(engine.Metrics.Meter, engine.Metrics.SeriesFromTheStart());
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly AuthenticationFailures _failures = new(options.AuthenticationFailureLimit, options.AuthenticationFailureWindow, time);
    private WebApplication? _app;
    private IPEndPoint? _offered;

    /// <summary>The bound base URL once started (<c>http://ip:port/</c>, or <c>https://</c> with a TLS certificate).</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var inProcess = options.InProcessNetwork is null ? null : new InProcessListenerFactory();
        var builder = EmbeddedWebHost.CreateBuilder(kestrel =>
        {
            kestrel.Listen(options.ListenAddress, options.ListenPort, listen =>
            {
                if (options.TlsCertificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
            if (inProcess is not null)
            {
                kestrel.Listen(inProcess.EndPoint);
            }

            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });
        if (inProcess is not null)
        {
            builder.Services.AddSingleton<IConnectionListenerFactory>(inProcess);
        }

        builder.WebHost.UseNetworkScope();
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = options.ControlKeepAlive });
        app.Map(ControlProtocol.Path, AcceptControlAsync);
        app.MapGet("/devices", () => Json(engine.Snapshots()));
        app.MapGet("/devices/{id}", (string id) => engine.Snapshot(id) is { } device ? Json(device) : NotFound(id));
        app.MapGet("/devices/{id}/history", (string id) => engine.Snapshot(id) is null ? NotFound(id) : Json(engine.History(id, HistoryLimit)));
        app.MapGet("/health", () => Json(new
        {
            status = "ok",
            instance = engine.InstanceId,
            devices = engine.DeviceCount,
            owned = engine.OwnedDeviceCount,
            channels = engine.OpenChannels,
            probesInFlight = engine.ProbesInFlight,
            uptimeMs = time.GetUtcNow() - _started,
        }));
        app.MapGet("/metrics", () => Results.Text(_prometheus.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        await app.StartAsync(cancellationToken);
        BaseUrl = new Uri(app.Urls.First(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6).TrimEnd('/') + "/");
        _app = app;
        if (inProcess is not null)
        {
            _offered = options.InProcessNetwork!.Offer(IPAddress.Parse(BaseUrl.DnsSafeHost), BaseUrl.Port, inProcess.ServeAsync);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_offered is not null)
        {
            options.InProcessNetwork?.Withdraw(_offered);
        }

        await _stopping.CancelAsync();
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        _prometheus.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptControlAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains(ControlProtocol.SubProtocol))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"{ControlProtocol.Path} takes a WebSocket with the subprotocol {ControlProtocol.SubProtocol}\n", context.RequestAborted);
            return;
        }

        var remote = context.Connection.RemoteIpAddress;
        if (_failures.RetryAfter(remote) is { } wait && wait > TimeSpan.Zero)
        {
            var seconds = (long)Math.Ceiling(wait.TotalSeconds);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsync(
                $"{options.AuthenticationFailureLimit} failed authentications from {remote} within {options.AuthenticationFailureWindow.TotalSeconds:0.###} s; retry after {seconds} s\n",
                context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = ControlProtocol.SubProtocol });
        using var channel = new ControlChannel(socket, engine, options, time, loggerFactory.CreateLogger<ControlChannel>(), () => _failures.Failed(remote));
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        await channel.RunAsync(stopping.Token);
    }

    private static IResult Json(object value) => Results.Json(value, ProberJson.Options);

    private static IResult NotFound(string id) =>
        Results.Json(new { error = $"no device '{id}'" }, ProberJson.Options, statusCode: StatusCodes.Status404NotFound);
}
