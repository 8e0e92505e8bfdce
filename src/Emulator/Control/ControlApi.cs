using System.Globalization;
using System.Net;
using IgdLab.Contracts;
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
        var builder = EmbeddedWebHost.CreateBuilder(kestrel =>
        {
            kestrel.Listen(address, port);
            kestrel.Limits.MaxRequestBodySize = MaxFaultBodyBytes;
        });
        var app = builder.Build();
        app.MapGet("/", () => Json(Status()));
        app.MapGet("/mappings", () => Json(gateway.Mappings));
        app.MapGet("/events", (string? since) => Events(since));
        app.MapPost("/faults", (Delegate)ApplyFaultAsync);
        app.MapFallback((HttpContext context) => Error(
            $"no such endpoint: {context.Request.Method} {context.Request.Path} (try GET /, /mappings, /events or POST /faults)", StatusCodes.Status404NotFound));
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

    private IResult Events(string? since)
    {
        var skip = 0L;
        if (since is not null && !long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            return Error($"'since' must be a whole number of events, not '{since}'");
        }

        return Json(gateway.Events.Snapshot().Skip((int)Math.Min(skip, int.MaxValue)));
    }

    // Every failure answers {"error": "..."} in plain words: the reason, never an exception's type or message.
    private async Task<IResult> ApplyFaultAsync(HttpContext context)
    {
        FaultSettings? settings;
        string? problem;
        try
        {
            (settings, problem) = await FaultRequestReader.ReadAsync(context.Request.Body, context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error($"the fault body is larger than {MaxFaultBodyBytes} bytes", ex.StatusCode);
        }
        catch (BadHttpRequestException ex)
        {
            return Error("the fault body could not be read", ex.StatusCode);
        }

        if (settings is null)
        {
            return Error(problem ?? "invalid fault JSON");
        }

        if (!GatewayFaultNames.TryCreate(settings, out var fault))
        {
            return Error($"unknown fault action '{settings.Action}' (known: {string.Join(", ", GatewayFaultNames.Names)})");
        }

        try
        {
            if (fault is Reboot reboot)
            {
                // A reboot's call returns only once the router is back; it refuses bad settings before that, so
                // answer those now and let the reboot run.
                var rebooting = gateway.ApplyFaultAsync(reboot, CancellationToken.None);
                lock (_background)
                {
                    _background.RemoveAll(t => t.IsCompleted);
                    _background.Add(rebooting);
                }

                return Results.Json(new { result = $"rebooting for {reboot.Downtime.TotalMilliseconds} ms" }, ControlJson.Options, statusCode: StatusCodes.Status202Accepted);
            }

            return Json(new { result = (await gateway.ApplyFaultAsync(fault, context.RequestAborted)).Description });
        }
        catch (FaultRejectedException ex)
        {
            return Error(ex.Message);
        }
        catch (ObjectDisposedException)
        {
            return Error("the gateway is shutting down", StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not a bad request: still a JSON answer, with the fault's name rather than the exception's words.
            return Error($"the gateway failed to apply {fault.Name}", StatusCodes.Status500InternalServerError);
        }
    }

    private static IResult Json(object value) => Results.Json(value, ControlJson.Options);

    private static IResult Error(string message, int statusCode = StatusCodes.Status400BadRequest) =>
        Results.Json(new { error = message }, ControlJson.Options, statusCode: statusCode);
}
