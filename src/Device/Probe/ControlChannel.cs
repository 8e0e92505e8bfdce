using System.Net.Http;
using System.Net.WebSockets;
using IgdLab.Contracts.Control;

namespace IgdLab.Device.Probe;

/// <summary>
/// One WebSocket connection of the control channel: frames in (bounded by <see cref="ControlProtocol.MaxMessageBytes"/>),
/// messages out one at a time (a WebSocket allows a single send in flight).
/// </summary>
internal sealed class ControlChannel : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    // One byte more than the limit, so that a frame of exactly the limit is told apart from a longer one.
    private readonly MessageBuffer _buffer = new(ControlProtocol.MaxMessageBytes + 1);

    private ControlChannel(ClientWebSocket socket) => _socket = socket;

    /// <summary>The version of the latest report sent on this channel (see <see cref="ProbeUnit"/>); 0 before the first.</summary>
    public long SentReportVersion { get; set; }

    /// <summary>Opens the WebSocket to <paramref name="uri"/> through <paramref name="invoker"/> (whose connections are bound to the device's address).</summary>
    /// <exception cref="WebSocketException">The server refused the upgrade or the subprotocol.</exception>
    public static async Task<ControlChannel> ConnectAsync(Uri uri, HttpMessageInvoker invoker, ProbeUnitOptions options, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.AddSubProtocol(ControlProtocol.SubProtocol);
            socket.Options.KeepAliveInterval = options.KeepAliveInterval;
            socket.Options.KeepAliveTimeout = options.KeepAliveTimeout == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : options.KeepAliveTimeout;
            await socket.ConnectAsync(uri, invoker, cancellationToken);
            if (!string.Equals(socket.SubProtocol, ControlProtocol.SubProtocol, StringComparison.Ordinal))
            {
                throw new WebSocketException(
                    WebSocketError.UnsupportedProtocol, $"the server did not accept the subprotocol {ControlProtocol.SubProtocol}");
            }

            return new ControlChannel(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next frame. Cancelling aborts the connection.</summary>
    public async Task<ControlFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        var tooLarge = false;
        ValueWebSocketReceiveResult result;
        do
        {
            // Past the limit the rest of the frame is read over the same buffer and thrown away.
            result = await _socket.ReceiveAsync(tooLarge ? _buffer.Discard : _buffer.After(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ControlFrame.Closed(_socket.CloseStatus, _socket.CloseStatusDescription);
            }

            if (!tooLarge)
            {
                length += result.Count;
                tooLarge = length > ControlProtocol.MaxMessageBytes;
            }
        }
        while (!result.EndOfMessage);

        if (tooLarge)
        {
            _buffer.Shrink();
            return new ControlFrame.Rejected($"a frame larger than {ControlProtocol.MaxMessageBytes} bytes");
        }

        if (result.MessageType != WebSocketMessageType.Text)
        {
            _buffer.Shrink();
            return new ControlFrame.Rejected("a binary frame");
        }

        var message = ControlProtocol.TryDeserialize(_buffer.Message(length), out var error);
        _buffer.Shrink();
        return message is null ? new ControlFrame.Rejected(error ?? "not a message") : new ControlFrame.Message(message);
    }

    /// <summary>Sends <paramref name="message"/> as one text frame.</summary>
    public Task SendAsync(ControlMessage message, CancellationToken cancellationToken) => SendAsync(() => message, cancellationToken);

    /// <summary>
    /// Sends what <paramref name="compose"/> returns, composed while holding the send lock (so that the latest state at
    /// sending time wins); nothing when it returns null.
    /// </summary>
    /// <returns>True when a frame was sent.</returns>
    public async Task<bool> SendAsync(Func<ControlMessage?> compose, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (compose() is not { } message)
            {
                return false;
            }

            await _socket.SendAsync(ControlProtocol.Serialize(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            return true;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Starts the closing handshake (sends the close frame without waiting for the server's).</summary>
    public async Task CloseAsync(string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Aborts the connection.</summary>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
