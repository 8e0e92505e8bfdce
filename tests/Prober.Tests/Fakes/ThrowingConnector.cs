using IgdLab.Contracts;
using IgdLab.Prober.Probing;

namespace IgdLab.Prober.Tests.Fakes;

/// <summary>A connector that fails with <paramref name="error"/> instead of answering.</summary>
internal sealed class ThrowingConnector(Exception error) : IProbeConnector
{
    public Task<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken) => Task.FromException<ProbeResult>(error);
}
