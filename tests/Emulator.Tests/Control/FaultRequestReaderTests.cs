using System.Net;
using System.Text;
using IgdLab.Emulator.Control;
using IgdLab.Igd.Faults;
using IgdLab.Protocols;

namespace IgdLab.Emulator.Tests.Control;

public sealed class FaultRequestReaderTests
{
    private static Task<(FaultSettings? Settings, string? Error)> ReadAsync(string json) =>
        FaultRequestReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

    [Test]
    public async Task ReadAsync_FullBody_ReadsEverySetting()
    {
        var (settings, error) = await ReadAsync("""{"action":"reboot","downtime":"5s","newWanIp":true,"wanAddress":"127.0.0.9","protocol":"udp","port":7}""");

        Assert.That(error, Is.Null);
        Assert.That(settings!.Action, Is.EqualTo("reboot"));
        Assert.That(settings.Downtime, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(settings.NewWanIp, Is.True);
        Assert.That(settings.WanAddress, Is.EqualTo(IPAddress.Parse("127.0.0.9")));
        Assert.That(settings.Protocol, Is.EqualTo(MappingProtocol.Udp));
        Assert.That(settings.Port, Is.EqualTo(7));
    }

    [Test]
    public async Task ReadAsync_FieldNamesInAnotherCase_AreAccepted()
    {
        var (settings, error) = await ReadAsync("""{"Action":"soap-error","Count":2}""");

        Assert.That(error, Is.Null);
        Assert.That(settings!.Count, Is.EqualTo(2));
    }

    [TestCase("{\"action\":", "not valid JSON (line 1, byte 11)")]
    [TestCase("\"reboot\"", "the body must be a JSON object")]
    [TestCase("""{"action":"reboot","colour":"red"}""", "unknown field 'colour' (known: action, port,")]
    [TestCase("""{"downtime":"5s"}""", "the field 'action' is required")]
    [TestCase("""{"action":null}""", "'action' must be a string")]
    [TestCase("""{"action":"reboot","downtime":true}""", "'downtime' must be a duration such as 500ms or 5s")]
    [TestCase("""{"action":"reboot","newWanIp":1}""", "'newWanIp' must be true or false")]
    [TestCase("""{"action":"change-wan-ip","wanAddress":"nowhere"}""", "'wanAddress' must be an IP address")]
    [TestCase("""{"action":"drop-mapping","protocol":"sctp"}""", "'protocol' must be tcp or udp")]
    [TestCase("""{"action":"soap-error","code":"x"}""", "'code' must be a whole number")]
    public async Task ReadAsync_BadBody_SaysWhatIsWrongInPlainWords(string json, string reason)
    {
        var (settings, error) = await ReadAsync(json);

        Assert.That(settings, Is.Null);
        Assert.That(error, Does.StartWith("invalid fault JSON: ").And.Contain(reason));
        Assert.That(error, Does.Not.Contain("System.").And.Not.Contain("IgdLab.").And.Not.Contain("Path:"));
    }
}
