namespace IgdLab.Emulator.Running;

/// <summary>
/// A world is hundreds of sockets, timers and handshakes in one process. The thread pool adds threads slowly (about
/// one per half second) when work waits, and a run that briefly blocks a few threads then stalls every probe for a
/// second: the oracle and the watchdog would measure the testbed, not the method. A floor of threads avoids that.
/// </summary>
internal static class WorldThreads
{
    private const int MinimumWorkers = 64;

    public static void EnsureEnough()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < MinimumWorkers)
        {
            ThreadPool.SetMinThreads(MinimumWorkers, io);
        }
    }
}
