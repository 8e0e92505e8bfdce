using IgdLab.Contracts;
using IgdLab.Prober.Probing;

namespace IgdLab.Prober.Tests.Fakes;

/// <summary>
/// The worst plugged-in connector: its probes never complete and it ignores cancellation. Keeps the tokens it was
/// given, so a test can see whether (and when) the watchdog's deadline fired on them.
/// </summary>
internal sealed class NeverAnsweringConnector : IProbeConnector
{
    private readonly List<CancellationToken> _tokens = [];

    public IReadOnlyList<CancellationToken> Tokens
    {
        get
        {
            lock (_tokens)
            {
                return [.. _tokens];
            }
        }
    }

    public Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        lock (_tokens)
        {
            _tokens.Add(cancellationToken);
        }

        return new TaskCompletionSource<ProbeResult>().Task;
    }
}
