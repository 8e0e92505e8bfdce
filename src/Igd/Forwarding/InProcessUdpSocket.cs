using System.Net;
using IgdLab.Contracts.InProcess;
using IgdLab.Igd.Faults;

namespace IgdLab.Igd.Forwarding;

/// <summary>
/// A UDP WAN port offered on the in-process WAN: a sender in this process hands its datagram to the port in memory
/// (<see cref="IInProcessNetwork.FindDatagrams"/>) and replies go back through the sender's own
/// <see cref="DatagramReply"/>. While the port is not offered, datagrams to it are lost, as on a closed port. Through an
/// impaired <see cref="WanLink"/>, each datagram in and each reply out crosses it: lost, or delayed without holding back
/// the next.
/// </summary>
internal sealed class InProcessUdpSocket : IUdpWanSocket
{
    private readonly IInProcessNetwork _network;
    private readonly IPEndPoint _endPoint;
    private readonly ForwardingContext _context;
    // Completed by RunAsync or with null by Dispose; datagrams that arrive before the port runs wait for it.
    private readonly TaskCompletionSource<DatagramService?> _serve = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationToken _stop;

    /// <summary>Offers the port now; throws <see cref="System.Net.Sockets.SocketException"/> when it is offered already.</summary>
    public InProcessUdpSocket(IInProcessNetwork network, IPEndPoint endPoint, ForwardingContext context)
    {
        _network = network;
        _endPoint = endPoint;
        _context = context;
        WanPorts.Bind(() => network.OfferDatagrams(endPoint, ServeAsync));
    }

    /// <inheritdoc />
    public Task RunAsync(DatagramService serve, CancellationToken stop)
    {
        // Nothing to loop on: the network calls ServeAsync per datagram.
        _stop = stop;
        _serve.TrySetResult(serve);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _network.WithdrawDatagrams(_endPoint);
        _serve.TrySetResult(null);
    }

    private ValueTask ServeAsync(IPEndPoint from, ReadOnlyMemory<byte> datagram, DatagramReply reply, CancellationToken cancellationToken)
    {
        if (_context.Link is not { IsClear: false } link)
        {
            return ServeNowAsync(from, datagram, reply, cancellationToken);
        }

        // Both ways cross the link: the datagram in, and each reply back out.
        DatagramReply replyAcross = (answer, token) => link.CarryAsync(PartitionDirection.Outbound, answer, reply, token, _stop);
        return link.CarryAsync(PartitionDirection.Inbound, datagram, (arrived, token) => ServeNowAsync(from, arrived, replyAcross, token), cancellationToken, _stop);
    }

    private async ValueTask ServeNowAsync(IPEndPoint from, ReadOnlyMemory<byte> datagram, DatagramReply reply, CancellationToken cancellationToken)
    {
        _context.Counters.CountReceived(datagram.Length);
        if (await _serve.Task is { } serve)
        {
            await serve(from, datagram, reply, _stop);
        }
    }
}
