using System.Net;
using IgdLab.Prober.Probing;

namespace IgdLab.Prober.Tests.Fakes;

/// <summary>A target policy that refuses the listed addresses (with a fixed reason) and keeps every endpoint it was asked about.</summary>
internal sealed class ListedTargetPolicy(params IPAddress[] refused) : IProbeTargetPolicy
{
    private readonly List<IPEndPoint> _asked = [];

    public IReadOnlyList<IPEndPoint> Asked
    {
        get
        {
            lock (_asked)
            {
                return [.. _asked];
            }
        }
    }

    public string? Refusal(IPEndPoint endPoint)
    {
        lock (_asked)
        {
            _asked.Add(endPoint);
        }

        return refused.Contains(endPoint.Address) ? $"{endPoint.Address} is outside the test network; not probed" : null;
    }
}
