using System.Buffers;
using System.Net;
using System.Net.Sockets;
using IgdLab.Contracts.InProcess;
using IgdLab.Protocols;

namespace IgdLab.Contracts;

/// <summary>How one identity probe ended.</summary>
public enum ProbeOutcome
{
    /// <summary>The expected device answered with a valid proof.</summary>
    Ok,

    /// <summary>The connection was refused or reset: the gateway itself reports the mapping is gone.</summary>
    Refused,

    /// <summary>No answer within the timeout (connect or handshake).</summary>
    Timeout,

    /// <summary>Another device answered.</summary>
    WrongDevice,

    /// <summary>Something answered, but not with a valid handshake for this device.</summary>
    HandshakeFailure,
}

/// <summary>The result of an identity probe: the outcome, who answered, and how long it took.</summary>
public sealed record ProbeResult(ProbeOutcome Outcome, string? AnsweredBy, TimeSpan Elapsed, string Detail);

/// <summary>Connects to an endpoint and completes a device's identity handshake over TCP or UDP (the watchdog's and oracle's probe).</summary>
public static class IdentityProbe
{
    /// <summary>
    /// Probes <paramref name="target"/> over <paramref name="protocol"/>: on the simulated network
    /// <paramref name="network"/> when one is given, else on a socket of the network scope in effect. The overloads
    /// below do each of the four.
    /// </summary>
    public static Task<ProbeResult> ProbeAsync(
        MappingProtocol protocol, IPEndPoint target, string deviceId, byte[] key, TimeSpan timeout, TimeProvider time, IPAddress? localAddress, IInProcessNetwork? network, CancellationToken cancellationToken = default) =>
        (protocol, network) switch
        {
            (MappingProtocol.Udp, null) => ProbeUdpAsync(target, deviceId, key, timeout, time, localAddress, cancellationToken),
            (_, null) => ProbeTcpAsync(target, deviceId, key, timeout, time, localAddress, cancellationToken),
            (MappingProtocol.Udp, { } inMemory) => ProbeUdpAsync(inMemory, target, deviceId, key, timeout, time, localAddress, cancellationToken),
            (_, { } inMemory) => ProbeTcpAsync(inMemory, target, deviceId, key, timeout, time, localAddress, cancellationToken),
        };

    /// <summary>
    /// Probes <paramref name="target"/> expecting <paramref name="deviceId"/> holding <paramref name="key"/>, within
    /// <paramref name="timeout"/> on <paramref name="time"/>, optionally from <paramref name="localAddress"/> (the outside
    /// world's own loopback address); <paramref name="cancellationToken"/> abandons it.
    /// </summary>
    public static async Task<ProbeResult> ProbeTcpAsync(
        IPEndPoint target, string deviceId, byte[] key, TimeSpan timeout, TimeProvider time, IPAddress? localAddress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();

        // Callers that bound the probe themselves (the watchdog's deadline) pass an infinite timeout: no timer then.
        using var deadline = new ProbeDeadline(timeout, time, cancellationToken);
        var token = deadline.Token;
        using var socket = NetworkScope.CreateSocket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var buffers = new HandshakeBuffers();
        try
        {
            if (localAddress is not null)
            {
                BindWithoutPort(socket, localAddress);
            }

            // One write and then a read: Nagle never holds the hello back, so TCP_NODELAY would only cost a system call.
            await socket.ConnectAsync(target, token);
            await socket.SendAsync(buffers.NewHello(), token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var line = await IdentityHandshake.ReadLineAsync(stream, buffers.Line, token);

            // The answer is all a probe wants: end with a reset, not a FIN exchange, so neither side keeps the
            // connection in TIME_WAIT (thousands of probes a second would hold tens of thousands of them).
            socket.LingerState = new LingerOption(true, 0);
            return Judge(buffers.Line.Span, line, deviceId, key, buffers.Challenge, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            return Result(ProbeOutcome.Timeout, null, $"no answer within {timeout.TotalMilliseconds} ms");
        }
        catch (Exception ex) when ((ex as SocketException ?? ex.InnerException as SocketException) is { } socketError)
        {
            // The stream's reads wrap the socket's error in an IOException.
            var outcome = socketError.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset
                ? ProbeOutcome.Refused
                : ProbeOutcome.HandshakeFailure;
            return Result(outcome, null, socketError.SocketErrorCode.ToString());
        }

        ProbeResult Result(ProbeOutcome outcome, string? answeredBy, string detail) =>
            new(outcome, answeredBy, time.GetElapsedTime(started), detail);
    }

    /// <summary>
    /// Probes a UDP service at <paramref name="target"/>: one hello datagram, one answer datagram. The socket is
    /// connected, so an ICMP port unreachable (the gateway has no such mapping) surfaces as <see cref="ProbeOutcome.Refused"/>;
    /// no answer within <paramref name="timeout"/> is <see cref="ProbeOutcome.Timeout"/>.
    /// </summary>
    public static async Task<ProbeResult> ProbeUdpAsync(
        IPEndPoint target, string deviceId, byte[] key, TimeSpan timeout, TimeProvider time, IPAddress? localAddress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        using var deadline = new ProbeDeadline(timeout, time, cancellationToken);
        using var socket = NetworkScope.CreateSocket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(localAddress ?? (target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any), 0));
            await socket.ConnectAsync(target, deadline.Token);
            using var buffers = new HandshakeBuffers();
            await socket.SendAsync(buffers.NewHello(), deadline.Token);
            var read = await socket.ReceiveAsync(buffers.Line, deadline.Token);
            return Judge(buffers.Line.Span, FirstLine(buffers.Line.Span[..read]), deviceId, key, buffers.Challenge, time.GetElapsedTime(started));
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
        {
            return new ProbeResult(ProbeOutcome.Refused, null, time.GetElapsedTime(started), ex.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            return new ProbeResult(ProbeOutcome.Timeout, null, time.GetElapsedTime(started), $"no answer within {timeout.TotalMilliseconds} ms");
        }
        catch (SocketException ex)
        {
            return new ProbeResult(ProbeOutcome.HandshakeFailure, null, time.GetElapsedTime(started), ex.SocketErrorCode.ToString());
        }
    }

    /// <summary>
    /// Probes <paramref name="target"/> on the simulated network <paramref name="network"/>, from
    /// <paramref name="localAddress"/> on a port of its own: the same handshake as <see cref="ProbeTcpAsync(IPEndPoint, string, byte[], TimeSpan, TimeProvider, IPAddress?, CancellationToken)"/>
    /// over an in-memory connection. Nothing offered at the target is <see cref="ProbeOutcome.Refused"/>, as a kernel
    /// answers a closed port with a reset; so is a connection the other side resets.
    /// </summary>
    public static async Task<ProbeResult> ProbeTcpAsync(
        IInProcessNetwork network, IPEndPoint target, string deviceId, byte[] key, TimeSpan timeout, TimeProvider time, IPAddress? localAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        using var deadline = new ProbeDeadline(timeout, time, cancellationToken);
        var token = deadline.Token;
        var connection = network.TryConnect(target, EphemeralPorts.On(localAddress));
        if (connection is null)
        {
            return Result(ProbeOutcome.Refused, "nothing is offered there");
        }

        await using (connection)
        {
            using var buffers = new HandshakeBuffers();
            try
            {
                await connection.WriteAsync(buffers.NewHello(), token);
                var line = await IdentityHandshake.ReadLineAsync(connection, buffers.Line, token);
                return Judge(buffers.Line.Span, line, deviceId, key, buffers.Challenge, time.GetElapsedTime(started));
            }
            catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return Result(ProbeOutcome.Refused, nameof(SocketError.ConnectionReset));
            }
            catch (IOException ex)
            {
                return Result(ProbeOutcome.HandshakeFailure, ex.Message);
            }
            catch (OperationCanceledException) when (deadline.Expired)
            {
                return Result(ProbeOutcome.Timeout, $"no answer within {timeout.TotalMilliseconds} ms");
            }
        }

        ProbeResult Result(ProbeOutcome outcome, string detail) => new(outcome, null, time.GetElapsedTime(started), detail);
    }

    /// <summary>
    /// Probes a UDP service at <paramref name="target"/> on the simulated network <paramref name="network"/>: one hello
    /// datagram from a port of <paramref name="localAddress"/> held for the probe, one answer datagram to it. Nothing
    /// offered at the target is <see cref="ProbeOutcome.Refused"/> (a kernel's port unreachable); no answer in time is
    /// <see cref="ProbeOutcome.Timeout"/>.
    /// </summary>
    public static async Task<ProbeResult> ProbeUdpAsync(
        IInProcessNetwork network, IPEndPoint target, string deviceId, byte[] key, TimeSpan timeout, TimeProvider time, IPAddress? localAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        using var deadline = new ProbeDeadline(timeout, time, cancellationToken);
        var token = deadline.Token;
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var local = network.OfferDatagrams(new IPEndPoint(localAddress ?? IPAddress.Any, 0), (from, datagram, reply, ct) =>
        {
            // A connected socket takes datagrams from its peer only.
            if (from.Equals(target))
            {
                var span = datagram.Span;
                answer.TrySetResult(span[..FirstLine(span)].ToArray());
            }

            return ValueTask.CompletedTask;
        });
        using var buffers = new HandshakeBuffers();
        try
        {
            if (!await network.SendDatagramAsync(local, target, buffers.NewHello(), token))
            {
                return Result(ProbeOutcome.Refused, "nothing is offered there");
            }

            var line = await answer.Task.WaitAsync(token);
            return Judge(line, line.Length, deviceId, key, buffers.Challenge, time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            return Result(ProbeOutcome.Timeout, $"no answer within {timeout.TotalMilliseconds} ms");
        }
        finally
        {
            network.WithdrawDatagrams(local);
        }

        ProbeResult Result(ProbeOutcome outcome, string detail) => new(outcome, null, time.GetElapsedTime(started), detail);
    }

    /// <summary>
    /// Binds to <paramref name="address"/> but lets connect choose the port (Linux IP_BIND_ADDRESS_NO_PORT): a plain
    /// bind reserves an ephemeral port for every destination, and thousands of probes a second from one address would
    /// run out of them while earlier probes' ports sit in TIME_WAIT.
    /// </summary>
    private static void BindWithoutPort(Socket socket, IPAddress address)
    {
        const int SolIp = 0;
        const int IpBindAddressNoPort = 24;
        if (OperatingSystem.IsLinux() && address.AddressFamily == AddressFamily.InterNetwork)
        {
            socket.SetRawSocketOption(SolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
        }

        socket.Bind(new IPEndPoint(address, 0));
    }

    /// <summary>The outcome of the answer line <paramref name="buffer"/>[..<paramref name="length"/>] (a length below 0: the peer closed without one).</summary>
    private static ProbeResult Judge(ReadOnlySpan<byte> buffer, int length, string deviceId, byte[] key, ReadOnlySpan<byte> challenge, TimeSpan elapsed)
    {
        if (length < 0)
        {
            return new(ProbeOutcome.HandshakeFailure, null, elapsed, "the connection closed without an answer");
        }

        var verdict = IdentityHandshake.Verify(buffer[..length], deviceId, key, challenge, out var answeredBy);
        return verdict switch
        {
            HandshakeOutcome.Verified => new(ProbeOutcome.Ok, answeredBy, elapsed, "verified"),
            HandshakeOutcome.WrongDevice => new(ProbeOutcome.WrongDevice, answeredBy, elapsed, $"{answeredBy} answered instead of {deviceId}"),
            HandshakeOutcome.BadProof => new(ProbeOutcome.HandshakeFailure, answeredBy, elapsed, "the proof does not match the device's key"),
            _ => new(ProbeOutcome.HandshakeFailure, null, elapsed, "not a handshake answer"),
        };
    }

    /// <summary>The length of a datagram answer's first line.</summary>
    private static int FirstLine(ReadOnlySpan<byte> datagram)
    {
        var text = datagram[..Math.Min(datagram.Length, IdentityHandshake.MaxLineLength)];
        var newline = text.IndexOf((byte)'\n');
        return newline >= 0 ? newline : text.Length;
    }

    /// <summary>A probe's challenge, hello line and answer buffer, in one array rented for the probe.</summary>
    private sealed class HandshakeBuffers : IDisposable
    {
        private const int LineOffset = IdentityHandshake.ChallengeBytes + IdentityHandshake.HelloLength;
        private readonly byte[] _array = ArrayPool<byte>.Shared.Rent(LineOffset + IdentityHandshake.MaxLineLength);

        /// <summary>The challenge of the last <see cref="NewHello"/>.</summary>
        public ReadOnlySpan<byte> Challenge => _array.AsSpan(0, IdentityHandshake.ChallengeBytes);

        /// <summary>Where the answer line is read.</summary>
        public Memory<byte> Line => _array.AsMemory(LineOffset, IdentityHandshake.MaxLineLength);

        /// <summary>Draws a fresh challenge and returns its hello line.</summary>
        public ReadOnlyMemory<byte> NewHello()
        {
            IdentityHandshake.FillChallenge(_array.AsSpan(0, IdentityHandshake.ChallengeBytes));
            var length = IdentityHandshake.WriteHello(Challenge, _array.AsSpan(IdentityHandshake.ChallengeBytes, IdentityHandshake.HelloLength));
            return _array.AsMemory(IdentityHandshake.ChallengeBytes, length);
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(_array);
    }

    /// <summary>
    /// A probe's own deadline on top of its caller's token: none for an infinite timeout (the caller bounds the probe,
    /// as the watchdog does), else a timer on the given clock. <see cref="Expired"/> tells the deadline from the caller.
    /// </summary>
    private sealed class ProbeDeadline(TimeSpan timeout, TimeProvider time, CancellationToken caller) : IDisposable
    {
        private readonly Deadline? _deadline = timeout == Timeout.InfiniteTimeSpan ? null : new Deadline(timeout, time, caller);

        /// <summary>Cancelled at the deadline or by the caller.</summary>
        public CancellationToken Token => _deadline?.Token ?? caller;

        /// <summary>Whether the deadline passed while the caller still wanted the answer.</summary>
        public bool Expired => _deadline is { Expired: true };

        public void Dispose() => _deadline?.Dispose();
    }
}
