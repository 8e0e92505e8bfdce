using IgdLab.Contracts;
using Polly;
using Polly.Retry;

namespace IgdLab.Prober.Watchdog;

/// <summary>
/// The confirmation policy: a timeout may be a lost packet, so it is retried (Polly retry, constant delay) before it
/// counts; refused, wrong-device and handshake failures are the gateway or another device answering, so they count at once.
/// </summary>
internal static class ProbeConfirmation
{
    /// <summary>A pipeline that repeats a probe while it times out, up to <paramref name="confirmations"/> more times.</summary>
    public static ResiliencePipeline<ProbeResult> Create(int confirmations, TimeSpan delay, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<ProbeResult> { TimeProvider = time };
        if (confirmations > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ProbeResult>
            {
                MaxRetryAttempts = confirmations,
                Delay = delay,
                BackoffType = DelayBackoffType.Constant,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } result && VerdictPolicy.NeedsConfirmation(result.Outcome)),
            });
        }

        return builder.Build();
    }
}
