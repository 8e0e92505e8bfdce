using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.InProcess;
using IgdLab.Device.Endpoint;
using IgdLab.TestUtilities;

namespace IgdLab.Device.Tests.Endpoint;

[Category("Loopback")]
public sealed class DeviceServiceEndpointTests
{
    private static readonly byte[] NasKey = Encoding.UTF8.GetBytes("nas-secret");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Test]
    public async Task ProbeTcp_RightDeviceAndKey_IsOk()
    {
        await using var endpoint = new DeviceServiceEndpoint("nas", NasKey);
        endpoint.Start(LoopbackAddresses.Next(), 0);

        var result = await IdentityProbe.ProbeTcpAsync(endpoint.EndPoint, "nas", NasKey, Timeout, TimeProvider.System, LoopbackAddresses.Next());

        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Ok), result.Detail);
        Assert.That(result.AnsweredBy, Is.EqualTo("nas"));
        Assert.That(endpoint.Handshakes, Is.EqualTo(1));
    }

    [Test]
    public async Task ProbeTcp_AnotherDeviceHoldsThePort_IsWrongDevice()
    {
        await using var endpoint = new DeviceServiceEndpoint("camera", Encoding.UTF8.GetBytes("camera-secret"));
        endpoint.Start(LoopbackAddresses.Next(), 0);
        var result = await IdentityProbe.ProbeTcpAsync(endpoint.EndPoint, "nas", NasKey, Timeout, TimeProvider.System);
        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.WrongDevice));
        Assert.That(result.AnsweredBy, Is.EqualTo("camera"));
    }

    [Test]
    public async Task ProbeTcp_ImpostorWithoutTheKey_IsHandshakeFailure()
    {
        await using var impostor = new DeviceServiceEndpoint("nas", Encoding.UTF8.GetBytes("guessed"));
        impostor.Start(LoopbackAddresses.Next(), 0);
        var result = await IdentityProbe.ProbeTcpAsync(impostor.EndPoint, "nas", NasKey, Timeout, TimeProvider.System);
        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.HandshakeFailure));
    }

    [Test]
    public async Task ProbeTcp_NothingListening_IsRefused()
    {
        var address = LoopbackAddresses.Next();
        var result = await IdentityProbe.ProbeTcpAsync(new IPEndPoint(address, 9), "nas", NasKey, Timeout, TimeProvider.System);
        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Refused));
    }

    [Test]
    public async Task ProbeTcp_ListenerThatNeverAnswers_IsTimeout()
    {
        using var silent = new TcpListener(LoopbackAddresses.Next(), 0);
        silent.Start();
        var result = await IdentityProbe.ProbeTcpAsync((IPEndPoint)silent.LocalEndpoint, "nas", NasKey, TimeSpan.FromMilliseconds(200), TimeProvider.System);
        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Timeout));
    }

    [Test]
    public async Task Udp_AnswersTheHandshakeToo()
    {
        await using var endpoint = new DeviceServiceEndpoint("nas", NasKey);
        endpoint.Start(LoopbackAddresses.Next(), 0, udp: true);
        using var client = new UdpClient(new IPEndPoint(LoopbackAddresses.Next(), 0));
        var challenge = IdentityHandshake.NewChallenge();
        await client.SendAsync(Encoding.ASCII.GetBytes(IdentityHandshake.Hello(challenge)), endpoint.EndPoint);
        using var cts = new CancellationTokenSource(Timeout);
        var reply = Encoding.ASCII.GetString((await client.ReceiveAsync(cts.Token)).Buffer);
        Assert.That(IdentityHandshake.Verify(reply, "nas", NasKey, challenge), Is.EqualTo(HandshakeOutcome.Verified));
    }

    [Test]
    public async Task Garbage_GetsAnErrorLineAndTheServiceKeepsServing()
    {
        await using var endpoint = new DeviceServiceEndpoint("nas", NasKey);
        endpoint.Start(LoopbackAddresses.Next(), 0);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(endpoint.EndPoint);
            var stream = client.GetStream();
            await stream.WriteAsync("GET / HTTP/1.1\n"u8.ToArray());
            using var reader = new StreamReader(stream);
            Assert.That(await reader.ReadLineAsync(), Does.StartWith("IGDLAB-ERROR"));
        }

        var result = await IdentityProbe.ProbeTcpAsync(endpoint.EndPoint, "nas", NasKey, Timeout, TimeProvider.System);
        Assert.That(result.Outcome, Is.EqualTo(ProbeOutcome.Ok));
    }

    [Test]
    public async Task Hello_SentInSeveralSegments_IsAnsweredOnce()
    {
        await using var endpoint = new DeviceServiceEndpoint("nas", NasKey);
        endpoint.Start(LoopbackAddresses.Next(), 0);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endpoint.EndPoint);
        var stream = client.GetStream();
        var challenge = IdentityHandshake.NewChallenge();
        var hello = Encoding.ASCII.GetBytes(IdentityHandshake.Hello(challenge));

        foreach (var part in hello.Chunk(7))
        {
            await stream.WriteAsync(part);
            await stream.FlushAsync();
        }

        using var reader = new StreamReader(stream);
        var answer = await reader.ReadLineAsync().WaitAsync(Timeout, TimeProvider.System);
        Assert.That(IdentityHandshake.Verify(answer, "nas", NasKey, challenge), Is.EqualTo(HandshakeOutcome.Verified));
        Assert.That(endpoint.Handshakes, Is.EqualTo(1));
    }

    [Test]
    public async Task Start_OnAnInProcessLan_OpensNoKernelListener_AndAnswersConnectionsHandedToIt()
    {
        var lan = new InProcessNetwork();
        var address = LoopbackAddresses.Next();
        IPEndPoint offered;
        await using (var endpoint = new DeviceServiceEndpoint("nas", NasKey))
        {
            endpoint.Start(address, 0, lan: lan);
            offered = endpoint.EndPoint;
            Assert.That(offered.Address, Is.EqualTo(address));
            var refused = await IdentityProbe.ProbeTcpAsync(offered, "nas", NasKey, Timeout, TimeProvider.System);
            Assert.That(refused.Outcome, Is.EqualTo(ProbeOutcome.Refused), "no kernel listener on the device's address");

            var challenge = IdentityHandshake.NewChallenge();
            using var connection = new DuplexMemory(Encoding.ASCII.GetBytes(IdentityHandshake.Hello(challenge)));
            await lan.FindConnections(offered)!(connection, CancellationToken.None).WaitAsync(Timeout, TimeProvider.System);

            Assert.That(IdentityHandshake.Verify(connection.Written.TrimEnd('\n'), "nas", NasKey, challenge), Is.EqualTo(HandshakeOutcome.Verified));
            Assert.That(endpoint.Handshakes, Is.EqualTo(1));
            Assert.That(lan.FindDatagrams(offered), Is.Null, "a TCP service offers no datagram service");
        }

        Assert.That(lan.FindConnections(offered), Is.Null, "disposing takes the service off the LAN");
    }

    [Test]
    public async Task Start_UdpServiceOnAnInProcessLan_OpensNoKernelSocket_AndAnswersDatagramsHandedToIt()
    {
        var lan = new InProcessNetwork();
        IPEndPoint offered;
        await using (var endpoint = new DeviceServiceEndpoint("nas", NasKey))
        {
            endpoint.Start(LoopbackAddresses.Next(), 0, udp: true, lan: lan);
            offered = endpoint.EndPoint;
            var unanswered = await IdentityProbe.ProbeUdpAsync(offered, "nas", NasKey, TimeSpan.FromMilliseconds(200), TimeProvider.System);
            Assert.That(unanswered.Outcome, Is.EqualTo(ProbeOutcome.Refused), "no kernel socket on the device's address");

            var challenge = IdentityHandshake.NewChallenge();
            var from = new IPEndPoint(IPAddress.Loopback, 50000);
            var replies = new List<string>();
            ValueTask Reply(ReadOnlyMemory<byte> datagram, CancellationToken token)
            {
                replies.Add(Encoding.ASCII.GetString(datagram.Span));
                return ValueTask.CompletedTask;
            }

            var serve = lan.FindDatagrams(offered)!;
            await serve(from, Encoding.ASCII.GetBytes(IdentityHandshake.Hello(challenge)), Reply, CancellationToken.None);
            await serve(from, "not a hello"u8.ToArray(), Reply, CancellationToken.None);

            Assert.That(replies, Has.Count.EqualTo(1), "what is not a hello goes unanswered");
            Assert.That(IdentityHandshake.Verify(replies[0].TrimEnd('\n'), "nas", NasKey, challenge), Is.EqualTo(HandshakeOutcome.Verified));
            Assert.That(endpoint.Handshakes, Is.EqualTo(1));
            Assert.That(lan.FindConnections(offered), Is.Not.Null, "the TCP side is offered at the same port");
        }

        Assert.That(lan.FindDatagrams(offered), Is.Null, "disposing takes the datagram service off the LAN");
    }

    [TestCase("IGDLAB-ID nas 00")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("HELLO")]
    public void Verify_MalformedAnswer_IsMalformed(string? line)
    {
        Assert.That(IdentityHandshake.Verify(line, "nas", NasKey, IdentityHandshake.NewChallenge()), Is.EqualTo(HandshakeOutcome.Malformed));
    }

    [TestCase("has space")]
    [TestCase("")]
    public void DeviceId_Invalid_IsRejected(string id)
    {
        Assert.Throws<ArgumentException>(() => IdentityHandshake.ValidateDeviceId(id));
    }

    /// <summary>A connection in memory: reads give the request, writes are collected.</summary>
    private sealed class DuplexMemory(byte[] request) : Stream
    {
        private readonly MemoryStream _request = new(request);
        private readonly MemoryStream _written = new();

        public string Written => Encoding.ASCII.GetString(_written.ToArray());

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _request.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
