namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The abort of one flow (<see cref="IFlow"/>): requested at most once, from any thread, and safe after the flow has
/// ended and disposed it — the forwarder may abort every flow while some are finishing on their own.
/// </summary>
internal sealed class FlowAbort : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private int _requested;

    /// <summary>Cancelled by <see cref="Request"/> or <see cref="Cancel"/>; read it only while the flow runs.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether the token has been cancelled (by an abort, or by the flow itself).</summary>
    public bool IsCancelled => _source.IsCancellationRequested;

    /// <summary>Whether <see cref="Request"/> has been called.</summary>
    public bool IsRequested => Volatile.Read(ref _requested) == 1;

    /// <summary>Asks the flow to end by cancelling the token. True for the first request only: that caller releases the sockets.</summary>
    public bool Request()
    {
        if (Interlocked.Exchange(ref _requested, 1) == 1)
        {
            return false;
        }

        Cancel();
        return true;
    }

    /// <summary>Cancels the token (one direction of a relay stopping the other) without counting as a request.</summary>
    public void Cancel()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The flow has already ended.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
