namespace IgdLab.Igd.Forwarding;

/// <summary>
/// Where a TCP WAN port takes connections: a kernel listener (<see cref="KernelTcpListener"/>) or an offer on the
/// in-process WAN (<see cref="InProcessTcpListener"/>). Creating one binds the port; disposing it stops new
/// connections at once.
/// </summary>
internal interface ITcpWanListener : IDisposable
{
    /// <summary>Hands every accepted connection to <paramref name="onAccepted"/> until <paramref name="stop"/> is cancelled.</summary>
    Task RunAsync(Action<OutsideConnection> onAccepted, CancellationToken stop);
}
