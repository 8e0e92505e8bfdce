using IgdLab.Contracts.Control;

namespace IgdLab.Prober.Watchdog;

/// <summary>A device's open control channel as the watchdog uses it: send a message, or close it.</summary>
internal interface IDeviceChannel
{
    /// <summary>Sends <paramref name="message"/>; false when the channel is closed or broke.</summary>
    Task<bool> SendAsync(ControlMessage message);

    /// <summary>Sends an error with <paramref name="code"/> and closes the channel.</summary>
    Task CloseAsync(string code, string reason);
}
