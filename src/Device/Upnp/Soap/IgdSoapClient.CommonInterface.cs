namespace IgdLab.Device.Upnp.Soap;

/// <content>WANCommonInterfaceConfig:1 queries; that service has its own control URL in the description.</content>
public sealed partial class IgdSoapClient
{
    /// <summary>GetCommonLinkProperties: WAN access type, link bit rates and whether the physical link is up.</summary>
    /// <param name="commonInterfaceControlUrl">The WANCommonInterfaceConfig service's control URL.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<CommonLinkProperties> GetCommonLinkPropertiesAsync(Uri commonInterfaceControlUrl, CancellationToken cancellationToken = default)
    {
        var result = await InvokeAsync(CommonCall(commonInterfaceControlUrl, UpnpActions.GetCommonLinkProperties), cancellationToken);
        return new CommonLinkProperties
        {
            WanAccessType = result.Text(UpnpArguments.NewWANAccessType).Trim(),
            Layer1UpstreamMaxBitRate = result.Counter("NewLayer1UpstreamMaxBitRate"),
            Layer1DownstreamMaxBitRate = result.Counter("NewLayer1DownstreamMaxBitRate"),
            PhysicalLinkStatus = result.OptionalText(UpnpArguments.NewPhysicalLinkStatus).Trim(),
        };
    }

    /// <summary>GetTotalBytesSent: bytes sent on the WAN link (a ui4 counter that wraps on most routers).</summary>
    public Task<ulong> GetTotalBytesSentAsync(Uri commonInterfaceControlUrl, CancellationToken cancellationToken = default) =>
        CounterAsync(commonInterfaceControlUrl, UpnpActions.GetTotalBytesSent, UpnpArguments.NewTotalBytesSent, cancellationToken);

    /// <summary>GetTotalBytesReceived: bytes received on the WAN link.</summary>
    public Task<ulong> GetTotalBytesReceivedAsync(Uri commonInterfaceControlUrl, CancellationToken cancellationToken = default) =>
        CounterAsync(commonInterfaceControlUrl, UpnpActions.GetTotalBytesReceived, UpnpArguments.NewTotalBytesReceived, cancellationToken);

    /// <summary>GetTotalPacketsSent: packets sent on the WAN link.</summary>
    public Task<ulong> GetTotalPacketsSentAsync(Uri commonInterfaceControlUrl, CancellationToken cancellationToken = default) =>
        CounterAsync(commonInterfaceControlUrl, UpnpActions.GetTotalPacketsSent, UpnpArguments.NewTotalPacketsSent, cancellationToken);

    /// <summary>GetTotalPacketsReceived: packets received on the WAN link.</summary>
    public Task<ulong> GetTotalPacketsReceivedAsync(Uri commonInterfaceControlUrl, CancellationToken cancellationToken = default) =>
        CounterAsync(commonInterfaceControlUrl, UpnpActions.GetTotalPacketsReceived, UpnpArguments.NewTotalPacketsReceived, cancellationToken);

    private async Task<ulong> CounterAsync(Uri controlUrl, string action, string argument, CancellationToken cancellationToken)
    {
        var result = await InvokeAsync(CommonCall(controlUrl, action), cancellationToken);
        return result.Counter(argument);
    }

    private static SoapCall CommonCall(Uri controlUrl, string action)
    {
        CheckControlUrl(controlUrl);
        return new SoapCall(controlUrl, UpnpUrns.WanCommonInterfaceConfig1, action, []);
    }
}
