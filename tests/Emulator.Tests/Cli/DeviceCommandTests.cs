using System.Net;
using System.Net.WebSockets;
using System.Text;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using IgdLab.Igd;
using IgdLab.Igd.Mapping;
using IgdLab.CliTestUtilities;
using IgdLab.Prober;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary>The real <c>igdlab device</c> process against an in-process virtual router and the test control server.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DeviceCommandTests
{
    private const string DeviceId = "nas-cli";
    private const string KeyText = "s3cret key";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private VirtualGateway _gateway = null!;
    private ControlTestServer _server = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _gateway = await TestGateways.StartAsync(TimeProvider.System);
        _server = await ControlTestServer.StartAsync(LoopbackAddresses.Next());
        _server.AddDevice(DeviceId, Encoding.UTF8.GetBytes(KeyText));
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Test]
    public async Task Device_MapsReportsAndObeys_AndOnSigtermDeletesTheMapping()
    {
        var local = LoopbackAddresses.Next();
        var device = await IgdlabProcess.StartAsync(Arguments(local, KeyText), ["device", "service", "mapped", "prober"], StartTimeout);
        try
        {
            Assert.That(device.StartLines["device"], Is.EqualTo(DeviceId));
            Assert.That(device.StartLines["service"], Is.EqualTo($"{local}:20000"));
            Assert.That(device.StartLines["mapped"], Is.EqualTo($"{_gateway.WanAddress}:20000 -> {local}:20000 TCP"));
            Assert.That(device.StartLines["prober"], Is.EqualTo("connected"));
            Assert.That(_gateway.Mappings.Single().InternalClient, Is.EqualTo(local));
            var report = await _server.WaitForAsync<ReportMessage>();
            Assert.That(report.Mapping, Is.EqualTo(new MappingReport(_gateway.WanAddress.ToString(), 20000, MappingProtocol.Tcp, local.ToString(), 20000, 3600)));
            Assert.That(_server.Connections.Single().RemoteAddress, Is.EqualTo(local));

            Assert.That((await _gateway.ApplyFaultAsync(new IgdLab.Igd.Faults.DropMapping { Port = 20000, Protocol = MappingProtocol.Tcp })).Applied, Is.True);
            await _server.ConnectionOf(DeviceId)!.SendAsync(new RemapInstruction("i-1", "refused"));
            var answer = await _server.WaitForAsync<ReportMessage>(r => r.InstructionId == "i-1");
            var probe = await IdentityProbe.ProbeTcpAsync(
                new IPEndPoint(IPAddress.Parse(answer.Mapping.ExternalAddress), answer.Mapping.ExternalPort),
                DeviceId,
                Encoding.UTF8.GetBytes(KeyText),
                TimeSpan.FromSeconds(5),
                TimeProvider.System,
                LoopbackAddresses.Next());
            Assert.That(probe.Outcome, Is.EqualTo(ProbeOutcome.Ok), probe.Detail);
        }
        finally
        {
            await device.DisposeAsync();
        }

        Assert.That(device.ExitCode, Is.Zero, device.Output);
        Assert.That(_gateway.Mappings, Is.Empty, "the agent deleted its mapping on SIGTERM");
        Assert.That(device.Output, Does.Contain("instruction: i-1 (refused)").And.Contain("unmapped: 20000/TCP"));
        await _server.Connections.Single().Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(_server.Connections.Single().CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task Device_WrongKeyAtStart_ExitsWith2_SaysSoOnce_AndDeletesItsMapping()
    {
        // A real prober: the rejection comes from its control channel, as in the field.
        await using var prober = await StartProberAsync(KeyText, port: 0);
        var local = LoopbackAddresses.Next();

        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. Arguments(local, "wrong key", prober.BaseUrl)], StartTimeout);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(Lines(result.StandardOutput), Does.Contain("prober: authentication failed").And.Contain("unmapped: 20000/TCP"));
        Assert.That(
            Lines(result.StandardError),
            Is.EqualTo(new[] { $"igdlab device: the server rejected device {DeviceId}: unknown device, or the proof does not match its key; check --id and --key" }));
        Assert.That(_gateway.Mappings, Is.Empty, "the agent deleted its mapping on the way out");
    }

    [Test]
    public async Task Device_KeyRejectedAfterItWasAccepted_KeepsRunningAndRetriesSlowly()
    {
        var first = await StartProberAsync(KeyText, port: 0);
        var url = first.BaseUrl;
        var local = LoopbackAddresses.Next();
        await using var device = await IgdlabProcess.StartAsync(Arguments(local, KeyText, url), ["mapped", "prober"], StartTimeout);
        Assert.That(device.StartLines["prober"], Is.EqualTo("connected"));

        // The prober comes back on the same port with the device's key rotated.
        await first.DisposeAsync();
        await using var rotated = await StartProberAsync("rotated key", port: url.Port, address: IPAddress.Parse(url.Host));
        await Eventually.HoldsAsync(() => device.Output.Contains("prober: authentication failed", StringComparison.Ordinal), "the rotated key was rejected", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => device.Output.Contains("trying again in", StringComparison.Ordinal), "the unit says when it retries", TimeSpan.FromSeconds(10));

        Assert.That(device.ExitCode, Is.Null, "still running:\n" + device.Output);
        Assert.That(device.Output, Does.Not.Contain("check --id and --key"));
        Assert.That(_gateway.Mappings, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Device_InvalidOptions_ExitsWith2AndNamesEveryProblem()
    {
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            [IgdlabProcess.DllPath, "device", "--id", DeviceId, "--key", KeyText, "--prober", "ftp://127.0.0.1/", "--prober", "not a url", "--service-port", "0", "--strategy", "watchdog,sometimes"],
            StartTimeout);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardError, Does.Contain("--prober").And.Contain("--service-port").And.Contain("'sometimes'"));
        Assert.That(result.StandardError, Does.Contain("--prober: 'not a url' is not an absolute URL"), "every --prober is checked");
    }

    [Test]
    public async Task Device_NoIgd_ExitsWith3AndSaysWhy()
    {
        var local = LoopbackAddresses.Next();
        var arguments = Arguments(local, KeyText).ToList();
        arguments[arguments.IndexOf("--igd") + 1] = $"http://{LoopbackAddresses.Next()}:9/rootDesc.xml";

        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. arguments], StartTimeout);

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Combined);
        Assert.That(result.StandardError, Does.Contain("could not be fetched"));
    }

    [Test]
    public async Task Device_ProberOverTlsWithItsCa_ConnectsAndReports()
    {
        using var folder = new TempFolder("igdlab-tls-");
        using var certificates = TestCertificates.Create(IPAddress.Loopback);
        var (ca, _) = TestCertificates.WritePem(folder, "ca", certificates.Authority);
        await using var prober = await StartProberAsync(KeyText, port: 0, IPAddress.Loopback, certificates.Server);
        var reported = new TaskCompletionSource<ReportReceived>(TaskCreationOptions.RunContinuationsAsynchronously);
        prober.ReportReceived += (_, e) => reported.TrySetResult(e);
        var local = LoopbackAddresses.Next();

        await using var device = await IgdlabProcess.StartAsync(
            [.. Arguments(local, KeyText, prober.BaseUrl), "--prober-ca", ca], ["mapped", "prober"], StartTimeout);

        Assert.That(prober.BaseUrl.Scheme, Is.EqualTo("https"));
        Assert.That(device.StartLines["prober"], Is.EqualTo("connected"));
        Assert.That((await reported.Task.WaitAsync(TimeSpan.FromSeconds(30))).DeviceId, Is.EqualTo(DeviceId));
        Assert.That(prober.GetDevice(DeviceId)!.Connected, Is.True);
    }

    [Test]
    public async Task Device_ProberOverTlsWithAnotherCa_SaysWhyKeepsRetryingAndNeverAttaches()
    {
        using var folder = new TempFolder("igdlab-tls-");
        using var certificates = TestCertificates.Create(IPAddress.Loopback);
        var (stranger, _) = TestCertificates.WritePem(folder, "stranger", certificates.Stranger);
        await using var prober = await StartProberAsync(KeyText, port: 0, IPAddress.Loopback, certificates.Server);
        var local = LoopbackAddresses.Next();

        await using var device = await IgdlabProcess.StartAsync(
            [.. Arguments(local, KeyText, prober.BaseUrl), "--prober-ca", stranger], ["mapped"], StartTimeout);
        var refused = await device.NextLineAsync(line => line.Contains("is not trusted", StringComparison.Ordinal), TimeSpan.FromSeconds(30), orPrinted: true);

        await TestContext.Out.WriteLineAsync(refused);
        Assert.That(refused, Does.Contain($"wss://127.0.0.1:{prober.BaseUrl.Port}/control").And.Contain("reconnecting in"));
        Assert.That(device.ExitCode, Is.Null, "still running:\n" + device.Output);
        Assert.That(device.Output, Does.Not.Contain("prober: connected").And.Not.Contain("Unhandled exception"));
        Assert.That(prober.GetDevice(DeviceId)!.Connected, Is.False);
        Assert.That(prober.GetHistory(DeviceId).Select(entry => entry.Kind), Does.Not.Contain("channel-open"), "the device never reached the control channel");
    }

    [TestCase("https://127.0.0.1:1/", "{folder}/missing.pem", "--prober-ca: {folder}/missing.pem does not exist")]
    [TestCase("https://127.0.0.1:1/", "{key}", "--prober-ca: {key} holds no PEM certificate")]
    [TestCase("http://127.0.0.1:1/", "{ca}", "--prober-ca apply only to an https or wss --prober, not 'http://127.0.0.1:1/'")]
    public async Task Device_ProberCaThatCannotBeUsed_ExitsWith2NamingTheFile(string proberUrl, string caFile, string message)
    {
        using var folder = new TempFolder("igdlab-tls-");
        using var certificates = TestCertificates.Create(IPAddress.Loopback);
        var (ca, key) = TestCertificates.WritePem(folder, "ca", certificates.Authority);
        string Fill(string text) => text.Replace("{folder}", folder.Path, StringComparison.Ordinal)
            .Replace("{key}", key, StringComparison.Ordinal).Replace("{ca}", ca, StringComparison.Ordinal);

        var result = await ProcessRunner.RunAsync(
            "dotnet",
            [IgdlabProcess.DllPath, .. Arguments(LoopbackAddresses.Next(), KeyText, new Uri(proberUrl)), "--prober-ca", Fill(caFile)],
            StartTimeout);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardError, Does.Contain($"igdlab device: {Fill(message)}"));
        Assert.That(_gateway.Mappings, Is.Empty, "nothing was mapped");
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<ProberServer> StartProberAsync(
        string key, int port, IPAddress? address = null, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var prober = new ProberServer(new ProberOptions
        {
            ListenAddress = address ?? LoopbackAddresses.Next(),
            ListenPort = port,
            TlsCertificate = certificate,
            DeviceKeys = new Dictionary<string, byte[]> { [DeviceId] = Encoding.UTF8.GetBytes(key) },
        });
        await prober.StartAsync(CancellationToken.None);
        return prober;
    }

    private string[] Arguments(IPAddress local, string key, Uri? prober = null) =>
    [
        "device", "--id", DeviceId, "--key", key, "--prober", (prober ?? _server.Url).ToString(), "--service-port", "20000",
        "--igd", _gateway.DescriptionUrl.ToString(), "--local-ip", local.ToString(),
    ];
}
