using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace IgdLab.Igd.Tests.Gena;

/// <summary>
/// A control point's event sink on loopback: records every NOTIFY per path and answers 200, or 500 for paths
/// under <c>/fail</c>; a held path records the NOTIFY but withholds the answer until released.
/// </summary>
internal sealed class CallbackListener : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Channel<ReceivedNotify>> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _received;

    private CallbackListener(IPAddress address) => Address = address;

    /// <summary>The address the listener is bound to.</summary>
    public IPAddress Address { get; }

    /// <summary>The listener's base URI.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>How many NOTIFYs arrived, on any path.</summary>
    public int Received => Volatile.Read(ref _received);

    public static async Task<CallbackListener> StartAsync(IPAddress address)
    {
        var listener = new CallbackListener(address);
        (listener._app, listener.BaseUri) = await LoopbackWebHost.StartAsync(
            address,
            app => app.MapMethods("/{**path}", ["NOTIFY"], (RequestDelegate)listener.OnNotifyAsync));
        return listener;
    }

    /// <summary>The CALLBACK header value naming <paramref name="path"/> on this listener.</summary>
    public string Callback(string path) => $"<{Url(path)}>";

    public Uri Url(string path) => new(BaseUri, path);

    /// <summary>The next NOTIFY on <paramref name="path"/>, waiting a bounded real time for it.</summary>
    public async Task<ReceivedNotify> NextAsync(string path) =>
        await Queue(path).Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>How many NOTIFYs on <paramref name="path"/> were received but not yet taken with <see cref="NextAsync"/>.</summary>
    public int Pending(string path) => Queue(path).Reader.Count;

    /// <summary>From now on, NOTIFYs on <paramref name="path"/> are recorded but not answered until the returned source completes.</summary>
    public TaskCompletionSource Hold(string path)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holds[path] = gate;
        return gate;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in _holds.Values)
        {
            gate.TrySetResult();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private Channel<ReceivedNotify> Queue(string path) => _byPath.GetOrAdd(path, _ => Channel.CreateUnbounded<ReceivedNotify>());

    private async Task OnNotifyAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = request.Path.Value ?? "";
        var notify = new ReceivedNotify(
            path,
            context.Connection.RemoteIpAddress,
            request.Headers.Host.ToString(),
            request.Headers.ContentType.ToString(),
            request.Headers["NT"].ToString(),
            request.Headers["NTS"].ToString(),
            request.Headers["SID"].ToString(),
            uint.Parse(request.Headers["SEQ"].ToString(), CultureInfo.InvariantCulture),
            body);
        Interlocked.Increment(ref _received);
        Queue(path).Writer.TryWrite(notify);
        if (_holds.TryGetValue(path, out var gate))
        {
            await gate.Task;
        }

        context.Response.StatusCode = path.StartsWith("/fail", StringComparison.Ordinal)
            ? StatusCodes.Status500InternalServerError
            : StatusCodes.Status200OK;
    }
}
