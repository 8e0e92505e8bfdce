using IgdLab.Contracts.Control;
using IgdLab.Prober.Watchdog;

namespace IgdLab.Prober.Cluster;

/// <summary>
/// The owner's handle on a device whose control channel is open on another instance: what it sends goes there as a
/// <see cref="ClusterMessageKind.Deliver"/> message, which that instance passes on (or answers undelivered).
/// </summary>
internal sealed class RemoteDeviceChannel(string deviceId, string instance, Func<ClusterMessage, Task<bool>> publish, string self) : IDeviceChannel
{
    /// <summary>The instance the channel is open on.</summary>
    public string Instance => instance;

    /// <summary>True once the message is handed to the registry for that instance (its delivery is that instance's job).</summary>
    public Task<bool> SendAsync(ControlMessage message) =>
        publish(new ClusterMessage(ClusterMessageKind.Deliver, deviceId, self, instance, System.Text.Encoding.UTF8.GetString(ControlProtocol.Serialize(message))));

    /// <summary>The device's channel is closed by its own instance (a revoked key reaches every instance as <see cref="ClusterMessageKind.Key"/>).</summary>
    public Task CloseAsync(string code, string reason) => Task.CompletedTask;
}
