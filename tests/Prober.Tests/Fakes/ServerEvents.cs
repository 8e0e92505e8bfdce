namespace IgdLab.Prober.Tests.Fakes;

/// <summary>Awaits a server's events in loopback tests: subscribe first, act, then await.</summary>
internal static class ServerEvents
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The next event of type <typeparamref name="T"/> matching <paramref name="match"/>; fails after 10 s.</summary>
    public static Task<T> Next<T>(ProberServer server, Func<T, bool>? match = null)
        where T : WatchdogEvent
    {
        var seen = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler<WatchdogEvent>? handler = null;
        handler = (_, raised) =>
        {
            if (raised is T wanted && (match?.Invoke(wanted) ?? true) && seen.TrySetResult(wanted))
            {
                server.EventRaised -= handler;
            }
        };
        server.EventRaised += handler;
        return seen.Task.WaitAsync(Patience, TimeProvider.System);
    }
}
