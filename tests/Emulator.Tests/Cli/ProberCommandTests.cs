using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using IgdLab.CliTestUtilities;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

[Category("Loopback")]
public sealed class ProberCommandTests
{
    [Test]
    public async Task Prober_WithDeviceKeys_PrintsItsUrlsAndServesTheRegistry()
    {
        var address = LoopbackAddresses.Next();
        var path = Path.Combine(Path.GetTempPath(), $"igdlab-prober-cli-{Guid.NewGuid():N}.db");
        try
        {
            await using (var prober = await IgdlabProcess.StartAsync(
                ["prober", "--listen", $"http://{address}:0", "--device-key", "nas=secret", "--device-key", "tv=other", "--probe-interval", "2s", "--db", path],
                ["listen", "control", "devices", "probe"],
                TimeSpan.FromSeconds(60)))
            {
                Assert.That(prober.StartLines["listen"], Does.Match($@"^http://{Regex.Escape(address.ToString())}:\d+/$"));
                Assert.That(prober.StartLines["control"], Does.Match($@"^ws://{Regex.Escape(address.ToString())}:\d+/control$"));
                Assert.That(prober.StartLines["devices"], Does.StartWith("2 registered"));
                Assert.That(prober.StartLines["probe"], Does.StartWith("every 2s, timeout 500ms"));

                using var http = new HttpClient();
                using var devices = JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(prober.StartLines["listen"]), "devices")));
                Assert.That(devices.RootElement.EnumerateArray().Select(device => device.GetProperty("id").GetString()), Is.EqualTo(new[] { "nas", "tv" }));
            }

            Assert.That(File.Exists(path), Is.True, "the registry is on disk after a clean stop");
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }

    [Test]
    public async Task Probers_SharingAPostgresRegistry_SplitTheDevices_AndASurvivorTakesAKilledOnesOverWithinTwoProbeIntervals()
    {
        var database = await PostgresTestServer.CreateDatabaseAsync();
        string[] Arguments(string name) =>
            ["prober", "--listen", $"http://{LoopbackAddresses.Next()}:0", "--db", database, "--instance-name", name, "--probe-interval", "1s", "--verbose"];
        var keys = Enumerable.Range(0, 6).SelectMany(i => new[] { "--device-key", $"d{i}=key{i}" });
        await using var doomed = await IgdlabProcess.StartAsync([.. Arguments("doomed"), .. keys], ["instance"], TimeSpan.FromSeconds(60));
        Assert.That(doomed.StartLines["instance"], Does.Match("^doomed-[0-9a-f]{8}, sharing the registry: probes 6 of 6 devices, lease 1s$"));

        await using var survivor = await IgdlabProcess.StartAsync(Arguments("survivor"), ["instance"], TimeSpan.FromSeconds(60));
        await survivor.NextLineAsync(line => line.Contains("probes 3 of 6; live instances: 2", StringComparison.Ordinal), TimeSpan.FromSeconds(30), orPrinted: true);
        await doomed.NextLineAsync(line => line.Contains("Released 3 devices", StringComparison.Ordinal), TimeSpan.FromSeconds(30), orPrinted: true);
        var takenOver = survivor.NextLineAsync(line => line.Contains("Claimed 3 devices: probes 6 of 6; live instances: 1", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var killed = System.Diagnostics.Stopwatch.StartNew();
        await doomed.SignalAsync("KILL");
        await takenOver;
        var elapsed = killed.Elapsed;

        TestContext.Out.WriteLine($"the survivor claimed the killed instance's devices {elapsed.TotalMilliseconds:0} ms after kill -9");
        Assert.That(elapsed, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(2)), "a lease of one probe interval and a quarter-lease heartbeat");
    }

    [TestCase("--listen", "ftp://127.0.0.1:1", "is not http://IP:PORT")]
    [TestCase("--probe-interval", "soon", "--probe-interval must be a duration")]
    [TestCase("--device-key", "nas", "is not ID=KEY")]
    [TestCase("--probe-from", "banana", "--probe-from must be an IP address")]
    [TestCase("--probe-timeout", "0s", "ProbeTimeout must be positive")]
    [TestCase("--db", "postgres:///registry", "is not a PostgreSQL address")]
    [TestCase("--db", "postgres://127.0.0.1/registry?nosuchsetting=1", "nosuchsetting")]
    public async Task Prober_InvalidOption_ExitsWith2AndSaysWhy(string option, string value, string message)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "prober", option, value], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardError, Does.Contain(message));
    }

    [TestCase("postgres://watchdog:s3cret@127.0.0.1:1/registry", "PostgreSQL watchdog@127.0.0.1:1/registry: Failed to connect")]
    [TestCase("/nonexistent-folder/registry.db", "/nonexistent-folder/registry.db: SQLite Error")]
    public async Task Prober_DatabaseThatCannotBeOpened_ExitsWith3AndNamesItWithoutItsPassword(string database, string message)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "prober", "--db", database], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(3), result.Combined);
        Assert.That(result.StandardError, Does.Contain($"igdlab prober: the registry database {message}"));
        Assert.That(result.Combined, Does.Not.Contain("s3cret").And.Not.Contain("Unhandled exception"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Prober_KeysFile_IsReadAtStart_AndAgainOnSighup()
    {
        using var folder = new TempFolder("igdlab-keys-");
        var keys = folder.Write("keys", "# the fleet\nnas secret\ntv other\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var address = LoopbackAddresses.Next();
        await using var prober = await IgdlabProcess.StartAsync(
            ["prober", "--listen", $"http://{address}:0", "--device-keys", keys], ["listen", "devices"], TimeSpan.FromSeconds(60));
        Assert.That(prober.StartLines["devices"], Does.StartWith("2 registered"));
        Assert.That(prober.Output, Does.Not.Contain("warning"), "the file is the owner's alone");

        File.WriteAllText(keys, "nas secret\ntv changed\ncam third\n");
        var reloaded = prober.NextLineAsync(line => line.StartsWith("keys: ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await prober.SignalAsync("HUP");
        Assert.That(await reloaded, Is.EqualTo($"keys: {keys} reloaded: 1 added, 1 changed, 0 revoked"));

        File.WriteAllText(keys, "cam third\nbroken\n");
        var refused = prober.NextLineAsync(line => line.Contains("not reloaded", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await prober.SignalAsync("HUP");
        await refused;
        Assert.That(
            await prober.NextLineAsync(line => line.Contains(":2:", StringComparison.Ordinal), TimeSpan.FromSeconds(30), orPrinted: true),
            Is.EqualTo($"igdlab prober: {keys}:2:7: 'broken' has no key: a line is ID KEY"));
        File.WriteAllText(keys, "cam third\n");
        reloaded = prober.NextLineAsync(line => line.StartsWith("keys: ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await prober.SignalAsync("HUP");
        Assert.That(await reloaded, Is.EqualTo($"keys: {keys} reloaded: 0 added, 0 changed, 2 revoked"), "the broken file changed nothing, so nas and tv go now");

        using var http = new HttpClient();
        using var devices = JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(prober.StartLines["listen"]), "devices")));
        Assert.That(devices.RootElement.GetArrayLength(), Is.EqualTo(3), "revoked devices keep their rows");
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Prober_BadKeysFile_ExitsWith2NamingEachLine_AndWarnsOfAFileOthersCanRead()
    {
        using var folder = new TempFolder("igdlab-keys-");
        var keys = folder.Write("keys", "nas\nnas secret\ntv x\n");

        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "prober", "--device-keys", keys, "--device-key", "tv=y"], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardError, Does.Contain($"igdlab prober: {keys}:1:4: 'nas' has no key"));
        Assert.That(result.StandardError, Does.Contain("'tv' is given by --device-key too"));

        File.WriteAllText(keys, "nas secret\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var prober = await IgdlabProcess.StartAsync(
            ["prober", "--listen", $"http://{LoopbackAddresses.Next()}:0", "--device-keys", keys], ["listen", "devices"], TimeSpan.FromSeconds(60));
        var warning = await prober.NextLineAsync(line => line.Contains("warning", StringComparison.Ordinal), TimeSpan.FromSeconds(30), orPrinted: true);
        Assert.That(warning, Does.Contain($"warning: {keys} can be read by other users than its owner"));
    }

    [Test]
    public async Task Prober_TlsCertAndKey_ServesHttpsAndWss()
    {
        using var folder = new TempFolder("igdlab-tls-");
        using var certificates = TestCertificates.Create(IPAddress.Loopback);
        var (certificate, key) = TestCertificates.WritePem(folder, "server", certificates.Server);

        await using var prober = await IgdlabProcess.StartAsync(
            ["prober", "--listen", "https://127.0.0.1:0", "--tls-cert", certificate, "--tls-key", key, "--device-key", "nas=secret"],
            ["listen", "control"],
            TimeSpan.FromSeconds(60));

        Assert.That(prober.StartLines["listen"], Does.Match(@"^https://127\.0\.0\.1:\d+/$"));
        Assert.That(prober.StartLines["control"], Does.Match(@"^wss://127\.0\.0\.1:\d+/control$"));
        using var http = TestCertificates.HttpClientTrusting(certificates.Authority);
        using var devices = JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(prober.StartLines["listen"]), "devices")));
        Assert.That(devices.RootElement.EnumerateArray().Single().GetProperty("id").GetString(), Is.EqualTo("nas"));
    }

    // {cert}, {key} and {other-key} are PEM files the test writes: the server certificate, its key, and another key.
    [TestCase("--tls-cert {cert} --tls-key {other-key}", "--tls-key: the key in {other-key} does not fit the certificate in {cert}")]
    [TestCase("--tls-cert {cert}", "--tls-cert needs --tls-key")]
    [TestCase("--tls-key {key}", "--tls-key needs --tls-cert")]
    [TestCase("--tls-cert {folder}/missing.pem --tls-key {key}", "--tls-cert: {folder}/missing.pem does not exist")]
    [TestCase("--tls-cert {key} --tls-key {key}", "--tls-cert: {key} holds no PEM certificate")]
    [TestCase("--tls-cert {cert} --tls-key {cert}", "--tls-key: {cert} holds no PEM private key")]
    [TestCase("--listen https://127.0.0.1:0", "--listen: https:// needs --tls-cert and --tls-key")]
    public async Task Prober_TlsFilesThatDoNotServe_ExitsWith2NamingTheFile(string arguments, string message)
    {
        using var folder = new TempFolder("igdlab-tls-");
        using var certificates = TestCertificates.Create(IPAddress.Loopback);
        var (certificate, key) = TestCertificates.WritePem(folder, "server", certificates.Server);
        var (_, otherKey) = TestCertificates.WritePem(folder, "stranger", certificates.Stranger);
        string Fill(string text) => text.Replace("{cert}", certificate, StringComparison.Ordinal).Replace("{other-key}", otherKey, StringComparison.Ordinal)
            .Replace("{key}", key, StringComparison.Ordinal).Replace("{folder}", folder.Path, StringComparison.Ordinal);

        var result = await ProcessRunner.RunAsync(
            "dotnet", [IgdlabProcess.DllPath, "prober", .. Fill(arguments).Split(' ')], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardError, Does.Contain($"igdlab prober: {Fill(message)}"));
        Assert.That(result.Combined, Does.Not.Contain("Unhandled exception").And.Not.Contain("   at "));
    }
}
