using System.Net;
using IgdLab.Device.Devices;
using IgdLab.Device.Probe;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Running;

/// <summary>One device of the world: its spec, the virtual device, and its probe unit when it follows the watchdog.</summary>
internal sealed class WorldDevice(string gateway, VirtualDevice device) : IAsyncDisposable
{
    /// <summary>The device's id.</summary>
    public string Id => Device.Options.Id;

    /// <summary>The gateway it sits behind.</summary>
    public string Gateway { get; } = gateway;

    /// <summary>The virtual device.</summary>
    public VirtualDevice Device { get; } = device;

    /// <summary>Its probe unit, when the device uses the watchdog strategy and the world has a watchdog.</summary>
    public ProbeUnitBinding? ProbeUnit { get; set; }

    /// <summary>Whether the watchdog keeps this device (it reports and obeys instructions).</summary>
    public bool Watched => ProbeUnit is not null;

    /// <summary>The strategy, in the scenario's words (<c>watchdog+events</c>).</summary>
    public string Strategy => ScenarioVocabulary.FormatStrategy(Device.Options.Strategies);

    /// <summary>The device's own address.</summary>
    public IPAddress Address => Device.Options.Address;

    public async ValueTask DisposeAsync()
    {
        if (ProbeUnit is not null)
        {
            await ProbeUnit.DisposeAsync();
        }

        await Device.DisposeAsync();
    }
}
