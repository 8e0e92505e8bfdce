using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Xml;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Device.Upnp.Gena;

/// <summary>
/// A GENA control point: a callback listener on the device's own address, SUBSCRIBE / renew / UNSUBSCRIBE, and the
/// IGD's ExternalIPAddress and ConnectionStatus changes surfaced as events. Renewal runs on the injected clock at half
/// the granted timeout; a publisher that forgot the subscription (a rebooted router answers 412) is subscribed afresh.
/// </summary>
public sealed partial class GenaSubscriber : IAsyncDisposable
{
    private const int MaxNotifyBytes = 64 * 1024;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly IPAddress _localAddress;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _bySid = new(StringComparer.Ordinal);
    private WebApplication? _listener;

    // The network the listener was started in; Kestrel's request flows do not carry it, so handlers re-enter it.
    private NetworkScope.Saved? _scope;

    // On a simulated network the listener is offered there instead of on a kernel socket.
    private (IInProcessNetwork Network, IPEndPoint EndPoint)? _offered;
    private Uri? _callbackBase;
    private int _subscribesInFlight;
    private TaskCompletionSource _registered = NewSignal();

    /// <summary>Creates a subscriber whose callback listener and requests use <paramref name="localAddress"/>.</summary>
    public GenaSubscriber(IPAddress localAddress, TimeProvider? timeProvider = null, ILogger<GenaSubscriber>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        _localAddress = localAddress;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _http = Http.LocalBoundHttpClientFactory.Create(localAddress, RequestTimeout);
    }

    /// <summary>Every NOTIFY received, on any subscription.</summary>
    public event Action<GenaEvent>? EventReceived;

    /// <summary>The IGD reported a new ExternalIPAddress (the initial event counts as a report too).</summary>
    public event Action<string>? ExternalAddressChanged;

    /// <summary>The IGD reported a new ConnectionStatus.</summary>
    public event Action<string>? ConnectionStatusChanged;

    /// <summary>A subscription could be neither renewed nor re-established; the argument is the event URL.</summary>
    public event Action<Uri>? SubscriptionLost;

    /// <summary>Subscriptions alive now.</summary>
    public IReadOnlyList<GenaSubscription> Subscriptions
    {
        get
        {
            lock (_gate)
            {
                return [.. _bySid.Values.Select(e => e.Subscription)];
            }
        }
    }

    /// <summary>Subscribes to <paramref name="eventUrl"/> asking for <paramref name="timeout"/> (the publisher may grant more).</summary>
    /// <exception cref="GenaException">The publisher refused or did not answer.</exception>
    public async Task<GenaSubscription> SubscribeAsync(Uri eventUrl, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventUrl);
        var callback = await EnsureListenerAsync(cancellationToken);
        using var request = new HttpRequestMessage(new HttpMethod("SUBSCRIBE"), eventUrl);
        request.Headers.TryAddWithoutValidation("CALLBACK", $"<{callback}>");
        request.Headers.TryAddWithoutValidation("NT", "upnp:event");
        request.Headers.TryAddWithoutValidation("TIMEOUT", FormatTimeout(timeout));
        Interlocked.Increment(ref _subscribesInFlight);
        Entry entry;
        try
        {
            var (sid, granted) = await SendAsync(request, "SUBSCRIBE", cancellationToken);
            entry = new Entry(new GenaSubscription(sid, eventUrl, granted, _time.GetUtcNow() + granted), timeout);
            lock (_gate)
            {
                _bySid[sid] = entry;
                var signal = _registered;
                _registered = NewSignal();
                signal.TrySetResult();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _subscribesInFlight);
        }

        var subscription = entry.Subscription;

        ScheduleRenewal(entry);
        LogSubscribed(eventUrl, subscription.Sid, subscription.Granted.TotalSeconds);
        return subscription;
    }

    /// <summary>Renews now (normally the subscriber does it by itself at half the granted timeout).</summary>
    public async Task<GenaSubscription> RenewAsync(string sid, CancellationToken cancellationToken = default)
    {
        Entry entry;
        lock (_gate)
        {
            entry = _bySid.GetValueOrDefault(sid) ?? throw new GenaException($"no subscription {sid}");
        }

        using var request = new HttpRequestMessage(new HttpMethod("SUBSCRIBE"), entry.Subscription.EventUrl);
        request.Headers.TryAddWithoutValidation("SID", sid);
        request.Headers.TryAddWithoutValidation("TIMEOUT", FormatTimeout(entry.Requested));
        var (_, granted) = await SendAsync(request, "renewal", cancellationToken);
        var renewed = entry.Subscription with { Granted = granted, ExpiresAt = _time.GetUtcNow() + granted };
        entry.Subscription = renewed;
        ScheduleRenewal(entry);
        return renewed;
    }

    /// <summary>Ends a subscription; a publisher that already forgot it is not an error.</summary>
    public async Task UnsubscribeAsync(string sid, CancellationToken cancellationToken = default)
    {
        Entry? entry;
        lock (_gate)
        {
            _bySid.Remove(sid, out entry);
        }

        if (entry is null)
        {
            return;
        }

        entry.Timer?.Dispose();
        using var request = new HttpRequestMessage(new HttpMethod("UNSUBSCRIBE"), entry.Subscription.EventUrl);
        request.Headers.TryAddWithoutValidation("SID", sid);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            LogUnsubscribeFailed(entry.Subscription.EventUrl, ex.Message);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var sid in Subscriptions.Select(s => s.Sid).ToList())
        {
            await UnsubscribeAsync(sid);
        }

        if (_offered is var (network, endPoint))
        {
            network.Withdraw(endPoint);
        }

        if (_listener is { } listener)
        {
            await listener.StopAsync();
            await listener.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task<Uri> EnsureListenerAsync(CancellationToken cancellationToken)
    {
        if (_callbackBase is { } existing)
        {
            return existing;
        }

        // A device on a simulated network receives its events there, in memory.
        var network = NetworkScope.InProcessNetwork;
        var inMemory = network is null ? null : new InProcessListenerFactory();
        var builder = EmbeddedWebHost.CreateBuilder(kestrel =>
        {
            if (inMemory is null)
            {
                kestrel.Listen(_localAddress, 0);
            }
            else
            {
                kestrel.Listen(inMemory.EndPoint);
            }

            kestrel.Limits.MaxRequestBodySize = MaxNotifyBytes;
        });
        if (inMemory is not null)
        {
            builder.Services.AddSingleton<IConnectionListenerFactory>(inMemory);
        }

        _scope = NetworkScope.Save();

        // A device in a namespace (a real-router world) receives its events on that namespace's address.
        builder.WebHost.UseNetworkScope();
        var app = builder.Build();
        app.MapMethods("/gena", ["NOTIFY"], (RequestDelegate)OnNotifyAsync);
        await app.StartAsync(cancellationToken);
        _listener = app;
        string bound;
        if (inMemory is not null)
        {
            var endPoint = network!.Offer(_localAddress, 0, inMemory.ServeAsync);
            _offered = (network, endPoint);
            bound = $"http://{endPoint}/";
        }
        else
        {
            bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        }

        _callbackBase = new Uri(new Uri(bound), "/gena");
        return _callbackBase;
    }

    private async Task OnNotifyAsync(HttpContext context)
    {
        var sid = context.Request.Headers["SID"].ToString();
        var entry = await FindAsync(sid, context.RequestAborted);

        if (entry is null || !string.Equals(context.Request.Headers["NT"], "upnp:event", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status412PreconditionFailed;
            return;
        }

        if (!uint.TryParse(context.Request.Headers["SEQ"], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        IReadOnlyList<KeyValuePair<string, string>> variables;
        try
        {
            variables = GenaPropertySetReader.Read(await ReadBodyAsync(context.Request, context.RequestAborted), MaxNotifyBytes);
        }
        catch (Exception ex) when (ex is XmlException or InvalidDataException or BadHttpRequestException)
        {
            LogBadNotify(entry.Subscription.EventUrl, ex.Message);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;

        // What an event sets off (a remap) opens its sockets in the device's network, not the host's.
        using (_scope?.Enter())
        {
            Raise(new GenaEvent(sid, sequence, variables, _time.GetUtcNow()));
        }
    }

    // The initial event can overtake the SUBSCRIBE reply: while a SUBSCRIBE is in flight, an unknown SID waits for it.
    private async Task<Entry?> FindAsync(string sid, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            Task registered;
            lock (_gate)
            {
                if (_bySid.TryGetValue(sid, out var entry))
                {
                    return entry;
                }

                registered = _registered.Task;
            }

            if (Volatile.Read(ref _subscribesInFlight) == 0)
            {
                return null;
            }

            try
            {
                await registered.WaitAsync(TimeSpan.FromSeconds(5), _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }

        return null;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Raise(GenaEvent genaEvent)
    {
        EventReceived?.Invoke(genaEvent);
        if (genaEvent["ExternalIPAddress"] is { } address)
        {
            ExternalAddressChanged?.Invoke(address);
        }

        if (genaEvent["ConnectionStatus"] is { } status)
        {
            ConnectionStatusChanged?.Invoke(status);
        }
    }

    private void ScheduleRenewal(Entry entry)
    {
        var due = entry.Subscription.Granted / 2;
        entry.Timer?.Dispose();
        entry.Timer = _time.CreateTimer(_ => _ = RenewOrResubscribeAsync(entry), null, due, Timeout.InfiniteTimeSpan);
    }

    private async Task RenewOrResubscribeAsync(Entry entry)
    {
        var sid = entry.Subscription.Sid;
        try
        {
            await RenewAsync(sid);
            return;
        }
        catch (GenaException ex)
        {
            LogRenewalFailed(entry.Subscription.EventUrl, ex.Message);
        }

        lock (_gate)
        {
            if (!_bySid.Remove(sid))
            {
                return; // unsubscribed meanwhile
            }
        }

        try
        {
            await SubscribeAsync(entry.Subscription.EventUrl, entry.Requested);
        }
        catch (GenaException ex)
        {
            LogRenewalFailed(entry.Subscription.EventUrl, ex.Message);
            SubscriptionLost?.Invoke(entry.Subscription.EventUrl);
        }
    }

    private async Task<(string Sid, TimeSpan Granted)> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using var deadline = new CancellationTokenSource(RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            response = await _http.SendAsync(request, linked.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new GenaException($"{what} to {request.RequestUri} failed: {ex.Message}", ex);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new GenaException($"{what} to {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var sid = response.Headers.TryGetValues("SID", out var sids) ? sids.FirstOrDefault() : null;
            if (string.IsNullOrWhiteSpace(sid))
            {
                throw new GenaException($"{what} to {request.RequestUri} answered without a SID");
            }

            var timeout = response.Headers.TryGetValues("TIMEOUT", out var timeouts) ? timeouts.FirstOrDefault() : null;
            return (sid.Trim(), ParseTimeout(timeout) ?? TimeSpan.FromSeconds(1800));
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.Length > MaxNotifyBytes ? throw new InvalidDataException("NOTIFY body too large") : buffer.ToArray();
    }

    private static string FormatTimeout(TimeSpan timeout) =>
        "Second-" + ((long)Math.Max(1, timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static TimeSpan? ParseTimeout(string? header)
    {
        const string prefix = "Second-";
        return header is not null
            && header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(header.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private sealed class Entry(GenaSubscription subscription, TimeSpan requested)
    {
        public GenaSubscription Subscription { get; set; } = subscription;

        public TimeSpan Requested { get; } = requested;

        public ITimer? Timer { get; set; }
    }
}
