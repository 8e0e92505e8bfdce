namespace IgdLab.Igd.Forwarding;

/// <summary>
/// The WAN interface counters of WANCommonInterfaceConfig, counted on the outside sockets only.
/// For UDP a packet is a datagram. For TCP every socket read or write counts as one packet: an approximation,
/// since the kernel segments and coalesces the stream on its own; bytes are exact payload bytes (no headers).
/// </summary>
internal sealed class TrafficCounters
{
    private long _bytesReceived;
    private long _bytesSent;
    private long _packetsReceived;
    private long _packetsSent;
    private int _activeFlows;

    /// <summary>Payload bytes received from outside peers (TotalBytesReceived).</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Payload bytes sent to outside peers (TotalBytesSent).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Datagrams, or TCP reads, from outside peers (TotalPacketsReceived).</summary>
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    /// <summary>Datagrams, or TCP writes, to outside peers (TotalPacketsSent).</summary>
    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Forwarded TCP connections plus UDP sessions currently open.</summary>
    public int ActiveFlows => Volatile.Read(ref _activeFlows);

    /// <summary>Counts one packet of <paramref name="bytes"/> received on the WAN side.</summary>
    public void CountReceived(int bytes)
    {
        Interlocked.Add(ref _bytesReceived, bytes);
        Interlocked.Increment(ref _packetsReceived);
    }

    /// <summary>Counts one packet of <paramref name="bytes"/> sent on the WAN side.</summary>
    public void CountSent(int bytes)
    {
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Increment(ref _packetsSent);
    }

    /// <summary>A forwarded connection or session opened.</summary>
    public void FlowOpened() => Interlocked.Increment(ref _activeFlows);

    /// <summary>A forwarded connection or session ended.</summary>
    public void FlowClosed() => Interlocked.Decrement(ref _activeFlows);
}
