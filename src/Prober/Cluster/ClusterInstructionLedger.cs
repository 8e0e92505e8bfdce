using IgdLab.Prober.Watchdog;

namespace IgdLab.Prober.Cluster;

/// <summary>Outstanding instructions recorded in the shared registry, through the coordinator's work loop (in order).</summary>
internal sealed class ClusterInstructionLedger(ClusterCoordinator cluster) : IInstructionLedger
{
    public Task RecordAsync(string deviceId, string instructionId, DateTimeOffset at) =>
        cluster.RunAsync(store => store.InstructionSent(deviceId, instructionId, at));

    public void Ended(string deviceId, string instructionId) =>
        cluster.Post(() => cluster.Store.InstructionEnded(deviceId, instructionId));
}
