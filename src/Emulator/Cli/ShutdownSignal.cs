using System.Runtime.InteropServices;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// The stop of a long-running command: Ctrl+C (which cancels the command's token) or SIGTERM (which would otherwise
/// end the process without running its clean-up).
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _sigterm;

    public ShutdownSignal(CancellationToken commandToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(commandToken);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _stop.Cancel();
        });
    }

    /// <summary>Cancelled on Ctrl+C or SIGTERM.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Completes (without throwing) when the command should stop.</summary>
    public async Task WaitAsync() =>
        await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    public void Dispose()
    {
        _sigterm.Dispose();
        _stop.Dispose();
    }
}
