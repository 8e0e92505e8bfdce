using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IgdLab.Device.Devices;
using IgdLab.Protocols.NatPmp;
using IgdLab.Protocols.Pcp;
using IgdLab.Contracts;

namespace IgdLab.Device.PortControl;

/// <summary>
/// Listens on UDP 5350 of the device's own address for the gateway's NAT-PMP and PCP announcements (RFC 6886 §3.2.1,
/// RFC 6887 §14.1.3) and turns them into <see cref="IGatewaySignals"/>: a NAT-PMP address announcement reports the
/// external address, and an epoch that shows lost state (PCP ANNOUNCE, or NAT-PMP's) reports a restart. Datagrams from
/// anyone but the gateway are ignored, as both RFCs require. The repeats of one announcement are consistent with
/// each other, so they signal once.
/// </summary>
public sealed class PortControlAnnouncementListener : IGatewaySignals, IAsyncDisposable
{
    private readonly DatagramPort _socket;
    private readonly IPAddress _gateway;
    private readonly EpochTracker _epoch;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <summary>Binds <paramref name="localAddress"/>:5350 and starts listening for <paramref name="gateway"/>'s announcements.</summary>
    /// <param name="localAddress">The device's own address.</param>
    /// <param name="gateway">The gateway's LAN address: announcements come from there.</param>
    /// <param name="epoch">The epoch as the device's mapping actions see it, so an announcement after a known reset is not news.</param>
    public PortControlAnnouncementListener(IPAddress localAddress, IPAddress gateway, EpochTracker epoch)
    {
        ArgumentNullException.ThrowIfNull(localAddress);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(epoch);
        _gateway = gateway;
        _epoch = epoch;
        _socket = DatagramPort.Bind(new IPEndPoint(localAddress, PortControlWire.AnnouncePort), reuseAddress: true);

        _loop = Task.Run(ListenAsync);
    }

    /// <inheritdoc />
    public event Action<string>? ExternalAddressChanged;

    /// <inheritdoc />
    /// <remarks>NAT-PMP and PCP have no connection status: never raised.</remarks>
    public event Action<string>? ConnectionStatusChanged
    {
        add { }
        remove { }
    }

    /// <inheritdoc />
    public event Action<string>? BootIdChanged;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stopping.Dispose();
    }

    private async Task ListenAsync()
    {
        var buffer = new byte[PortControlWire.MaxMessageLength];
        while (!_stopping.IsCancellationRequested)
        {
            int length;
            IPEndPoint from;
            try
            {
                (length, from) = await _socket.ReceiveFromAsync(buffer, _stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            if (from.Address.Equals(_gateway))
            {
                Read(buffer.AsSpan(0, length));
            }
        }
    }

    private void Read(ReadOnlySpan<byte> datagram)
    {
        uint epoch;
        string? address = null;
        if (PortControlWire.IsNatPmp(datagram))
        {
            if (!NatPmpCodec.TryReadResponse(datagram, out var response, out _) || response is not NatPmpExternalAddressResponse { Result: NatPmpResultCode.Success } external)
            {
                return;
            }

            epoch = external.EpochSeconds;
            address = external.ExternalAddress.ToString();
        }
        else
        {
            if (!PcpCodec.TryReadResponse(datagram, out var response, out _) || response is not { Opcode: PcpOpcode.Announce, Result: PcpResultCode.Success })
            {
                return;
            }

            epoch = response.EpochSeconds;
        }

        var lost = _epoch.Observe(epoch);
        if (address is not null)
        {
            ExternalAddressChanged?.Invoke(address);
        }

        if (lost)
        {
            BootIdChanged?.Invoke(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}"));
        }
    }
}
