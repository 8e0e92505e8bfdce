using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IgdLab.Emulator.Control;
using IgdLab.Igd;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Control;

[Category("Loopback")]
public sealed class ControlApiTests
{
    /// <summary>Posts <paramref name="json"/> as a fault to a fresh gateway's API, asserts a 400 and returns its body.</summary>
    private static async Task<string> PostRefusedFaultAsync(string json)
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            using var response = await http.PostAsync("faults", Json(json));
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            return text;
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    private static async Task<(VirtualGateway Gateway, ControlApi Api, HttpClient Http)> StartAsync(Func<IPAddress, bool>? canBindWanAddress = null)
    {
        var gateway = new VirtualGateway(new VirtualGatewayOptions
        {
            LanAddress = LoopbackAddresses.Next(),
            WanAddress = LoopbackAddresses.Next(),
            CanBindWanAddress = canBindWanAddress,
        });
        await gateway.StartAsync();
        var api = new ControlApi(gateway);
        await api.StartAsync(gateway.LanAddress, 0, CancellationToken.None);
        return (gateway, api, new HttpClient { BaseAddress = api.BaseUrl });
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Test]
    public async Task PostFault_ChangeWanIp_ChangesAddressAndListsEvent()
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            var before = gateway.WanAddress;
            using var response = await http.PostAsync("faults", Json("""{"action":"change-wan-ip"}"""));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            Assert.That(gateway.WanAddress, Is.Not.EqualTo(before));

            using var status = JsonDocument.Parse(await http.GetStringAsync(""));
            Assert.That(status.RootElement.GetProperty("wan").GetString(), Is.EqualTo(gateway.WanAddress.ToString()));
            var events = await http.GetStringAsync("events");
            Assert.That(events, Does.Contain("wan-address-changed"));
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [Test]
    public async Task PostFault_SoapErrorWithFields_IsApplied()
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            using var response = await http.PostAsync("faults", Json("""{"action":"soap-error","soapAction":"AddPortMapping","code":718,"count":2}"""));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("result").GetString(), Does.Contain("718"));
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [TestCase("""{"action":"explode"}""", "unknown fault action")]
    [TestCase("""{"action":"reboot","downtime":"soon"}""", "duration")]
    [TestCase("""{"action":"drop-mapping","colour":"red"}""", "colour")]
    [TestCase("""not json""", "invalid fault JSON")]
    [TestCase("""{"action":"drop-mapping","port":"x"}""", "'port' must be a whole number")]
    [TestCase("""{"action":"drop-mapping","protocol":"sctp"}""", "'protocol' must be tcp or udp")]
    [TestCase("""{"action":"soap-error","count":0}""", "the count must be at least 1")]
    [TestCase("""{"port":1}""", "'action' is required")]
    public async Task PostFault_BadRequest_Returns400WithReason(string json, string reason)
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            using var response = await http.PostAsync("faults", Json(json));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(reason));
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [TestCase("""not json""")]
    [TestCase("""{"action":"drop-mapping","colour":"red"}""")]
    [TestCase("""{"action":"drop-mapping","port":"x"}""")]
    [TestCase("""{"action":"drop-mapping","protocol":"sctp"}""")]
    [TestCase("""{"action":"change-wan-ip","wanAddress":"nowhere"}""")]
    [TestCase("""{"action":"soap-error","count":0}""")]
    [TestCase("""{"action":"reboot","newWanIp":"yes"}""")]
    [TestCase("""{"action":null}""")]
    [TestCase("""{"port":1}""")]
    [TestCase("""[1,2]""")]
    [TestCase("""null""")]
    public async Task PostFault_BadRequest_AnswersPlainJsonErrorWithoutTypeNames(string json)
    {
        AssertPlainError(await PostRefusedFaultAsync(json));
    }

    [TestCase("change-wan-ip")]
    [TestCase("reboot")]
    public async Task PostFault_WanAddressHostCannotBind_Returns400AndNothingChanges(string action)
    {
        // Not bindable by the gateway's check: tests may only name loopback addresses, and Linux binds all of them.
        var refused = LoopbackAddresses.Next();
        var (gateway, api, http) = await StartAsync(canBindWanAddress: a => !a.Equals(refused));
        try
        {
            var before = gateway.WanAddress;
            var bootId = gateway.BootId;
            using var response = await http.PostAsync("faults", Json($$"""{"action":"{{action}}","wanAddress":"{{refused}}"}"""));
            var text = await response.Content.ReadAsStringAsync();

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("error").GetString(), Does.StartWith("the address must be bindable: "));
            AssertPlainError(text);
            Assert.That(gateway.WanAddress, Is.EqualTo(before));
            Assert.That(gateway.BootId, Is.EqualTo(bootId));
            Assert.That(gateway.IsUp, Is.True);
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [Test]
    public async Task PostFault_Ipv6WanAddress_Returns400AndNothingChanges()
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            var before = gateway.WanAddress;
            using var response = await http.PostAsync("faults", Json("""{"action":"change-wan-ip","wanAddress":"::1"}"""));
            var text = await response.Content.ReadAsStringAsync();

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
            Assert.That(text, Does.Contain("must be an IPv4 address"));
            Assert.That(gateway.WanAddress, Is.EqualTo(before));
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [TestCase("""{"action":"partition","direction":"inbound"}""")]
    [TestCase("""{"action":"heal-partition"}""")]
    public async Task PostFault_PartitionOnKernelSockets_Returns400SayingTheLinkCannotBeCut(string json)
    {
        Assert.That(await PostRefusedFaultAsync(json), Does.Contain("IgdLab cannot cut"));
    }

    [Test]
    public async Task PostFault_BodyOver16KiB_Returns413WithPlainError()
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            using var response = await http.PostAsync("faults", Json(new string(' ', 20_000)));
            var text = await response.Content.ReadAsStringAsync();

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), text);
            AssertPlainError(text);
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [TestCase("events?since=later", HttpStatusCode.BadRequest)]
    [TestCase("nowhere", HttpStatusCode.NotFound)]
    public async Task Get_BadRequest_AnswersPlainJsonError(string path, HttpStatusCode status)
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            using var response = await http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();

            Assert.That(response.StatusCode, Is.EqualTo(status), text);
            AssertPlainError(text);
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [Test]
    public async Task PostFault_Reboot_Returns202AndRouterComesBack()
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            var bootId = gateway.BootId;
            using var response = await http.PostAsync("faults", Json("""{"action":"reboot","downtime":"100ms"}"""));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            for (var i = 0; i < 100 && gateway.BootId == bootId; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
            }

            Assert.That(gateway.BootId, Is.EqualTo(bootId + 1));
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    [Test]
    public async Task GetMappings_ListsTable()
    {
        var (gateway, api, http) = await StartAsync();
        try
        {
            using var soap = new SoapTestClient();
            await soap.CallAsync(
                gateway.ControlUrl, "urn:schemas-upnp-org:service:WANIPConnection:2", "AddPortMapping",
                ("NewRemoteHost", ""), ("NewExternalPort", 41000), ("NewProtocol", "UDP"), ("NewInternalPort", 5000),
                ("NewInternalClient", "127.0.0.1"), ("NewEnabled", 1), ("NewPortMappingDescription", "listed"), ("NewLeaseDuration", 60));
            var mappings = JsonDocument.Parse(await http.GetStringAsync("mappings")).RootElement;
            Assert.That(mappings.GetArrayLength(), Is.EqualTo(1));
            Assert.That(mappings[0].GetProperty("externalPort").GetInt32(), Is.EqualTo(41000));
            Assert.That(mappings[0].GetProperty("protocol").GetString(), Is.EqualTo("udp"));
            Assert.That(mappings[0].GetProperty("internalClient").GetString(), Is.EqualTo("127.0.0.1"));
        }
        finally
        {
            http.Dispose();
            await api.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }

    // {"error": "..."} and nothing else, readable as it stands: no \u0027 escapes, no .NET type names.
    private static void AssertPlainError(string text)
    {
        using var body = JsonDocument.Parse(text);
        Assert.That(body.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "error" }), text);
        Assert.That(body.RootElement.GetProperty("error").GetString(), Is.Not.Empty);
        Assert.That(text, Does.Not.Contain("\\u0027").And.Not.Contain("System.").And.Not.Contain("IgdLab.").And.Not.Contain("Exception"));
    }
}
