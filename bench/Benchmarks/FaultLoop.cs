using System.Globalization;
using IgdLab.Igd.Faults;

namespace IgdLab.Benchmarks;

/// <summary>
/// The faults of the soak with the prober in a process of its own, played on <see cref="ProbeWorld"/>'s gateway path:
/// every 3 s (± 1 s, seeded) 3 % of the mappings are dropped, each put back 2–6 s later as its device would; every
/// 20th round one gateway reboots for 5 s, coming back with an empty table, and its mappings are put back after it.
/// These devices have no control channel, so the prober cannot move them: a fault breaks a mapping and its device
/// mends it on the same external port. At the end every mapping is put back once more.
/// </summary>
internal sealed class FaultLoop(ProbeWorld.Fleet fleet, int seed)
{
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RebootDowntime = TimeSpan.FromSeconds(5);
    private const double DropShare = 0.03;
    private const int RebootEveryRounds = 20;

    private readonly Random _random = new(seed);
    private readonly List<Task> _restoring = [];
    private int _dropped;
    private int _reboots;
    private int _refused;

    /// <summary>What it did, for the benchmark's output.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"{_dropped} mappings dropped, {_reboots} reboots, {Volatile.Read(ref _refused)} put-backs refused (gateway down; done again at the end)");

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var http = LoopbackHttp.Create();
        var end = TimeProvider.System.GetTimestamp() + (long)(duration.TotalSeconds * TimeProvider.System.TimestampFrequency);
        try
        {
            for (var round = 1; TimeProvider.System.GetTimestamp() < end; round++)
            {
                await Task.Delay(Round + TimeSpan.FromSeconds(_random.NextDouble() * 2 - 1), TimeProvider.System, cancellationToken);
                foreach (var mapping in fleet.Mappings.Where(_ => _random.NextDouble() < DropShare).ToList())
                {
                    await mapping.Gateway.ApplyFaultAsync(new DropMapping { Port = mapping.External }, cancellationToken);
                    _dropped++;
                    _restoring.Add(PutBackAsync([mapping], TimeSpan.FromSeconds(2 + _random.NextDouble() * 4), http, cancellationToken));
                }

                if (round % RebootEveryRounds == 0)
                {
                    var gateway = fleet.Gateways[_random.Next(fleet.Gateways.Count)];
                    _reboots++;
                    _restoring.Add(RebootAsync(gateway, http, cancellationToken));
                }
            }

            await Task.WhenAll(_restoring);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        foreach (var mapping in fleet.Mappings)
        {
            if (!await mapping.RestoreAsync(http, cancellationToken))
            {
                throw new InvalidOperationException($"{mapping.Gateway.Id} refused to put back {mapping.External}/TCP after the faults");
            }
        }
    }

    private async Task RebootAsync(Igd.VirtualGateway gateway, HttpClient http, CancellationToken cancellationToken)
    {
        await gateway.ApplyFaultAsync(new Reboot { Downtime = RebootDowntime }, cancellationToken);
        await PutBackAsync([.. fleet.Mappings.Where(m => m.Gateway == gateway)], TimeSpan.Zero, http, cancellationToken);
    }

    private async Task PutBackAsync(IReadOnlyList<ProbeWorld.Mapping> mappings, TimeSpan after, HttpClient http, CancellationToken cancellationToken)
    {
        await Task.Delay(after, TimeProvider.System, cancellationToken);
        foreach (var mapping in mappings)
        {
            if (!await mapping.RestoreAsync(http, cancellationToken))
            {
                Interlocked.Increment(ref _refused);
            }
        }
    }
}
