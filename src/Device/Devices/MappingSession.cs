using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// One device's mapping state shared by the strategies that keep it: runs the <see cref="IMappingActions"/> one at a
/// time, remembers the current result and reports every result (and every failure) as an event for observers. The
/// strategies' operations return whether they succeeded and never throw (except for cancellation): a failure is reported
/// through <see cref="MappingFailed"/> and the strategy retries later. <see cref="RemapAsync"/>, which answers a remap
/// instruction, returns the new mapping or throws what went wrong.
/// </summary>
public sealed class MappingSession
{
    private readonly IMappingActions _actions;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MappingResult? _current;
    private long _maps;
    private long _remaps;
    private long _failures;

    /// <summary>Creates a session over <paramref name="actions"/>.</summary>
    public MappingSession(IMappingActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        _actions = actions;
    }

    /// <summary>Every mapping result, after each successful map or remap (what the probe unit reports to the server).</summary>
    public event Action<MappingResult>? MappingChanged;

    /// <summary>A map, remap or check failed; the strategy retries at its next opportunity.</summary>
    public event Action<Exception>? MappingFailed;

    /// <summary>The last mapping result, or null before the first success.</summary>
    public MappingResult? Current => Volatile.Read(ref _current);

    /// <summary>How many maps and remaps succeeded.</summary>
    public long SuccessfulMaps => Interlocked.Read(ref _maps);

    /// <summary>How many operations failed.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Adds (or renews) the mapping.</summary>
    /// <returns>True on success.</returns>
    public Task<bool> MapAsync(CancellationToken cancellationToken) =>
        SucceedsAsync(RunAsync(async ct => Report(await _actions.MapAsync(ct)), cancellationToken), cancellationToken);

    /// <summary>
    /// Deletes and adds the mapping again, unless a remap succeeded while this one waited for its turn: that remap
    /// already replaced the mapping this request was about (a gateway event and the server's instruction often ask at
    /// once), and a second delete would only cut the fresh mapping off again.
    /// </summary>
    /// <returns>The new mapping, or the one the remap that completed meanwhile made (it stands for this one).</returns>
    /// <remarks>A failure is thrown to the caller, and reported through <see cref="MappingFailed"/> too.</remarks>
    public Task<MappingResult> RemapAsync(CancellationToken cancellationToken)
    {
        var before = Interlocked.Read(ref _remaps);
        return RunAsync(
            async ct =>
            {
                if (Interlocked.Read(ref _remaps) != before && Current is { } replaced)
                {
                    return replaced;
                }

                var result = Report(await _actions.RemapAsync(ct));
                Interlocked.Increment(ref _remaps);
                return result;
            },
            cancellationToken);
    }

    /// <summary>As <see cref="RemapAsync"/> for a strategy that retries on its own: a failure is only reported.</summary>
    /// <returns>True on success (or when the remap that completed meanwhile stands for this one).</returns>
    public Task<bool> TryRemapAsync(CancellationToken cancellationToken) => SucceedsAsync(RemapAsync(cancellationToken), cancellationToken);

    /// <summary>Maps unless a mapping was already made (the initial map, once per session).</summary>
    /// <returns>True when a mapping exists afterwards.</returns>
    public Task<bool> EnsureMappedAsync(CancellationToken cancellationToken) =>
        SucceedsAsync(RunAsync(async ct => Current ?? Report(await _actions.MapAsync(ct)), cancellationToken), cancellationToken);

    /// <summary>Checks that the router still holds the mapping and adds it again when it does not.</summary>
    /// <returns>True when the mapping exists afterwards.</returns>
    public Task<bool> CheckAndRestoreAsync(CancellationToken cancellationToken) =>
        SucceedsAsync(RunAsync(
            async ct => Current is { } current && await _actions.IsMappedAsync(ct) ? current : Report(await _actions.MapAsync(ct)),
            cancellationToken),
            cancellationToken);

    // Observers hear of the result inside the gate, so that they hear of results in the order they were made; a
    // throwing observer is contained and cannot turn the success into a failure.
    private MappingResult Report(MappingResult result)
    {
        Volatile.Write(ref _current, result);
        Interlocked.Increment(ref _maps);
        Observers.Notify(MappingChanged, result);
        return result;
    }

    private async Task<MappingResult> RunAsync(Func<CancellationToken, Task<MappingResult>> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await operation(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failures);
            Observers.Notify(MappingFailed, ex);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    // The strategies' form: a failure was reported through MappingFailed and is retried at their next opportunity.
    private static async Task<bool> SucceedsAsync(Task<MappingResult> operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation;
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
