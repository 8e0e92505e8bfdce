using System.Net;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// Something listening on WAN address:port for one mapping key: a forwarder or a silent port.
/// <see cref="IDisposable.Dispose"/> closes it synchronously (fast, for use under the table's lock);
/// <see cref="WhenClosedAsync"/> then waits for its loops and connections to end.
/// </summary>
internal interface IWanPort : IDisposable
{
    /// <summary>The mapping key the port serves.</summary>
    MappingKey Key { get; }

    /// <summary>The WAN address it listens on.</summary>
    IPAddress Address { get; }

    /// <summary>Starts the accept or receive loop on the thread pool.</summary>
    void Start();

    /// <summary>Completes when every loop and connection of the port has ended after disposal; never faults.</summary>
    Task WhenClosedAsync();
}
