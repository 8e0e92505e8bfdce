namespace IgdLab.Igd.Faults;

/// <summary><c>soap-delay</c>: answers to <see cref="SoapAction"/> wait <see cref="Delay"/>; zero clears the delay.</summary>
public sealed record SoapDelay : GatewayFault
{
    /// <summary>The SOAP action affected; null for every action.</summary>
    public string? SoapAction { get; init; }

    /// <summary>The delay before each answer.</summary>
    public TimeSpan Delay { get; init; }

    /// <inheritdoc />
    public override GatewayFault Ending => new ClearSoapFaults();

    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        if (Delay < TimeSpan.Zero)
        {
            throw new FaultRejectedException("the delay must not be negative");
        }

        gateway.SetSoapDelay(Delay, SoapAction);
        return Task.FromResult(FaultOutcome.Done($"{SoapAction ?? "SOAP"} answers delayed by {Delay.TotalMilliseconds} ms"));
    }
}
