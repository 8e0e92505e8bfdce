using System.Net;
using IgdLab.Contracts.Control;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Probe;

/// <summary>
/// Joins a <see cref="VirtualDevice"/> (the protocol unit) to a <see cref="ProbeUnit"/>: the device's mapping results
/// become reports, the server's remap instructions run through <see cref="VirtualDevice.OnRemapInstructionAsync"/> (whose
/// returned mapping is the answer), and the router's signals (with the events strategy) go to the server as the event
/// fast path. The caller owns the device; disposing the binding disposes only the unit.
/// </summary>
public sealed class ProbeUnitBinding : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private bool _instructing;
    private MappingResult? _heldBack;
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
    }

    /// <summary>The device.</summary>
    public VirtualDevice Device { get; }

    /// <summary>The probe unit.</summary>
    public ProbeUnit Unit { get; }

    /// <summary>The unit options for <paramref name="device"/> talking to <paramref name="server"/>: its id, key and address, default policy.</summary>
    public static ProbeUnitOptions OptionsFor(VirtualDeviceOptions device, Uri server)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new ProbeUnitOptions { Server = server, DeviceId = device.Id, Key = device.Key, LocalAddress = device.Address, InProcessNetwork = device.InProcessNetwork };
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
        if (_signals is { } signals)
        {
            signals.ExternalAddressChanged -= OnExternalAddress;
            signals.ConnectionStatusChanged -= OnConnectionStatus;
            signals.BootIdChanged -= OnBootId;
        }

        await Unit.DisposeAsync();
    }

    /// <summary>The unit's remap: the device's answer to the instruction, which the unit sends as the instruction's report.</summary>
    private async Task<MappingResult> RemapAsync(CancellationToken cancellationToken)
    {
        // The unit runs one instruction at a time. While it runs, results go out as its answer, not as plain reports
        // too (that would send them twice).
        lock (_lock)
        {
            _instructing = true;
            _heldBack = null;
        }

        MappingResult answer;
        try
        {
            answer = await Device.OnRemapInstructionAsync(cancellationToken);
        }
        catch
        {
            // A result another strategy produced while the remap ran must still reach the server.
            if (EndInstruction() is { } other)
            {
                Unit.Report(other);
            }

            throw;
        }

        // A strategy may have mapped once more since the remap returned: the device's mapping now is the better answer.
        EndInstruction();
        return Device.CurrentMapping ?? answer;
    }

    /// <returns>The newest result held back while the instruction ran, or null.</returns>
    private MappingResult? EndInstruction()
    {
        lock (_lock)
        {
            _instructing = false;
            var heldBack = _heldBack;
            _heldBack = null;
            return heldBack;
        }
    }

    private void OnMappingChanged(MappingResult result)
    {
        lock (_lock)
        {
            if (_instructing)
            {
                _heldBack = result;
                return;
            }
        }

        Unit.Report(result);
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
}
