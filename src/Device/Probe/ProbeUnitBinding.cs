using System.Net;
using System.Runtime.ExceptionServices;
using IgdLab.Contracts.Control;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Probe;

/// <summary>
/// Joins a <see cref="VirtualDevice"/> (the protocol unit) to a <see cref="ProbeUnit"/>: the device's mapping results
/// become reports, the server's remap instructions run through <see cref="VirtualDevice.OnRemapInstructionAsync"/>, and
/// the router's signals (with the events strategy) go to the server as the event fast path. The caller owns the device;
/// disposing the binding disposes only the unit.
/// </summary>
public sealed class ProbeUnitBinding : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private RemapCapture? _capture;
    private IGatewaySignals? _signals;
    private string? _lastStatus;
    private bool _started;

    /// <summary>Creates the unit for <paramref name="device"/>; <see cref="Start"/> (after the device started) opens its channel.</summary>
    /// <param name="device">The device; its id must be <see cref="ProbeUnitOptions.DeviceId"/>.</param>
    /// <param name="options">The unit's options; a null <see cref="ProbeUnitOptions.LocalAddress"/> becomes the device's address.</param>
    /// <param name="timeProvider">The unit's clock; null uses the system clock.</param>
    /// <param name="logger">The unit's log; null logs nothing.</param>
    public ProbeUnitBinding(VirtualDevice device, ProbeUnitOptions options, TimeProvider? timeProvider = null, ILogger<ProbeUnit>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(options.DeviceId, device.Options.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the probe unit speaks for '{options.DeviceId}', the device is '{device.Options.Id}'", nameof(options));
        }

        Device = device;
        Unit = new ProbeUnit(options with { LocalAddress = options.LocalAddress ?? device.Options.Address }, RemapAsync, timeProvider, logger);
        device.MappingChanged += OnMappingChanged;
        device.MappingFailed += OnMappingFailed;
    }

    /// <summary>The device.</summary>
    public VirtualDevice Device { get; }

    /// <summary>The probe unit.</summary>
    public ProbeUnit Unit { get; }

    /// <summary>The unit options for <paramref name="device"/> talking to <paramref name="server"/>: its id, key and address, default policy.</summary>
    public static ProbeUnitOptions OptionsFor(VirtualDeviceOptions device, Uri server)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new ProbeUnitOptions { Server = server, DeviceId = device.Id, Key = device.Key, LocalAddress = device.Address };
    }

    /// <summary>
    /// Reports the device's current mapping (if any), subscribes to its router signals (present once the device started
    /// with the events strategy) and opens the channel.
    /// </summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started)
            {
                throw new InvalidOperationException("already started");
            }

            _started = true;
            _signals = Device.GatewaySignals;
        }

        if (_signals is { } signals)
        {
            signals.ExternalAddressChanged += OnExternalAddress;
            signals.ConnectionStatusChanged += OnConnectionStatus;
            signals.BootIdChanged += OnBootId;
        }

        if (Device.CurrentMapping is { } mapping)
        {
            Unit.Report(mapping);
        }

        Unit.Start();
    }

    /// <summary>Unsubscribes from the device and disposes the unit (closing its channel); the device keeps running.</summary>
    public async ValueTask DisposeAsync()
    {
        Device.MappingChanged -= OnMappingChanged;
        Device.MappingFailed -= OnMappingFailed;
        if (_signals is { } signals)
        {
            signals.ExternalAddressChanged -= OnExternalAddress;
            signals.ConnectionStatusChanged -= OnConnectionStatus;
            signals.BootIdChanged -= OnBootId;
        }

        await Unit.DisposeAsync();
    }

    /// <summary>The unit's remap: the device's remap, whose outcome arrives as MappingChanged or MappingFailed before it completes.</summary>
    private async Task<MappingResult> RemapAsync(CancellationToken cancellationToken)
    {
        // The unit runs one instruction at a time, so one capture is enough.
        var capture = new RemapCapture();
        lock (_lock)
        {
            _capture = capture;
        }

        try
        {
            await Device.OnRemapInstructionAsync(cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _capture = null;
            }
        }

        lock (_lock)
        {
            if (capture.Failure is { } failure)
            {
                // A result another strategy produced while the remap ran must still reach the server.
                if (capture.Result is { } other)
                {
                    Unit.Report(other);
                }

                ExceptionDispatchInfo.Throw(failure);
            }

            return capture.Result ?? throw new InvalidOperationException("the device did not remap (it is stopping)");
        }
    }

    private void OnMappingChanged(MappingResult result)
    {
        lock (_lock)
        {
            if (_capture is { } capture)
            {
                // The answer to the instruction carries this result; reporting it now too would send it twice.
                capture.Result = result;
                capture.Failure = null;
                return;
            }
        }

        Unit.Report(result);
    }

    private void OnMappingFailed(Exception failure)
    {
        lock (_lock)
        {
            _capture?.Failure = failure;
        }
    }

    private void OnExternalAddress(string address)
    {
        // GENA's initial event repeats the address the mapping already has: not a change worth an immediate probe.
        var current = Device.CurrentMapping?.ExternalAddress;
        if (current is null || !IPAddress.TryParse(address.Trim(), out var reported) || !reported.Equals(current))
        {
            _ = Unit.SignalAsync(GatewaySignalKinds.ExternalAddressChanged, address.Trim());
        }
    }

    private void OnConnectionStatus(string status)
    {
        string? previous;
        lock (_lock)
        {
            previous = _lastStatus;
            _lastStatus = status;
        }

        if (string.Equals(status, "Connected", StringComparison.OrdinalIgnoreCase)
            && previous is not null
            && !string.Equals(previous, "Connected", StringComparison.OrdinalIgnoreCase))
        {
            _ = Unit.SignalAsync(GatewaySignalKinds.Reconnected, status);
        }
    }

    private void OnBootId(string bootId) => _ = Unit.SignalAsync(GatewaySignalKinds.Rebooted, bootId);

    /// <summary>The outcome of one instruction's remap as the device's events report it.</summary>
    private sealed class RemapCapture
    {
        public MappingResult? Result { get; set; }

        public Exception? Failure { get; set; }
    }
}
