using System.Net;
using IgdLab.Device.Upnp.Gena;

namespace IgdLab.Device.Devices;

/// <summary>
/// <see cref="IGatewaySignals"/> from a <see cref="GenaSubscriber"/> subscribed to the router's WANIPConnection events;
/// BOOTID changes are fed in by whoever watches SSDP (<see cref="ReportBootId"/>).
/// </summary>
public sealed class GenaGatewaySignals : IGatewaySignals, IAsyncDisposable
{
    private readonly GenaSubscriber _subscriber;
    private readonly Lock _lock = new();
    private string? _bootId;

    /// <summary>Creates signals from a subscriber bound to <paramref name="localAddress"/>.</summary>
    public GenaGatewaySignals(IPAddress localAddress, TimeProvider? timeProvider = null)
    {
        _subscriber = new GenaSubscriber(localAddress, timeProvider);
        _subscriber.ExternalAddressChanged += a => ExternalAddressChanged?.Invoke(a);
        _subscriber.ConnectionStatusChanged += s => ConnectionStatusChanged?.Invoke(s);
    }

    /// <inheritdoc />
    public event Action<string>? ExternalAddressChanged;

    /// <inheritdoc />
    public event Action<string>? ConnectionStatusChanged;

    /// <inheritdoc />
    public event Action<string>? BootIdChanged;

    /// <summary>Subscribes to the router's event URL.</summary>
    /// <param name="eventUrl">The WANIPConnection service's eventSubURL.</param>
    /// <param name="timeout">The subscription timeout to ask for (renewed at half).</param>
    /// <param name="cancellationToken">Cancels the SUBSCRIBE.</param>
    public Task SubscribeAsync(Uri eventUrl, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _subscriber.SubscribeAsync(eventUrl, timeout, cancellationToken);

    /// <summary>Reports the BOOTID.UPNP.ORG last seen in SSDP; a value other than the previous one raises <see cref="BootIdChanged"/>.</summary>
    public void ReportBootId(string bootId)
    {
        ArgumentNullException.ThrowIfNull(bootId);
        string? previous;
        lock (_lock)
        {
            previous = _bootId;
            _bootId = bootId;
        }

        if (previous is not null && !string.Equals(previous, bootId, StringComparison.Ordinal))
        {
            BootIdChanged?.Invoke(bootId);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _subscriber.DisposeAsync();
}
