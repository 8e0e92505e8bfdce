using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// The method under test, device side: maps once and then remaps when the server says so
/// (<see cref="OnRemapInstructionAsync"/>, called by the probe unit when a mapping instruction arrives). It remaps on
/// its own only to restore a mapping that failed: after a failed map or remap it watches for the gateway's return
/// (<see cref="RestoreWatchState"/>) and remaps the moment the gateway answers, so the restore does not wait for the
/// server's backed-off next instruction. The new mapping reaches the server as every result does, in a report.
/// </summary>
public sealed class WatchdogStrategy : MappingStrategy
{
    private readonly RestoreWatch? _watch;
    private long _instructions;

    /// <summary>Creates the strategy with the default restore watch, which remaps at every tick without asking the gateway first.</summary>
    /// <param name="session">The mapping to keep.</param>
    /// <param name="timeProvider">The clock; null uses the system clock.</param>
    public WatchdogStrategy(MappingSession session, TimeProvider? timeProvider = null)
        : this(session, new RestoreWatchOptions(), presence: null, timeProvider)
    {
    }

    /// <summary>Creates the strategy.</summary>
    /// <param name="session">The mapping to keep.</param>
    /// <param name="restore">How to watch for the gateway's return after a failed remap; null (or disabled) never remaps on its own.</param>
    /// <param name="presence">Asks whether the gateway answers (e.g. an <see cref="SsdpGatewayLocator"/>); null makes every tick a remap attempt.</param>
    /// <param name="timeProvider">The clock; null uses the system clock.</param>
    /// <param name="seed">The restore watch's jitter seed when <paramref name="restore"/> names none.</param>
    /// <exception cref="ArgumentException"><paramref name="restore"/> is invalid (every problem is listed).</exception>
    public WatchdogStrategy(MappingSession session, RestoreWatchOptions? restore, IGatewayPresence? presence, TimeProvider? timeProvider = null, int seed = 0)
        : base(session, timeProvider)
    {
        if (restore is { Enabled: true })
        {
            _watch = new RestoreWatch(session, presence, restore, seed, Time);
        }
    }

    /// <summary>How many remap instructions arrived.</summary>
    public long Instructions => Interlocked.Read(ref _instructions);

    /// <summary>Where the restore watch stands (<see cref="RestoreWatchState.Idle"/> when it is disabled).</summary>
    public RestoreWatchState RestoreState => _watch?.State ?? RestoreWatchState.Idle;

    /// <summary>How many times the restore watch asked the gateway whether it answers.</summary>
    public long RestorePolls => _watch?.Polls ?? 0;

    /// <summary>How many remaps the restore watch tried on its own.</summary>
    public long RestoreAttempts => _watch?.Attempts ?? 0;

    /// <inheritdoc />
    public override bool TakesInstructions => true;

    /// <summary>
    /// A mapping instruction from the server: delete and add the mapping again and answer with the new mapping. While
    /// the device watches for its gateway's return, the gateway is asked first, and an instruction it cannot answer is
    /// declined at once (<see cref="GatewayNotFoundException"/>) instead of waiting out a search for a router that is gone.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the answer; the remap itself runs until the strategy stops.</param>
    /// <returns>The new mapping; a failure is thrown (and a failed remap is reported to the session's observers).</returns>
    public override Task<MappingResult> OnRemapInstructionAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _instructions);
        return Run(RemapOnInstructionAsync).WaitAsync(cancellationToken);
    }

    /// <summary>A gateway signal (a new BOOTID, a GENA event): while watching, the gateway is asked now rather than at the next tick.</summary>
    public void OnGatewaySignal() => _watch?.Nudge();

    /// <inheritdoc />
    protected internal override void StartTriggers()
    {
        // The server's instructions are the trigger; the one thing done unasked is restoring a mapping that failed.
        if (Session.Current is null)
        {
            _watch?.Begin(Session.SuccessfulMaps);
        }
    }

    /// <inheritdoc />
    protected override async ValueTask DisposeCoreAsync()
    {
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }
    }

    private async Task<MappingResult> RemapOnInstructionAsync(CancellationToken cancellationToken)
    {
        if (_watch is { IsWatching: true } watch && !await watch.GatewayAnswersAsync(cancellationToken))
        {
            throw new GatewayNotFoundException("the gateway does not answer; the device remaps as soon as it does");
        }

        var before = Session.SuccessfulMaps;
        try
        {
            return await Session.RemapAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _watch?.Begin(before);
            throw;
        }
    }
}
