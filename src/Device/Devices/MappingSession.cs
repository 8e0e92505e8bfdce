using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>
/// One device's mapping state shared by the strategies that keep it: runs the <see cref="IMappingActions"/> one at a
/// time, remembers the current result and reports every result (and every failure) as an event. Operations never throw
/// (except for cancellation): a failure is reported through <see cref="MappingFailed"/> and the caller retries later.
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
        RunAsync(async ct => Report(await _actions.MapAsync(ct)), cancellationToken);

    /// <summary>
    /// Deletes and adds the mapping again, unless a remap succeeded while this one waited for its turn: that remap
    /// already replaced the mapping this request was about (a gateway event and the server's instruction often ask at
    /// once), and a second delete would only cut the fresh mapping off again.
    /// </summary>
    /// <returns>True on success (or when the remap that completed meanwhile stands for this one).</returns>
    public Task<bool> RemapAsync(CancellationToken cancellationToken)
    {
        var before = Interlocked.Read(ref _remaps);
        return RunAsync(
            async ct =>
            {
                if (Interlocked.Read(ref _remaps) != before)
                {
                    return;
                }

                Report(await _actions.RemapAsync(ct));
                Interlocked.Increment(ref _remaps);
            },
            cancellationToken);
    }

    /// <summary>Maps unless a mapping was already made (the initial map, once per session).</summary>
    /// <returns>True when a mapping exists afterwards.</returns>
    public Task<bool> EnsureMappedAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async ct =>
            {
                if (Current is null)
                {
                    Report(await _actions.MapAsync(ct));
                }
            },
            cancellationToken);

    /// <summary>Checks that the router still holds the mapping and adds it again when it does not.</summary>
    /// <returns>True when the mapping exists afterwards.</returns>
    public Task<bool> CheckAndRestoreAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async ct =>
            {
                if (Current is null || !await _actions.IsMappedAsync(ct))
                {
                    Report(await _actions.MapAsync(ct));
                }
            },
            cancellationToken);

    private void Report(MappingResult result)
    {
        Volatile.Write(ref _current, result);
        Interlocked.Increment(ref _maps);
        MappingChanged?.Invoke(result);
    }

    private async Task<bool> RunAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await operation(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failures);
            MappingFailed?.Invoke(ex);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }
}
