namespace IgdLab.Device.Upnp.Soap;

/// <summary>One SOAP action call: where it goes, what it asks and how failures are retried.</summary>
internal sealed record SoapCall(Uri ControlUrl, string ServiceType, string Action, IReadOnlyList<KeyValuePair<string, string>> Arguments)
{
    /// <summary>Whether transient failures are retried at all; probes and list walks make single attempts.</summary>
    public bool Retry { get; init; } = true;

    /// <summary>Whether 501 ActionFailed is retried (not where 501 means "end of list").</summary>
    public bool RetryActionFailed { get; init; } = true;

    /// <summary>
    /// Asked before retrying an attempt whose outcome is unknown (a timeout, a lost connection): returns the action's
    /// result when the router evidently carried it out already, so that it is not done twice; null to send it again.
    /// </summary>
    public Func<CancellationToken, ValueTask<SoapOutArguments?>>? OutcomeProbe { get; init; }
}
