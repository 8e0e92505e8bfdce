using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// A TCP WAN port offered on the in-process WAN: a caller in this process connects in memory
/// (<see cref="IInProcessNetwork.TryConnect"/>) and the port sees who calls through <see cref="IConnectionEndPoints"/>.
/// While the port is not offered, a connect returns null, which callers treat as refused. Through an impaired
/// <see cref="WanLink"/>, the connection attempt may be lost (never answered) and is accepted one crossing's delay late;
/// the gateway's first reply bytes wait one more crossing (<see cref="LinkStream"/>).
/// </summary>
internal sealed class InProcessTcpListener : ITcpWanListener
{
    /// <summary>The peer of a caller that did not say where it connects from: no remote-host filter admits it.</summary>
    private static readonly IPEndPoint UnknownPeer = new(IPAddress.Any, 0);

    private readonly IInProcessNetwork _network;
    private readonly IPEndPoint _endPoint;
    private readonly MappingKey _key;
    private readonly ForwardingContext _context;
    // Completed by RunAsync (on the thread pool, after the offer) or with null by Dispose: connections that arrive
    // before the port runs wait for it, as in a kernel listener's backlog.
    private readonly TaskCompletionSource<Action<OutsideConnection>?> _onAccepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Offers the port now; throws <see cref="System.Net.Sockets.SocketException"/> when it is offered already.</summary>
    public InProcessTcpListener(IInProcessNetwork network, IPEndPoint endPoint, MappingKey key, ForwardingContext context)
    {
        _network = network;
        _endPoint = endPoint;
        _key = key;
        _context = context;
        WanPorts.Bind(() => network.Offer(endPoint.Address, endPoint.Port, ServeAsync));
    }

    /// <inheritdoc />
    public Task RunAsync(Action<OutsideConnection> onAccepted, CancellationToken stop)
    {
        // Nothing to loop on: the network calls ServeAsync per connection.
        _onAccepted.TrySetResult(onAccepted);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _network.Withdraw(_endPoint);
        _onAccepted.TrySetResult(null);
    }

    private async Task ServeAsync(Stream connection, CancellationToken cancellationToken)
    {
        if (_context.Link is { IsClear: false } link)
        {
            // The connection attempt crosses the link first. One lost or cut off never reaches the router, so nothing
            // answers it, not even a reset: the caller waits until its own timeout.
            if (!link.Passes(PartitionDirection.Inbound))
            {
                await UnansweredAsync(connection);
                return;
            }

            await link.CrossAsync(cancellationToken);
        }

        var peer = (connection as IConnectionEndPoints)?.RemoteEndPoint ?? UnknownPeer;
        var outside = OutsideConnection.InMemory(connection, peer, _context.Link);
        try
        {
            if (await _onAccepted.Task is { } onAccepted)
            {
                onAccepted(outside);
            }
            else
            {
                // Connected while the port closed: a kernel listener would reset too.
                outside.Reset();
            }
        }
        catch (Exception ex)
        {
            ForwardingPlane.Log.LoopFailed(_context.Logger, _key, ex);
            outside.Reset();
        }

        await outside.Ended;
        if (outside.Unheard)
        {
            await UnansweredAsync(connection);
        }
    }

    /// <summary>Holds a connection whose caller hears nothing until the caller gives up and closes it; what it sends is lost.</summary>
    private static async Task UnansweredAsync(Stream connection)
    {
        var discarded = new byte[256];
        try
        {
            while (await connection.ReadAsync(discarded) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The caller reset it: gone all the same.
        }
    }
}
