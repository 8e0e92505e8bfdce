namespace IgdLab.Prober.Watchdog;

/// <summary>
/// Where outstanding instructions are recorded beyond this process, so that an instance taking a device over does not
/// send a second instruction for a breakage the first is still answering (<see cref="None"/> for a watchdog alone).
/// </summary>
internal interface IInstructionLedger
{
    /// <summary>The ledger of a watchdog alone on its registry: nothing to record.</summary>
    static IInstructionLedger None { get; } = new NoLedger();

    /// <summary>Records the instruction before it is sent.</summary>
    Task RecordAsync(string deviceId, string instructionId, DateTimeOffset at);

    /// <summary>The instruction was answered, failed, timed out or withdrawn (returns at once; recorded in order).</summary>
    void Ended(string deviceId, string instructionId);

    private sealed class NoLedger : IInstructionLedger
    {
        public Task RecordAsync(string deviceId, string instructionId, DateTimeOffset at) => Task.CompletedTask;

        public void Ended(string deviceId, string instructionId)
        {
        }
    }
}
