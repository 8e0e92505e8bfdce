using System.Net;
using IgdLab.Device.Devices;
using IgdLab.Device.Probe;
using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Running;

/// <summary>One device of the world: its gateway, the virtual device, and its probe unit when it follows the watchdog.</summary>
internal sealed class WorldDevice(string gateway, DeviceAgent agent) : IAsyncDisposable
{
    /// <summary>The device's id.</summary>
    public string Id => Device.Options.Id;

    /// <summary>The gateway it sits behind.</summary>
    public string Gateway { get; } = gateway;

    /// <summary>The device and, when it uses the watchdog strategy and the world has a watchdog, its probe unit.</summary>
    public DeviceAgent Agent { get; } = agent;

    /// <summary>The virtual device.</summary>
    public VirtualDevice Device => Agent.Device;

    /// <summary>Whether the watchdog keeps this device (it reports and obeys instructions).</summary>
    public bool Watched => Agent.ProbeUnit is not null;

    /// <summary>The strategy, in the scenario's words (<c>watchdog+events</c>).</summary>
    public string Strategy => ScenarioVocabulary.FormatStrategy(Device.Options.Strategies);

    /// <summary>The device's own address.</summary>
    public IPAddress Address => Device.Options.Address;

    public ValueTask DisposeAsync() => Agent.DisposeAsync();
}
