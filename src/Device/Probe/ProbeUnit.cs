using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Device.Upnp.Http;
using IgdLab.Device.Upnp.Soap;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgdLab.Device.Probe;

/// <summary>
/// The device's probe unit: keeps an outbound, authenticated control channel to the watchdog server open
/// (<see cref="ControlProtocol"/>), reports the device's mapping after every (re)connect and every new result, runs the
/// server's remap instructions through the protocol unit and answers them, forwards gateway signals, and reconnects
/// with a jittered exponential backoff — slowly after the server rejected the device's key.
/// </summary>
public sealed partial class ProbeUnit : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    private readonly Func<CancellationToken, Task<MappingResult>> _remap;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<Uri> _controlUris;
    private int _server;
    private readonly HttpMessageInvoker _invoker;
    private readonly ServerCertificateTrust _trust;
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _remapGate = new(1, 1);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly Lock _lock = new();
    private PendingReport? _latest;
    private long _version;
    private long _sequence;
    private ControlChannel? _channel;
    private Task? _loop;
    private int _state = (int)ProbeUnitState.Idle;
    private long _connections;
    private long _rejectedFrames;
    private int _disposed;

    /// <summary>Creates a stopped unit; <see cref="Start"/> opens the channel.</summary>
    /// <param name="options">The server, the device's identity and the reconnect policy.</param>
    /// <param name="remap">
    /// The protocol unit's remap (delete and add the mapping again): returns the new mapping, or throws with what went wrong.
    /// </param>
    /// <param name="timeProvider">The clock of reconnect delays and the connect timeout; null uses the system clock.</param>
    /// <param name="logger">The log; null logs nothing.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed).</exception>
    public ProbeUnit(
        ProbeUnitOptions options, Func<CancellationToken, Task<MappingResult>> remap, TimeProvider? timeProvider = null, ILogger<ProbeUnit>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(remap);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid ProbeUnitOptions: {string.Join("; ", problems)}", nameof(options));
        }

        Options = options;
        _remap = remap;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _controlUris = options.ControlUris;
        var handler = LocalBoundHttpClientFactory.CreateHandler(options.LocalAddress, options.InProcessNetwork);
        handler.ConnectTimeout = options.ConnectTimeout;
        _trust = new ServerCertificateTrust(options.TrustedRoots);
        handler.SslOptions.RemoteCertificateValidationCallback = _trust.Validate;
        _invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        _backoff = new ReconnectBackoff(options);

        // Sequences start at the creation time in Unix milliseconds, so that a restarted device's reports still increase.
        _sequence = _time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>The channel was opened and the server welcomed the device.</summary>
    public event Action? Connected;

    /// <summary>A welcomed channel dropped; the argument says why. The unit reconnects on its own.</summary>
    public event Action<string>? Disconnected;

    /// <summary>
    /// The server rejected the device's key; the argument is its message. The unit retries after the long delay, or
    /// stops when the key was never accepted and <see cref="ProbeUnitOptions.StopIfKeyNeverAccepted"/> is set (its state
    /// is then <see cref="ProbeUnitState.KeyRejected"/> when this is raised).
    /// </summary>
    public event Action<string>? AuthenticationFailed;

    /// <summary>A remap instruction arrived (raised before the protocol unit runs it).</summary>
    public event Action<RemapInstruction>? InstructionReceived;

    /// <summary>The server acknowledged the report with this sequence number.</summary>
    public event Action<long>? ReportAcknowledged;

    /// <summary>The options in use.</summary>
    public ProbeUnitOptions Options { get; }

    /// <summary>Where the channel stands.</summary>
    public ProbeUnitState State => (ProbeUnitState)Volatile.Read(ref _state);

    /// <summary>The control URI the unit is connected to, or tries next (one of <see cref="ProbeUnitOptions.ControlUris"/>).</summary>
    public Uri ControlUri => _controlUris[Volatile.Read(ref _server)];

    /// <summary>How many times the server welcomed the device.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Connection attempts that failed (or channels that dropped) since the last welcome.</summary>
    public int FailedAttempts
    {
        get
        {
            lock (_lock)
            {
                return _backoff.Failures;
            }
        }
    }

    /// <summary>The delay chosen after the last failure or drop, or null before the first.</summary>
    public TimeSpan? RetryDelay { get; private set; }

    /// <summary>Why the last attempt failed or the last channel dropped, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Frames from the server that were not valid messages (and were ignored).</summary>
    public long RejectedFrames => Interlocked.Read(ref _rejectedFrames);

    /// <summary>The latest mapping reported (or to be reported once connected), or null.</summary>
    public MappingReport? LatestReport
    {
        get
        {
            lock (_lock)
            {
                return _latest?.Mapping;
            }
        }
    }

    /// <summary>Starts keeping the channel open, in the background.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_lock)
        {
            if (_loop is not null)
            {
                throw new InvalidOperationException("already started");
            }

            _loop = Task.Run(RunAsync);
        }
    }

    /// <summary>
    /// Reports a new mapping result: sent now when connected, else after the next welcome (the latest report wins).
    /// </summary>
    /// <returns>False when the result cannot be reported (the router gave no external address).</returns>
    public bool Report(MappingResult result)
    {
        if (MappingReports.ToReport(result) is not { } report)
        {
            LogUnreportable(result.ExternalPort);
            return false;
        }

        SetLatest(report, instructionId: null);
        return true;
    }

    /// <summary>
    /// Tells the server the gateway signalled a change (<see cref="GatewaySignalKinds"/>), so it probes at once. A signal
    /// is not queued: while the channel is down the server probes on its schedule and gets a report after the reconnect.
    /// </summary>
    /// <returns>True when the signal was sent.</returns>
    public async Task<bool> SignalAsync(string kind, string? detail = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return await TrySendAsync(new GatewaySignal(kind, detail), cancellationToken);
    }

    /// <summary>Closes the channel (with a close frame when it is open), stops reconnecting and waits for work in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Task? loop;
        lock (_lock)
        {
            loop = _loop;
        }

        // Close before cancelling: cancelling a pending receive aborts the socket, and an abort can overtake the close
        // frame. So the loop gets the time to see the server's answering close and end by itself.
        if (Volatile.Read(ref _channel) is { } channel)
        {
            await CloseQuietlyAsync(channel, "device stopping");
            if (loop is not null)
            {
                await loop.WaitAsync(CloseTimeout, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await _stop.CancelAsync();
        if (loop is not null)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(_background.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        SetState(ProbeUnitState.Stopped);
        _invoker.Dispose();
        _stop.Dispose();
    }

    private bool Stopping => Volatile.Read(ref _disposed) != 0 || _stop.IsCancellationRequested;

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        while (!Stopping)
        {
            SetState(ProbeUnitState.Connecting);
            SessionEnd end;
            try
            {
                end = await RunSessionAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            if (Stopping)
            {
                break;
            }

            if (end.Kind == SessionEndKind.AuthenticationFailed && Options.StopIfKeyNeverAccepted && Connections == 0)
            {
                // A key that was never accepted will not start working by itself; the host reports this and ends.
                LastError = end.Reason;
                SetState(ProbeUnitState.KeyRejected);
                LogKeyNeverAccepted(end.Reason);
                Raise(AuthenticationFailed, end.Reason);
                break;
            }

            TimeSpan delay;
            lock (_lock)
            {
                delay = end.Kind == SessionEndKind.Failed ? _backoff.NextDelay() : _backoff.AuthenticationFailureDelay();
            }

            if (end.Kind == SessionEndKind.Failed)
            {
                // The server may be gone (an instance killed): the next attempt goes to the next instance, if there are others.
                _server = (_server + 1) % _controlUris.Count;
            }

            RetryDelay = delay;
            LastError = end.Reason;

            // The delay's timer exists before the state says so, so that an observer that sees the state and advances
            // a fake clock always fires it.
            var wait = Task.Delay(delay, _time, stop);
            SetState(end.Kind == SessionEndKind.AuthenticationFailed ? ProbeUnitState.AuthenticationFailed : ProbeUnitState.Reconnecting);
            switch (end.Kind)
            {
                case SessionEndKind.AuthenticationFailed:
                    LogAuthenticationFailed(end.Reason, (long)delay.TotalMilliseconds);
                    Raise(AuthenticationFailed, end.Reason);
                    break;
                case SessionEndKind.Replaced:
                    LogReplaced((long)delay.TotalMilliseconds);
                    break;
                default:
                    LogReconnecting(end.Reason, (long)delay.TotalMilliseconds);
                    break;
            }

            if (end.WasConnected)
            {
                Raise(Disconnected, end.Reason);
            }

            await wait.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<SessionEnd> RunSessionAsync(CancellationToken stop)
    {
        ControlChannel? channel = null;
        try
        {
            using (var deadline = new CancellationTokenSource(Options.ConnectTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stop))
            {
                try
                {
                    channel = await ControlChannel.ConnectAsync(ControlUri, _invoker, Options, linked.Token);
                    if (await AuthenticateAsync(channel, linked.Token) is { } refused)
                    {
                        return refused;
                    }
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    return SessionEnd.Failed($"no welcome from {ControlUri} within {Options.ConnectTimeout.TotalMilliseconds} ms");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A refused certificate surfaces as "the SSL connection could not be established": the trust says why.
                    var reason = ex.GetBaseException() is AuthenticationException && _trust.TakeRejection() is { } refused ? refused : Reason(ex);
                    return SessionEnd.Failed($"{ControlUri}: {reason}");
                }
            }

            OnWelcomed(channel);
            return await ReceiveAsync(channel, stop);
        }
        finally
        {
            Interlocked.CompareExchange(ref _channel, null, channel);
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
        }
    }

    /// <returns>Null when welcomed, else how the attempt ended.</returns>
    private async Task<SessionEnd?> AuthenticateAsync(ControlChannel channel, CancellationToken cancellationToken)
    {
        var first = await channel.ReceiveAsync(cancellationToken);
        if (first is not ControlFrame.Message { Value: ChallengeMessage challenge })
        {
            return SessionEnd.Failed($"expected a challenge, got {Describe(first)}");
        }

        if (!TryParseNonce(challenge.Nonce, out var nonce))
        {
            return SessionEnd.Failed($"the challenge's nonce is not {IdentityHandshake.ChallengeBytes * 2} hex digits");
        }

        var proof = IdentityHandshake.Proof(Options.Key.Span, nonce, Options.DeviceId);
        await channel.SendAsync(new AuthMessage(Options.DeviceId, Convert.ToHexStringLower(proof)), cancellationToken);
        var answer = await channel.ReceiveAsync(cancellationToken);
        return answer switch
        {
            ControlFrame.Message { Value: WelcomeMessage } => null,
            ControlFrame.Message { Value: ControlError { Code: ControlErrorCodes.AuthenticationFailed } error } =>
                SessionEnd.AuthenticationRejected($"the server rejected device {Options.DeviceId}: {error.Message}"),
            _ => SessionEnd.Failed($"expected a welcome, got {Describe(answer)}"),
        };
    }

    private void OnWelcomed(ControlChannel channel)
    {
        lock (_lock)
        {
            _backoff.Reset();
        }

        Volatile.Write(ref _channel, channel);
        Interlocked.Increment(ref _connections);
        LastError = null;
        SetState(ProbeUnitState.Connected);
        LogConnected(ControlUri, Options.DeviceId);
        Raise(Connected);
        Background(() => SendLatestAsync(channel));
    }

    private async Task<SessionEnd> ReceiveAsync(ControlChannel channel, CancellationToken stop)
    {
        var replaced = false;
        while (true)
        {
            ControlFrame frame;
            try
            {
                frame = await channel.ReceiveAsync(stop);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                return SessionEnd.Dropped($"the channel broke: {Reason(ex)}", replaced);
            }

            switch (frame)
            {
                case ControlFrame.Closed closed:
                    // Completing the closing handshake the server started lets it see a clean close rather than an abort.
                    await CloseQuietlyAsync(channel, "closing");
                    return SessionEnd.Dropped($"the server closed the channel ({closed.Status} {closed.Description})", replaced);
                case ControlFrame.Rejected rejected:
                    Interlocked.Increment(ref _rejectedFrames);
                    LogFrameRejected(rejected.Reason);
                    break;
                case ControlFrame.Message { Value: ReportAck ack }:
                    OnAck(ack.Sequence);
                    break;
                case ControlFrame.Message { Value: RemapInstruction instruction }:
                    LogInstruction(instruction.InstructionId, instruction.Reason);
                    Raise(InstructionReceived, instruction);
                    Background(() => RunInstructionAsync(instruction));
                    break;
                case ControlFrame.Message { Value: ControlError error }:
                    LogServerError(error.Code, error.Message);
                    replaced |= error.Code == ControlErrorCodes.Replaced;
                    break;
                case ControlFrame.Message message:
                    LogUnexpected(message.Value.GetType().Name);
                    break;
            }
        }
    }

    private async Task CloseQuietlyAsync(ControlChannel channel, string reason)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout, _time);
        try
        {
            await channel.CloseAsync(reason, timeout.Token);
        }
        catch (Exception ex)
        {
            LogCloseFailed(ex.Message);
        }
    }

    private async Task RunInstructionAsync(RemapInstruction instruction)
    {
        var stop = _stop.Token;
        await _remapGate.WaitAsync(stop);
        try
        {
            if (MovedOnFrom(instruction.Endpoint) is { } current)
            {
                // The probe judged a mapping this device has already replaced: report the new one, keep it.
                LogAlreadyMoved(instruction.InstructionId, instruction.Endpoint!, $"{current.ExternalAddress}:{current.ExternalPort}");
                SetLatest(current, instruction.InstructionId);
                return;
            }

            if (ReportedAfter(instruction.ReportSequence) is { } restored)
            {
                // The instruction crossed a report of a mapping made since (often on the same endpoint): keep it too.
                LogAlreadyRestored(instruction.InstructionId, instruction.ReportSequence!.Value, $"{restored.ExternalAddress}:{restored.ExternalPort}");
                SetLatest(restored, instruction.InstructionId);
                return;
            }

            var result = await _remap(stop);
            var report = MappingReports.ToReport(result)
                ?? throw new InvalidOperationException("the gateway reported no external address for the new mapping");
            SetLatest(report, instruction.InstructionId);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // stopping: the server re-issues the instruction to whoever comes back
        }
        catch (Exception ex)
        {
            LogRemapFailed(instruction.InstructionId, ex.Message);
            await TrySendAsync(new RemapFailed(instruction.InstructionId, ex.Message), stop);
        }
        finally
        {
            _remapGate.Release();
        }
    }

    // The current report when it is somewhere else than the endpoint an instruction names; null when it is the same
    // mapping (or either is unknown), which the instruction is then about.
    private MappingReport? MovedOnFrom(string? endpoint)
    {
        if (endpoint is null || !IPEndPoint.TryParse(endpoint, out var probed))
        {
            return null;
        }

        lock (_lock)
        {
            if (_latest?.Mapping is not { } current || !IPAddress.TryParse(current.ExternalAddress, out var address))
            {
                return null;
            }

            return new IPEndPoint(address, current.ExternalPort).Equals(probed) ? null : current;
        }
    }

    // The current report when the server cannot have judged it yet: it was first sent after the report the instruction
    // names, or not sent at all. A device that restored itself on the same endpoint is told apart from one whose
    // restored mapping failed only this way.
    private MappingReport? ReportedAfter(long? judged)
    {
        if (judged is not { } sequence)
        {
            return null;
        }

        lock (_lock)
        {
            return _latest is { } latest && (latest.FirstSequence == 0 || latest.FirstSequence > sequence) ? latest.Mapping : null;
        }
    }

    private void SetLatest(MappingReport report, string? instructionId)
    {
        lock (_lock)
        {
            _latest = new PendingReport(report, instructionId, ++_version);
        }

        if (Volatile.Read(ref _channel) is { } channel)
        {
            Background(() => SendLatestAsync(channel));
        }
    }

    private Task SendLatestAsync(ControlChannel channel) =>
        channel.SendAsync(
            () =>
            {
                lock (_lock)
                {
                    if (_latest is not { } latest || latest.Version <= channel.SentReportVersion)
                    {
                        return null;
                    }

                    channel.SentReportVersion = latest.Version;
                    latest.Sequence = ++_sequence;
                    latest.FirstSequence = latest.FirstSequence == 0 ? latest.Sequence : latest.FirstSequence;
                    return new ReportMessage(latest.Sequence, latest.Mapping, latest.InstructionId);
                }
            },
            _stop.Token);

    private void OnAck(long sequence)
    {
        lock (_lock)
        {
            // Once the server has the answer to an instruction, a re-send after a reconnect is a plain report.
            if (_latest is { } latest && latest.Sequence == sequence)
            {
                latest.InstructionId = null;
            }
        }

        Raise(ReportAcknowledged, sequence);
    }

    private async Task<bool> TrySendAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _channel) is not { } channel)
        {
            return false;
        }

        try
        {
            await channel.SendAsync(message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The receive loop notices the broken channel and reconnects.
            LogSendFailed(message.GetType().Name, ex.Message);
            return false;
        }
    }

    private void Background(Func<Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogBackgroundFailed(ex.Message);
            }
        });
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(t => _background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void SetState(ProbeUnitState state)
    {
        if (Volatile.Read(ref _state) != (int)ProbeUnitState.Stopped)
        {
            Volatile.Write(ref _state, (int)state);
        }
    }

    private void Raise(Action? handler)
    {
        try
        {
            handler?.Invoke();
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex.Message);
        }
    }

    private void Raise<T>(Action<T>? handler, T argument)
    {
        try
        {
            handler?.Invoke(argument);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex.Message);
        }
    }

    private static bool TryParseNonce(string? hex, out byte[] nonce)
    {
        nonce = [];
        if (hex is null || hex.Length != IdentityHandshake.ChallengeBytes * 2)
        {
            return false;
        }

        try
        {
            nonce = Convert.FromHexString(hex);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // "Unable to connect to the remote server" says little without its cause (e.g. "Connection refused").
    private static string Reason(Exception exception) =>
        exception.GetBaseException() is { } cause && !ReferenceEquals(cause, exception) && cause.Message != exception.Message
            ? $"{exception.Message} ({cause.Message})"
            : exception.Message;

    private static string Describe(ControlFrame frame) => frame switch
    {
        ControlFrame.Message { Value: ControlError error } => $"error {error.Code}: {error.Message}",
        ControlFrame.Message message => $"a {message.Value.GetType().Name}",
        ControlFrame.Rejected rejected => rejected.Reason,
        ControlFrame.Closed closed => $"a close ({closed.Status} {closed.Description})".TrimEnd(),
        _ => frame.ToString(),
    };

    /// <summary>The latest mapping and what the server has of it; guarded by the unit's lock.</summary>
    private sealed class PendingReport(MappingReport mapping, string? instructionId, long version)
    {
        public MappingReport Mapping { get; } = mapping;

        public string? InstructionId { get; set; } = instructionId;

        public long Version { get; } = version;

        public long Sequence { get; set; }

        /// <summary>The sequence this mapping was first sent with (0 before it was sent).</summary>
        public long FirstSequence { get; set; }
    }
}
