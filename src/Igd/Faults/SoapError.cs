using IgdLab.Igd.Soap;

namespace IgdLab.Igd.Faults;

/// <summary><c>soap-error</c>: the next <see cref="Count"/> calls of <see cref="SoapAction"/> fail with <see cref="Code"/>.</summary>
public sealed record SoapError : GatewayFault
{
    /// <summary>The SOAP action affected; null for every action.</summary>
    public string? SoapAction { get; init; }

    /// <summary>The UPnP error code.</summary>
    /// <value>The default is 501.</value>
    public int Code { get; init; } = UpnpErrorCode.ActionFailed;

    /// <summary>How many calls fail.</summary>
    /// <value>The default is 1.</value>
    public int Count { get; init; } = 1;

    /// <summary>The SOAP actions the virtual IGD serves, which soap-error and soap-delay may name.</summary>
    public static IReadOnlyList<string> KnownSoapActions { get; } =
    [
        .. new[] { ServiceCatalog.WanIpConnection, ServiceCatalog.WanCommonInterfaceConfig, ServiceCatalog.Layer3Forwarding }
            .SelectMany(s => s.Actions)
            .Select(a => a.Name)
            .Distinct(StringComparer.Ordinal),
    ];

    /// <inheritdoc />
    public override GatewayFault Ending => new ClearSoapFaults();

    internal override Task<FaultOutcome> ApplyAsync(IGatewayFaultSurface gateway, CancellationToken cancellationToken)
    {
        if (Count < 1)
        {
            throw new FaultRejectedException($"the count must be at least 1, not {Count}");
        }

        gateway.InjectSoapError(SoapAction, Code, Count);
        return Task.FromResult(FaultOutcome.Done($"next {Count} {SoapAction ?? "SOAP"} calls fail with {Code}"));
    }
}
