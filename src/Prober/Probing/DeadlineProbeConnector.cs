using IgdLab.Contracts;

namespace IgdLab.Prober.Probing;

/// <summary>
/// Bounds any connector by the probe timeout on the watchdog's clock: the inner connector gets a token that fires at
/// the deadline, and is abandoned there if it ignores it. Every connector, the socket one included, times out here,
/// so fakes and production take one path and one timer per probe.
/// </summary>
internal sealed class DeadlineProbeConnector(IProbeConnector inner, TimeSpan timeout, TimeProvider time) : IProbeConnector
{
    /// <summary>Probes through the inner connector; <see cref="ProbeOutcome.Timeout"/> at the deadline, a handshake failure when it throws.</summary>
    public async Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var deadline = new Deadline(timeout, time, cancellationToken);
        try
        {
            // WaitAsync completes inline when the deadline fires, so the verdict follows the timeout at once.
            return await inner.ProbeAsync(target, deadline.Token).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            return new ProbeResult(ProbeOutcome.Timeout, null, time.GetElapsedTime(started), $"no answer within {timeout.TotalMilliseconds} ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ProbeResult(ProbeOutcome.HandshakeFailure, null, time.GetElapsedTime(started), $"probe error: {ex.Message}");
        }
    }
}
