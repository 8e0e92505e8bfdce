namespace IgdLab.Emulator.Measuring;

/// <summary>
/// A measurement that runs beside a scenario run: started when the scenario clock starts, stopped before the figures
/// are read. Stopping twice is harmless, and what was measured stays readable after the monitor is disposed.
/// </summary>
internal abstract class RunMonitor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    /// <summary>Starts measuring.</summary>
    public void Start()
    {
        var loop = Begin();
        _running = Task.Run(() => loop(_stop.Token));
    }

    /// <summary>Stops measuring and waits for the loop to end; the figures measured so far stay.</summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopping is how the loop ends.
        }

        Stopped();
    }

    /// <summary>Stops the monitor.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Prepares what must exist before <see cref="Start"/> returns, and gives the loop to run until stopped.</summary>
    protected abstract Func<CancellationToken, Task> Begin();

    /// <summary>Runs once after the loop ended, to close the measurement.</summary>
    protected virtual void Stopped()
    {
    }
}
