using System.Diagnostics;
using System.Runtime;

namespace IgdLab.Benchmarks;

/// <summary>An asynchronous operation of a load: the worker's index and its running iteration count are given.</summary>
/// <returns>Whether the operation succeeded.</returns>
internal delegate ValueTask<bool> LoadOperation(int worker, long iteration, CancellationToken cancellationToken);

/// <summary>
/// A closed-loop load: a fixed number of workers, each starting its next operation as soon as the previous one ended,
/// first for a warm-up (discarded) and then for a measured window. Each worker's iteration count carries on from
/// warm-up into measurement. Every window is bounded in time and in operations, and operations still running well
/// after the window are cancelled.
/// </summary>
/// <remarks>
/// The warm-up lasts until the JIT has settled: on a saturated 2-core machine tiered compilation (tier 0, then
/// instrumented, then tier 1) needs more than ten seconds to catch up with a fresh code path, and throughput triples
/// meanwhile, so a fixed short warm-up would measure the compiler rather than the gateway.
/// </remarks>
internal static class ClosedLoop
{
    private const long MaxOperationsPerWorker = 20_000_000;

    private static readonly TimeSpan MinWarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan WarmUpSlice = TimeSpan.FromSeconds(1);

    /// <summary>A slice that spends less than this compiling counts as settled (1 % of one core).</summary>
    private static readonly TimeSpan SettledJitTime = TimeSpan.FromMilliseconds(10);

    /// <summary>How long past its window a straggling operation may run before it is cancelled.</summary>
    private static readonly TimeSpan Straggle = TimeSpan.FromSeconds(10);

    /// <summary>Warms up until the JIT has settled, then measures for <paramref name="window"/>.</summary>
    public static async Task<LoadResult> RunAsync(int workers, TimeSpan window, LoadOperation operation, CancellationToken cancellationToken)
    {
        var iterations = new long[workers];
        var warmUp = await WarmUpAsync(workers, iterations, operation, cancellationToken);
        var measured = await RunWindowAsync(workers, window, iterations, operation, cancellationToken);
        return measured with { WarmUp = warmUp };
    }

    private static async Task<TimeSpan> WarmUpAsync(int workers, long[] iterations, LoadOperation operation, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        await RunWindowAsync(workers, MinWarmUp, iterations, operation, cancellationToken);
        while (Stopwatch.GetElapsedTime(start) < MaxWarmUp)
        {
            var slice = await RunWindowAsync(workers, WarmUpSlice, iterations, operation, cancellationToken);
            if (slice.Resources.JitTime < SettledJitTime)
            {
                break;
            }
        }

        return Stopwatch.GetElapsedTime(start);
    }

    private static async Task<LoadResult> RunWindowAsync(
        int workers, TimeSpan window, long[] iterations, LoadOperation operation, CancellationToken cancellationToken)
    {
        using var straggle = new CancellationTokenSource(window + Straggle, TimeProvider.System);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(straggle.Token, cancellationToken);
        var latencies = Enumerable.Range(0, workers).Select(_ => new List<long>(64 * 1024)).ToArray();
        var errors = new long[workers];
        var before = ResourceUse.Now();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(window.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var n = 0L; n < MaxOperationsPerWorker && Stopwatch.GetTimestamp() < end && !abort.IsCancellationRequested; n++)
            {
                var began = Stopwatch.GetTimestamp();
                bool succeeded;
                try
                {
                    succeeded = await operation(worker, iterations[worker]++, abort.Token);
                }
                catch (Exception)
                {
                    succeeded = false;
                }

                if (succeeded)
                {
                    latencies[worker].Add(Stopwatch.GetTimestamp() - began);
                }
                else
                {
                    errors[worker]++;
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var used = ResourceUse.Since(before);
        cancellationToken.ThrowIfCancellationRequested();
        return new LoadResult(workers, elapsed, Distribution.Of(latencies.SelectMany(l => l)), errors.Sum(), used);
    }
}
