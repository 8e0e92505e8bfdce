using Polly;
using Polly.Retry;

namespace IgdLab.Device.Upnp.Soap;

/// <summary>
/// The retry policy of SOAP calls: transient transport failures (refused or reset connections, timeouts, HTTP 5xx without
/// a UPnP fault) and, where allowed, 501 ActionFailed are retried with exponential backoff. Other UPnP errors (402, 606,
/// 714, 718, 725 …) are answers, never retried.
/// </summary>
internal static class SoapRetryPipeline
{
    /// <summary>Builds the pipeline; <paramref name="onRetry"/> hears each retry (failure, attempt number, delay).</summary>
    public static ResiliencePipeline Create(
        UpnpClientOptions options, TimeProvider time, bool retryActionFailed, Action<Exception?, int, TimeSpan> onRetry)
    {
        var transportRetries = options.RetryCount;
        var actionFailedRetries = retryActionFailed ? options.ActionFailedRetryCount : 0;
        var maxRetries = Math.Max(transportRetries, actionFailedRetries);
        if (maxRetries == 0)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    ShouldRetry(args.Outcome.Exception, args.AttemptNumber, transportRetries, actionFailedRetries, options.RetryRefusedConnections)),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception, args.AttemptNumber, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Whether the failure of attempt <paramref name="attemptNumber"/> (0 = the first) is retried.</summary>
    internal static bool ShouldRetry(
        Exception? failure, int attemptNumber, int transportRetries, int actionFailedRetries, bool retryRefused = true) => failure switch
    {
        UpnpTransportException { Failure: UpnpTransportFailure.ConnectFailed } when !retryRefused => false,
        UpnpTransportException transport => transport.IsTransient && attemptNumber < transportRetries,
        UpnpErrorException upnp => upnp.Code == UpnpErrorCode.ActionFailed && attemptNumber < actionFailedRetries,
        _ => false,
    };
}
