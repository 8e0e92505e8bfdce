using IgdLab.Device.Devices;
using Microsoft.Extensions.Logging;

namespace IgdLab.Device.Probe;

/// <summary>
/// A virtual device and, when a watchdog keeps it, its probe unit: the one wiring that the emulator's world and
/// <c>igdlab device</c> share. The unit speaks for the device from the device's own address, opens its channel once
/// the device has started, and is closed before the device deletes its mapping.
/// </summary>
public sealed class DeviceAgent : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private int _disposed;

    /// <summary>Creates a stopped device without a probe unit.</summary>
    /// <param name="options">The device.</param>
    /// <param name="timeProvider">The clock of the device and its unit; null uses the system clock.</param>
    public DeviceAgent(VirtualDeviceOptions options, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        Device = new VirtualDevice(options, _time);
    }

    /// <summary>The device (the protocol unit).</summary>
    public VirtualDevice Device { get; }

    /// <summary>The probe unit, once <see cref="ReportTo"/> gave the device one; null for a device no watchdog keeps.</summary>
    public ProbeUnitBinding? ProbeUnit { get; private set; }

    /// <summary>
    /// Gives the device a probe unit talking to a watchdog server (before <see cref="StartProbeUnit"/>); its events can be
    /// observed before it starts.
    /// </summary>
    /// <param name="options">The unit's options, usually <see cref="ProbeUnitBinding.OptionsFor"/> the device's options.</param>
    /// <param name="logger">The unit's log; null logs nothing.</param>
    /// <returns>The unit.</returns>
    /// <exception cref="InvalidOperationException">The device already has a probe unit.</exception>
    public ProbeUnitBinding ReportTo(ProbeUnitOptions options, ILogger<ProbeUnit>? logger = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (ProbeUnit is not null)
        {
            throw new InvalidOperationException($"device {Device.Options.Id} already has a probe unit");
        }

        ProbeUnit = new ProbeUnitBinding(Device, options, _time, logger);
        return ProbeUnit;
    }

    /// <summary>Starts the device against the router <paramref name="locator"/> finds (and finds again after it moved).</summary>
    /// <returns>True when a mapping exists afterwards.</returns>
    public Task<bool> StartAsync(IGatewayLocator locator, CancellationToken cancellationToken = default) => Device.StartAsync(locator, cancellationToken);

    /// <summary>Starts the device against a connection service already found.</summary>
    /// <returns>True when a mapping exists afterwards.</returns>
    public Task<bool> StartAsync(GatewayService service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Device.StartAsync(service.ControlUrl, service.ServiceType, service.EventUrl, cancellationToken);
    }

    /// <summary>
    /// Opens the probe unit's channel (after the device started: the unit reports its mapping and follows its router's
    /// signals); does nothing without a unit.
    /// </summary>
    public void StartProbeUnit() => ProbeUnit?.Start();

    /// <summary>Closes the probe unit, then stops the device, which deletes its mapping.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (ProbeUnit is not null)
        {
            await ProbeUnit.DisposeAsync();
        }

        await Device.DisposeAsync();
    }
}
