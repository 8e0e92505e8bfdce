using System.Net.WebSockets;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Watchdog;
using Microsoft.Extensions.Logging;

namespace IgdLab.Prober.Control;

/// <summary>
/// One probe unit's WebSocket: challenge, authentication, then reports, remap failures and gateway signals up and
/// acknowledgements and instructions down. The channel speaks only for the device it authenticated as. A frame that
/// is not a valid message gets a <c>bad-message</c> error and the channel carries on; an oversized frame gets the
/// error and the channel closes (the rest of the frame is not worth reading).
/// </summary>
internal sealed partial class ControlChannel(WebSocket socket, WatchdogEngine engine, ProberOptions options, TimeProvider time, ILogger logger, Action? authenticationFailed = null)
    : IDeviceChannel, IDisposable
{
    private static readonly TimeSpan SendPatience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = new(Timeout.InfiniteTimeSpan, time);
    private readonly MessageBuffer _buffer = new(ControlProtocol.MaxMessageBytes);
    private string? _deviceId;
    private int _closed;

    /// <summary>Runs the conversation until either side closes or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closing.Token);
        var reason = "closed by the device";
        try
        {
            var deviceId = await AuthenticateAsync(linked.Token);
            if (deviceId is null)
            {
                return;
            }

            _deviceId = deviceId;
            await WelcomeAsync(deviceId);
            while (true)
            {
                var (message, error, tooLarge) = await ReceiveAsync(linked.Token);
                if (error is null && message is null)
                {
                    await AnswerCloseAsync();
                    break;
                }

                if (tooLarge)
                {
                    reason = "oversized frame";
                    await CloseAsync(ControlErrorCodes.BadMessage, error!, WebSocketCloseStatus.MessageTooBig);
                    break;
                }

                if (message is null)
                {
                    LogBadMessage(deviceId, error!);
                    await SendAsync(new ControlError(ControlErrorCodes.BadMessage, error!));
                    continue;
                }

                await DispatchAsync(deviceId, message);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            reason = stopping.IsCancellationRequested ? "the server is stopping" : _closing.IsCancellationRequested ? "closed by the server" : ex.Message;
        }
        finally
        {
            if (_deviceId is { } id)
            {
                engine.Detach(id, this, reason);
            }
        }
    }

    public async Task<bool> SendAsync(ControlMessage message)
    {
        if (Volatile.Read(ref _closed) != 0 && message is not ControlError)
        {
            return false;
        }

        using var patience = new CancellationTokenSource(SendPatience, time);
        try
        {
            await _sending.WaitAsync(patience.Token);
            try
            {
                await socket.SendAsync(ControlProtocol.Serialize(message), WebSocketMessageType.Text, endOfMessage: true, patience.Token);
                return true;
            }
            finally
            {
                _sending.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    public Task CloseAsync(string code, string reason) => CloseAsync(code, reason, WebSocketCloseStatus.PolicyViolation);

    public void Dispose()
    {
        _closing.Dispose();
        _sending.Dispose();
    }

    private async Task CloseAsync(string code, string reason, WebSocketCloseStatus status)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await SendAsync(new ControlError(code, reason));
        using var patience = new CancellationTokenSource(SendPatience, time);
        try
        {
            await socket.CloseOutputAsync(status, code, patience.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already; closing is all that was left to do.
        }

        // Give the peer a moment to answer the close frame; cancelling a pending receive at once would abort the socket
        // before the peer has read the error and the close.
        try
        {
            _closing.CancelAfter(CloseGrace);
        }
        catch (ObjectDisposedException)
        {
            // The conversation already ended.
        }
    }

    /// <summary>
    /// Binds the channel to its device, then welcomes the device. Attached first, so that a device that has read its
    /// welcome is connected on the API too (a test saw the welcome arrive before the attach); under the send lock, so
    /// that nothing the attach sets off (a probe at once, its instruction) overtakes the welcome.
    /// </summary>
    private async Task WelcomeAsync(string deviceId)
    {
        using var patience = new CancellationTokenSource(SendPatience, time);
        await _sending.WaitAsync(patience.Token);
        try
        {
            engine.Attach(deviceId, this);
            var welcome = new WelcomeMessage(deviceId, (long)options.ProbeInterval.TotalMilliseconds);
            await socket.SendAsync(ControlProtocol.Serialize(welcome), WebSocketMessageType.Text, endOfMessage: true, patience.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Completes the close handshake the device started, so its close does not end in a reset.</summary>
    private async Task AnswerCloseAsync()
    {
        if (socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        using var patience = new CancellationTokenSource(SendPatience, time);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", patience.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Gone already.
        }
    }

    /// <summary>The device id the peer proved it holds the key of, or null after telling it why not.</summary>
    private async Task<string?> AuthenticateAsync(CancellationToken cancellationToken)
    {
        var nonce = IdentityHandshake.NewChallenge();
        await SendAsync(new ChallengeMessage(Convert.ToHexStringLower(nonce)));

        // The deadline races the receive instead of cancelling it: a cancelled receive aborts the WebSocket, and the
        // device would never read why it was dropped.
        var receiving = ReceiveAsync(cancellationToken);
        using var stopDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = Task.Delay(options.AuthenticationTimeout, time, stopDeadline.Token);
        if (await Task.WhenAny(receiving, deadline) != receiving)
        {
            await CloseAsync(ControlErrorCodes.AuthenticationFailed, $"no auth within {options.AuthenticationTimeout.TotalSeconds:0.###} s");
            await ((Task)receiving.WaitAsync(CloseGrace, time)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return null;
        }

        await stopDeadline.CancelAsync();
        var (message, error, _) = await receiving;
        if (message is not AuthMessage auth)
        {
            if (message is not null || error is not null)
            {
                await CloseAsync(ControlErrorCodes.BadMessage, error ?? $"expected auth, got {message!.GetType().Name}");
            }

            return null;
        }

        if (!engine.Authenticate(auth.DeviceId, nonce, auth.Proof))
        {
            LogAuthenticationFailed(auth.DeviceId);
            authenticationFailed?.Invoke();
            await CloseAsync(ControlErrorCodes.AuthenticationFailed, "unknown device, or the proof does not match its key");
            return null;
        }

        return auth.DeviceId;
    }

    private async Task DispatchAsync(string deviceId, ControlMessage message)
    {
        switch (message)
        {
            case ReportMessage report:
                await SendAsync(engine.HandleReport(deviceId, this, report));
                break;
            case RemapFailed failed:
                engine.HandleRemapFailed(deviceId, this, failed);
                break;
            case GatewaySignal signal:
                engine.HandleSignal(deviceId, signal);
                break;
            default:
                await SendAsync(new ControlError(ControlErrorCodes.BadMessage, $"a device does not send {message.GetType().Name} after authenticating"));
                break;
        }
    }

    /// <summary>One whole message; (null, null) when the peer closed; an error when the frame is not a message.</summary>
    private async Task<(ControlMessage? Message, string? Error, bool TooLarge)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            if (count == _buffer.Limit)
            {
                _buffer.Shrink();
                return (null, $"the message is larger than {ControlProtocol.MaxMessageBytes} bytes", true);
            }

            result = await socket.ReceiveAsync(_buffer.After(count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (null, null, false);
            }

            count += result.Count;
        }
        while (!result.EndOfMessage);

        if (result.MessageType == WebSocketMessageType.Binary)
        {
            _buffer.Shrink();
            return (null, "binary frames are not messages; send JSON text", false);
        }

        var message = ControlProtocol.TryDeserialize(_buffer.Message(count), out var error);
        _buffer.Shrink();
        return (message, message is null ? error ?? "not a message" : null, false);
    }
}
