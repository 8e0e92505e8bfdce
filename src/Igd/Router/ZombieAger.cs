using IgdLab.Igd.Events;
using IgdLab.Igd.Mapping;
using IgdLab.Igd.Profiles;

namespace IgdLab.Igd.Router;

/// <summary>
/// The <c>zombie-mapping</c> quirk as the Technicolor CGA4131COM shows it: a mapping stops forwarding some time after
/// it was made, while it stays listed and renewable. Checks a tenth of that time apart (1 s to 1 min).
/// </summary>
internal sealed class ZombieAger : IDisposable
{
    private readonly MappingTable _table;
    private readonly TimeProvider _time;
    private readonly TimeSpan _after;
    private readonly ITimer? _timer;

    public ZombieAger(RouterProfile profile, MappingTable table, TimeProvider time)
    {
        _table = table;
        _time = time;
        if (profile.ZombieAfterSeconds is not { } seconds)
        {
            return;
        }

        _after = TimeSpan.FromSeconds(seconds);
        var period = TimeSpan.FromSeconds(Math.Clamp(seconds / 10.0, 1, 60));
        _timer = time.CreateTimer(_ => Age(), null, period, period);
    }

    public void Dispose() => _timer?.Dispose();

    private void Age()
    {
        var now = _time.GetUtcNow();
        foreach (var mapping in _table.Snapshot().Where(m => !m.Zombie && now - m.CreatedAt >= _after))
        {
            _table.Zombify(mapping.Key, RemovalReason.Aged);
        }
    }
}
