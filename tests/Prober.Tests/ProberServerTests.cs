using System.Collections.Concurrent;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Prober.Tests.Fakes;
using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests;

[Category("Loopback")]
public sealed class ProberServerTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("secret");

    [Test]
    public async Task Events_ReportThenRefusedProbe_RaisedTypedAndInTheCommonStream()
    {
        var connector = new ScriptedProbeConnector(TimeProvider.System);
        connector.Answer("nas", ProbeOutcome.Refused);
        await using var server = new ProberServer(
            new ProberOptions { ListenAddress = LoopbackAddresses.Next(), DeviceKeys = new Dictionary<string, byte[]> { ["nas"] = Key } },
            connector: connector);
        var typed = new ConcurrentQueue<WatchdogEvent>();
        var common = new ConcurrentQueue<WatchdogEvent>();
        server.EventRaised += (_, raised) => common.Enqueue(raised);
        server.ChannelChanged += (_, raised) => typed.Enqueue(raised);
        server.ReportReceived += (_, raised) => typed.Enqueue(raised);
        server.ProbeCompleted += (_, raised) => typed.Enqueue(raised);
        server.FaultSuspected += (_, raised) => typed.Enqueue(raised);
        server.FailureDetected += (_, raised) => typed.Enqueue(raised);
        server.InstructionSent += (_, raised) => typed.Enqueue(raised);
        await server.StartAsync();
        var sent = ServerEvents.Next<InstructionSent>(server);

        var (client, _) = await ControlTestClient.AuthenticateAsync(server.ControlUrl, "nas", Key);
        await using (client)
        {
            await client.SendAsync(new ReportMessage(1, new MappingReport("127.0.0.2", 20000, MappingProtocol.Tcp, "127.0.0.3", 80, 0)));
            var instruction = await client.ReceiveAsync<RemapInstruction>();

            Assert.That((await sent).Instruction, Is.EqualTo(instruction));
        }

        Assert.That(
            typed.Select(raised => raised.GetType()).Distinct(),
            Is.EquivalentTo(new[] { typeof(ChannelChanged), typeof(ReportReceived), typeof(ProbeCompleted), typeof(FaultSuspected), typeof(FailureDetected), typeof(InstructionSent) }));
        Assert.That(common.Take(typed.Count), Is.EqualTo(typed.Take(typed.Count)), "the same events, in the same order");
        Assert.That(typed, Has.All.Property(nameof(WatchdogEvent.DeviceId)).EqualTo("nas"));
    }

    [Test]
    public async Task StartAsync_Twice_Throws()
    {
        await using var server = new ProberServer(new ProberOptions { ListenAddress = LoopbackAddresses.Next() });
        await server.StartAsync();

        Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
    }
}
