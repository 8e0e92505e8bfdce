using System.Collections.Concurrent;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Watchdog;

namespace IgdLab.Prober.Tests.Fakes;

/// <summary>A device channel that keeps what the watchdog sends it.</summary>
internal sealed class RecordingChannel : IDeviceChannel
{
    private readonly ConcurrentQueue<ControlMessage> _sent = new();

    public IReadOnlyList<ControlMessage> Sent => [.. _sent];

    public IReadOnlyList<RemapInstruction> Instructions => [.. _sent.OfType<RemapInstruction>()];

    public (string Code, string Reason)? ClosedWith { get; private set; }

    /// <summary>Called with every instruction as it is sent (a scripted device's reaction).</summary>
    public Action<RemapInstruction>? OnInstruction { get; set; }

    /// <summary>When false, sends fail as if the socket broke.</summary>
    public bool Works { get; set; } = true;

    public Task<bool> SendAsync(ControlMessage message)
    {
        if (!Works || ClosedWith is not null)
        {
            return Task.FromResult(false);
        }

        _sent.Enqueue(message);
        if (message is RemapInstruction instruction)
        {
            OnInstruction?.Invoke(instruction);
        }

        return Task.FromResult(true);
    }

    public Task CloseAsync(string code, string reason)
    {
        ClosedWith = (code, reason);
        return Task.CompletedTask;
    }
}
