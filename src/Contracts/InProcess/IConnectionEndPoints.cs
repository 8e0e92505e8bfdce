using System.Net;

namespace IgdLab.Contracts.InProcess;

/// <summary>
/// Who is at either end of a connection served in memory, as a socket's endpoints would tell: a service offered on an
/// <see cref="IInProcessNetwork"/> finds it on the stream it is handed (a router's remote-host filter, a device that
/// logs its caller).
/// </summary>
public interface IConnectionEndPoints
{
    /// <summary>This side's endpoint; null when the other side did not say where it connected to.</summary>
    IPEndPoint? LocalEndPoint { get; }

    /// <summary>The other side's endpoint; null when the caller did not give one.</summary>
    IPEndPoint? RemoteEndPoint { get; }
}
