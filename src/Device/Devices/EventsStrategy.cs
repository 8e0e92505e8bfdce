using System.Net;

namespace IgdLab.Device.Devices;

/// <summary>
/// Remaps when the router signals a change: a new ExternalIPAddress (other than the mapped one), ConnectionStatus
/// returning to Connected, or a new BOOTID. Signals that arrive while a remap runs are coalesced into one more remap.
/// A failed remap is retried after <see cref="EventsStrategyOptions.RetryDelay"/>.
/// </summary>
public sealed class EventsStrategy : MappingStrategy
{
    private readonly IGatewaySignals _signals;
    private readonly Lock _lock = new();
    private string? _lastStatus;
    private bool _remapRequestedSinceDisconnect;
    private bool _pending;
    private bool _working;

    /// <summary>Creates the strategy.</summary>
    /// <param name="session">The mapping to keep.</param>
    /// <param name="signals">Where the router's signals come from.</param>
    /// <param name="options">The retry delay; null uses the defaults.</param>
    /// <param name="timeProvider">The clock; null uses the system clock.</param>
    public EventsStrategy(MappingSession session, IGatewaySignals signals, EventsStrategyOptions? options = null, TimeProvider? timeProvider = null)
        : base(session, timeProvider)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _signals = signals;
        Options = options ?? new EventsStrategyOptions();
    }

    /// <summary>The options in use.</summary>
    public EventsStrategyOptions Options { get; }

    /// <inheritdoc />
    protected internal override void StartTriggers()
    {
        _signals.ExternalAddressChanged += OnExternalAddress;
        _signals.ConnectionStatusChanged += OnConnectionStatus;
        _signals.BootIdChanged += OnBootId;
    }

    /// <inheritdoc />
    protected override ValueTask DisposeCoreAsync()
    {
        _signals.ExternalAddressChanged -= OnExternalAddress;
        _signals.ConnectionStatusChanged -= OnConnectionStatus;
        _signals.BootIdChanged -= OnBootId;
        return ValueTask.CompletedTask;
    }

    private void OnExternalAddress(string address)
    {
        var current = Session.Current?.ExternalAddress;
        if (current is null || !IPAddress.TryParse(address.Trim(), out var reported) || !reported.Equals(current))
        {
            RequestRemap();
        }
    }

    private void OnConnectionStatus(string status)
    {
        bool reconnected;
        lock (_lock)
        {
            var previous = _lastStatus;
            _lastStatus = status;
            var connected = string.Equals(status, "Connected", StringComparison.OrdinalIgnoreCase);
            reconnected = connected
                && previous is not null
                && !string.Equals(previous, "Connected", StringComparison.OrdinalIgnoreCase)
                && !_remapRequestedSinceDisconnect;
            if (!connected)
            {
                _remapRequestedSinceDisconnect = false;
            }
        }

        // A WAN change is evented as Disconnected, the new address, Connected: the address already asked for the
        // remap, and a second one would delete the fresh mapping and leave a gap for nothing.
        if (reconnected)
        {
            RequestRemap();
        }
    }

    private void OnBootId(string bootId) => RequestRemap();

    private void RequestRemap()
    {
        lock (_lock)
        {
            _pending = true;
            _remapRequestedSinceDisconnect = true;
            if (_working)
            {
                return;
            }

            _working = true;
        }

        Run(WorkAsync);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (!_pending)
                {
                    _working = false;
                    return;
                }

                _pending = false;
            }

            bool ok;
            try
            {
                ok = Session.Current is null ? await Session.MapAsync(cancellationToken) : await Session.TryRemapAsync(cancellationToken);
            }
            catch
            {
                lock (_lock)
                {
                    _working = false;
                }

                throw;
            }

            if (!ok)
            {
                After(Options.RetryDelay, _ =>
                {
                    RequestRemap();
                    return Task.CompletedTask;
                });
            }
        }
    }
}
