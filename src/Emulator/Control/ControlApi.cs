using System.Net;
using System.Text.Json;
using IgdLab.Igd;
using IgdLab.Igd.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Control;

/// <summary>
/// The HTTP control API of <c>igdlab serve</c>: state, mappings and events as JSON, and <c>POST /faults</c> taking
/// the scenario files' fault vocabulary. Reboots answer 202 at once and run in the background.
/// </summary>
internal sealed class ControlApi(VirtualGateway gateway) : IAsyncDisposable
{
    private const int MaxFaultBodyBytes = 16 * 1024;

    private readonly List<Task> _background = [];
    private WebApplication? _app;

    /// <summary>The API's base URL once started.</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public async Task StartAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(address, port);
            kestrel.Limits.MaxRequestBodySize = MaxFaultBodyBytes;
        });
        var app = builder.Build();
        app.MapGet("/", () => Json(Status()));
        app.MapGet("/mappings", () => Json(gateway.Mappings));
        app.MapGet("/events", (long? since) => Json(gateway.Events.Snapshot().Skip((int)Math.Clamp(since ?? 0, 0, int.MaxValue))));
        app.MapPost("/faults", (Delegate)ApplyFaultAsync);
        await app.StartAsync(cancellationToken);
        BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await Task.WhenAll(_background).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private object Status() => new
    {
        id = gateway.Id,
        profile = gateway.Profile.Name,
        igdVersion = gateway.Profile.IgdVersion,
        wanSide = gateway.Profile.WanSide,
        description = gateway.DescriptionUrl,
        control = gateway.ControlUrl,
        ssdp = gateway.SsdpEndPoint.ToString(),
        lan = gateway.LanAddress,
        wan = gateway.WanAddress,
        bootId = gateway.BootId,
        up = gateway.IsUp,
        upnpEnabled = gateway.UpnpEnabled,
        mappings = gateway.Mappings.Count,
        subscriptions = gateway.EventSubscriptions,
        droppedSsdpDatagrams = gateway.DroppedSsdpDatagrams,
        portControl = gateway.PortControlEndPoint?.ToString(),
        natPmpEnabled = gateway.NatPmpEnabled,
        pcpEnabled = gateway.PcpEnabled,
        portControlEpoch = gateway.PortControlEpoch,
        portControlDatagrams = gateway.PortControlDatagrams,
        refusedPortControlRequests = gateway.RefusedPortControlRequests,
        droppedPortControlDatagrams = gateway.DroppedPortControlDatagrams,
    };

    private async Task<IResult> ApplyFaultAsync(HttpContext context)
    {
        FaultSettings? settings;
        try
        {
            settings = await JsonSerializer.DeserializeAsync<FaultSettings>(context.Request.Body, ControlJson.Options, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Error($"invalid fault JSON: {ex.Message}");
        }
        catch (BadHttpRequestException ex)
        {
            return Results.Json(new { error = ex.Message }, ControlJson.Options, statusCode: ex.StatusCode);
        }

        if (settings is null || !GatewayFaultNames.TryCreate(settings, out var fault))
        {
            return Error($"unknown fault action '{settings?.Action}' (known: {string.Join(", ", GatewayFaultNames.Names)})");
        }

        if (fault is Reboot reboot)
        {
            // A reboot's call returns only once the router is back; answer now and let it run.
            lock (_background)
            {
                _background.RemoveAll(t => t.IsCompleted);
                _background.Add(Task.Run(() => gateway.ApplyFaultAsync(reboot)));
            }

            return Results.Json(new { result = $"rebooting for {reboot.Downtime.TotalMilliseconds} ms" }, ControlJson.Options, statusCode: StatusCodes.Status202Accepted);
        }

        try
        {
            return Json(new { result = (await gateway.ApplyFaultAsync(fault, context.RequestAborted)).Description });
        }
        catch (ArgumentException ex)
        {
            return Error(ex.Message);
        }
    }

    private static IResult Json(object value) => Results.Json(value, ControlJson.Options);

    private static IResult Error(string message) =>
        Results.Json(new { error = message }, ControlJson.Options, statusCode: StatusCodes.Status400BadRequest);
}
