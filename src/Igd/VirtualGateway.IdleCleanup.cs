using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd;

/// <content>
/// miniupnpd's idle-rule cleanup: every interval, while the table holds more than the threshold, delete the rules
/// whose traffic counters did not move since the previous sweep (so a rule always survives one whole interval).
/// </content>
public sealed partial class VirtualGateway
{
    private readonly Lock _idleGate = new();
    private ITimer? _idleTimer;
    private Dictionary<MappingKey, long> _activityAtLastSweep = [];

    private void StartIdleCleanup()
    {
        if (Profile.IdleCleanup is not { } policy)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(policy.IntervalSeconds);
        lock (_idleGate)
        {
            _activityAtLastSweep = [];
            _idleTimer?.Dispose();
            _idleTimer = _time.CreateTimer(_ => SweepIdleMappings(), null, interval, interval);
        }
    }

    private void StopIdleCleanup()
    {
        lock (_idleGate)
        {
            _idleTimer?.Dispose();
            _idleTimer = null;
        }
    }

    private void SweepIdleMappings()
    {
        lock (_idleGate)
        {
            var previous = _activityAtLastSweep;
            var current = _table.Snapshot().ToDictionary(m => m.Key, m => _forwarding.ActivityCount(m.Key));
            _activityAtLastSweep = current;
            if (Profile.IdleCleanup is not { } policy || current.Count <= policy.Threshold)
            {
                return;
            }

            _table.RemoveAll(
                RemovalReason.IdleCleanup,
                m => previous.TryGetValue(m.Key, out var before) && current.TryGetValue(m.Key, out var now) && now == before);
        }
    }
}
