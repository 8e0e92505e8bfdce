using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IgdLab.TestUtilities;

/// <summary>
/// The server side of the probe unit's control channel (<see cref="ControlProtocol"/>) for tests of the device side:
/// challenges, checks proofs against its device keys, welcomes, acknowledges reports and records every message; the test
/// sends instructions (or garbage) through <see cref="ControlTestConnection"/>. Kestrel on a given loopback address.
/// </summary>
public sealed class ControlTestServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly List<ControlTestConnection> _connections = [];
    private readonly List<(ControlTestConnection Connection, ControlMessage Message)> _received = [];
    private readonly List<(Func<ControlTestConnection, ControlMessage, bool> Predicate, TaskCompletionSource<ControlMessage> Done)> _waiters = [];
    private readonly Lock _lock = new();
    private WebApplication? _app;

    private readonly X509Certificate2? _certificate;

    private ControlTestServer(IPEndPoint endPoint, X509Certificate2? certificate)
    {
        EndPoint = endPoint;
        _certificate = certificate;
    }

    /// <summary>Where the server listens (the port stays the same across <see cref="RestartAsync"/>).</summary>
    public IPEndPoint EndPoint { get; private set; }

    /// <summary>The server's base URL, <c>http://ip:port/</c> (<c>https://</c> when it serves TLS).</summary>
    public Uri Url => new($"{(_certificate is null ? "http" : "https")}://{EndPoint}/");

    /// <summary>Whether the server opens with a garbage frame instead of the challenge (and then waits for the device to give up).</summary>
    public bool GarbageChallenge { get; set; }

    /// <summary>Whether reports are acknowledged at once.</summary>
    public bool AutoAck { get; set; } = true;

    /// <summary>Frames from devices that broke the protocol (invalid or oversized); a test expects none.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Every connection that reached the control path, in order.</summary>
    public IReadOnlyList<ControlTestConnection> Connections
    {
        get
        {
            lock (_lock)
            {
                return [.. _connections];
            }
        }
    }

    /// <summary>Every message the devices sent (authentication aside), in order.</summary>
    public IReadOnlyList<ControlMessage> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received.Select(r => r.Message)];
            }
        }
    }

    /// <summary>Starts a server on <paramref name="address"/> (any free port); with <paramref name="certificate"/> (and its key) it speaks only TLS.</summary>
    public static async Task<ControlTestServer> StartAsync(IPAddress address, X509Certificate2? certificate = null)
    {
        var server = new ControlTestServer(new IPEndPoint(address, 0), certificate);
        await server.ListenAsync();
        return server;
    }

    /// <summary>Registers a device and its key.</summary>
    public void AddDevice(string deviceId, byte[] key) => _keys[deviceId] = key;

    /// <summary>The latest authenticated connection of <paramref name="deviceId"/>.</summary>
    public ControlTestConnection? ConnectionOf(string deviceId)
    {
        lock (_lock)
        {
            return _connections.LastOrDefault(c => c.Authenticated && c.DeviceId == deviceId);
        }
    }

    /// <summary>Waits (at most <paramref name="within"/>, default 10 s) for a message matching <paramref name="predicate"/>, received before or after the call.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? predicate = null, TimeSpan? within = null)
        where T : ControlMessage
    {
        var done = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool Matches(ControlTestConnection _, ControlMessage m) => m is T t && (predicate is null || predicate(t));
        lock (_lock)
        {
            if (_received.FirstOrDefault(r => Matches(r.Connection, r.Message)) is { Message: { } found })
            {
                return (T)found;
            }

            _waiters.Add((Matches, done));
        }

        try
        {
            return (T)await done.Task.WaitAsync(within ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new AssertionException($"no {typeof(T).Name} matching the condition arrived; received: {string.Join(", ", Received)}");
        }
    }

    /// <summary>Aborts every open connection (the devices see their channel drop) and stops listening.</summary>
    public async Task StopAsync()
    {
        foreach (var connection in Connections)
        {
            connection.Abort();
        }

        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same address and port, keeping devices and records.</summary>
    public Task RestartAsync() => ListenAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    internal void OnMessage(ControlTestConnection connection, ControlMessage message)
    {
        List<TaskCompletionSource<ControlMessage>> matched = [];
        lock (_lock)
        {
            _received.Add((connection, message));
            foreach (var waiter in _waiters.Where(w => w.Predicate(connection, message)).ToList())
            {
                _waiters.Remove(waiter);
                matched.Add(waiter.Done);
            }
        }

        foreach (var done in matched)
        {
            done.TrySetResult(message);
        }
    }

    internal byte[]? KeyOf(string deviceId) => _keys.TryGetValue(deviceId, out var key) ? key : null;

    private async Task ListenAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(EndPoint, listen =>
        {
            if (_certificate is not null)
            {
                listen.UseHttps(_certificate);
            }
        }));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map(ControlProtocol.Path, HandleAsync);
        await app.StartAsync();
        var bound = new Uri(app.Urls.First());
        EndPoint = new IPEndPoint(EndPoint.Address, bound.Port);
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains(ControlProtocol.SubProtocol))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(ControlProtocol.SubProtocol);
        var connection = new ControlTestConnection(this, socket, context);
        lock (_lock)
        {
            _connections.Add(connection);
        }

        await connection.RunAsync();
    }
}

/// <summary>One device's connection to a <see cref="ControlTestServer"/>.</summary>
public sealed class ControlTestConnection
{
    private readonly ControlTestServer _server;
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ControlTestConnection(ControlTestServer server, WebSocket socket, HttpContext context)
    {
        _server = server;
        _socket = socket;
        _context = context;
        RemoteAddress = context.Connection.RemoteIpAddress!;
    }

    /// <summary>The device's address as the server sees it.</summary>
    public IPAddress RemoteAddress { get; }

    /// <summary>The id the device claimed.</summary>
    public string? DeviceId { get; private set; }

    /// <summary>Whether the proof matched and the device was welcomed.</summary>
    public bool Authenticated { get; private set; }

    /// <summary>How the connection ended (a close frame's status), once it ended.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Completes when the connection is over.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Sends a message.</summary>
    public Task SendAsync(ControlMessage message) => SendRawAsync(ControlProtocol.Serialize(message));

    /// <summary>Sends any bytes as one frame (for garbage tests).</summary>
    public async Task SendRawAsync(byte[] data, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(data, type, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame (the device's answer ends the connection).</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.CloseOutputAsync(status, description, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the connection without a close frame.</summary>
    public void Abort()
    {
        if (_ended.Task.IsCompleted)
        {
            return;
        }

        try
        {
            _context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // the request ended meanwhile
        }
    }

    internal async Task RunAsync()
    {
        try
        {
            if (_server.GarbageChallenge)
            {
                await SendRawAsync("{\"type\":\"challenge\",\"nonce\":\"not hex\"}"u8.ToArray());
                while (await ReceiveAsync() is not null)
                {
                }

                return;
            }

            var nonce = RandomNumberGenerator.GetBytes(IdentityHandshake.ChallengeBytes);
            await SendAsync(new ChallengeMessage(Convert.ToHexStringLower(nonce)));
            if (await ReceiveAsync() is not AuthMessage auth)
            {
                return;
            }

            DeviceId = auth.DeviceId;
            var key = _server.KeyOf(auth.DeviceId);
            var expected = key is null ? null : IdentityHandshake.Proof(key, nonce, auth.DeviceId);
            byte[] proof;
            try
            {
                proof = Convert.FromHexString(auth.Proof);
            }
            catch (FormatException)
            {
                proof = [];
            }

            if (expected is null || !CryptographicOperations.FixedTimeEquals(proof, expected))
            {
                await SendAsync(new ControlError(ControlErrorCodes.AuthenticationFailed, "unknown device or wrong proof"));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "authentication failed", CancellationToken.None);
                return;
            }

            Authenticated = true;
            await SendAsync(new WelcomeMessage(auth.DeviceId, 1000));
            while (await ReceiveAsync() is { } message)
            {
                _server.OnMessage(this, message);
                if (message is ReportMessage report && _server.AutoAck)
                {
                    await SendAsync(new ReportAck(report.Sequence));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            _server.Violations.Enqueue(ex.Message);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
            // the device went away or the test aborted the connection
        }
        finally
        {
            _ended.TrySetResult();
        }
    }

    private async Task<ControlMessage?> ReceiveAsync()
    {
        var buffer = new byte[ControlProtocol.MaxMessageBytes + 1];
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), _context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return ControlProtocol.TryDeserialize(buffer.AsSpan(0, length), out var error)
                    ?? throw new InvalidDataException($"the device sent an invalid frame: {error}");
            }

            if (length == buffer.Length)
            {
                throw new InvalidDataException("the device sent an oversized frame");
            }
        }
    }
}
