using IgdLab.Igd.Events;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Router;

/// <summary>
/// miniupnpd's idle-rule cleanup: every interval, while the table holds more than the threshold, delete the rules
/// whose traffic counters did not move since the previous sweep (so a rule always survives one whole interval).
/// </summary>
internal sealed class IdleSweeper(RouterProfile profile, MappingTable table, ForwardingPlane forwarding, TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private Dictionary<MappingKey, long> _activityAtLastSweep = [];

    public void Start()
    {
        if (profile.IdleCleanup is not { } policy)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(policy.IntervalSeconds);
        lock (_gate)
        {
            _activityAtLastSweep = [];
            _timer?.Dispose();
            _timer = time.CreateTimer(_ => Sweep(), null, interval, interval);
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    public void Dispose() => Stop();

    private void Sweep()
    {
        lock (_gate)
        {
            var previous = _activityAtLastSweep;
            var current = table.Snapshot().ToDictionary(m => m.Key, m => forwarding.ActivityCount(m.Key));
            _activityAtLastSweep = current;
            if (profile.IdleCleanup is not { } policy || current.Count <= policy.Threshold)
            {
                return;
            }

            table.RemoveAll(
                RemovalReason.IdleCleanup,
                m => previous.TryGetValue(m.Key, out var before) && current.TryGetValue(m.Key, out var now) && now == before);
        }
    }
}
