namespace IgdLab.Contracts;

/// <summary>
/// A deadline on a clock that also ends when the caller's tokens are cancelled: one token source with one timer, and
/// a registration on each caller token that can be cancelled. A timed source linked to the callers' through a second,
/// linked source costs two sources, a registration list on each and an array of registrations, for every probe on
/// both sides; in an allocation trace of a 10,000-device world, token sources, their registrations and timers were
/// about a third of what was allocated.
/// </summary>
public sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _first;
    private readonly CancellationToken _second;
    private readonly CancellationTokenRegistration _onFirst;
    private readonly CancellationTokenRegistration _onSecond;

    /// <summary>A deadline <paramref name="timeout"/> from now on <paramref name="time"/>, ended earlier by <paramref name="first"/> or <paramref name="second"/>.</summary>
    /// <param name="timeout">How long until the deadline; <see cref="Timeout.InfiniteTimeSpan"/> for none (only the callers end it).</param>
    /// <param name="time">The clock the deadline is kept on.</param>
    /// <param name="first">A caller's token; default for none.</param>
    /// <param name="second">Another caller's token; default for none.</param>
    public Deadline(TimeSpan timeout, TimeProvider time, CancellationToken first = default, CancellationToken second = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        _source = new CancellationTokenSource(timeout, time);
        _first = first;
        _second = second;
        _onFirst = first.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _source);
        _onSecond = second.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _source);
    }

    /// <summary>Cancelled at the deadline or by a caller.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether the deadline passed while the callers still wanted the answer.</summary>
    public bool Expired => _source.IsCancellationRequested && !_first.IsCancellationRequested && !_second.IsCancellationRequested;

    /// <summary>Stops the timer and lets go of the callers' tokens.</summary>
    public void Dispose()
    {
        // The registrations first: disposing one waits for its callback if it is running, which cancels the source.
        _onFirst.Dispose();
        _onSecond.Dispose();
        _source.Dispose();
    }
}
