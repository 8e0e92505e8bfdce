using System.Text.RegularExpressions;
using IgdLab.CliTestUtilities;
using IgdLab.Emulator.World.Namespaces;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

/// <summary><c>igdlab natpmp</c> and <c>igdlab pcp</c> against a real <c>igdlab serve</c> process.</summary>
[Category("Loopback")]
public sealed partial class PortControlCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task PcpAndNatPmp_MapShowUnmap_AgainstServe()
    {
        var lan = LoopbackAddresses.Next();
        var wan = LoopbackAddresses.Next();
        var device = LoopbackAddresses.Next().ToString();
        await using var serve = await IgdlabProcess.StartAsync(
            ["serve", "--lan-ip", lan.ToString(), "--wan-ip", wan.ToString(), "--pcp-port", "0"], ["pcp", "control"], Timeout);
        var gateway = serve.StartLines["pcp"].Split(' ')[0];
        Task<ProcessResult> Igdlab(params string[] arguments) =>
            ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. arguments, "--gateway", gateway, "--local-ip", device], Timeout);

        var pcpMap = await Igdlab("pcp", "map", "--internal-port", "8080", "--external-port", "18080", "--lifetime", "600");
        var nonce = NonceText().Match(pcpMap.StandardOutput).Groups[1].Value;
        var pcpAddress = await Igdlab("pcp", "external-address");
        var natPmpMap = await Igdlab("natpmp", "map", "--internal-port", "9090", "--protocol", "UDP");
        using var http = new HttpClient();
        var listed = await http.GetStringAsync(new Uri(new Uri(serve.StartLines["control"]), "mappings"));
        var pcpUnmap = await Igdlab("pcp", "unmap", "--internal-port", "8080", "--nonce", nonce);
        var natPmpUnmap = await Igdlab("natpmp", "unmap", "--internal-port", "9090", "--protocol", "UDP");
        var after = await http.GetStringAsync(new Uri(new Uri(serve.StartLines["control"]), "mappings"));

        Assert.Multiple(() =>
        {
            Assert.That(pcpMap.StandardOutput, Does.Contain($"mapped {wan}:18080 -> {device}:8080 TCP lifetime 600 nonce "), pcpMap.Combined);
            Assert.That(pcpAddress.StandardOutput, Does.StartWith($"external address {wan}; epoch "), pcpAddress.Combined);
            Assert.That(natPmpMap.StandardOutput, Does.Contain($"mapped external port 9090 -> {device}:9090 UDP lifetime 7200"), natPmpMap.Combined);
            Assert.That(listed, Does.Contain("\"origin\": \"pcp\"").And.Contain("\"origin\": \"natpmp\"").And.Contain($"\"nonce\": \"{nonce}\""));
            Assert.That(pcpUnmap.ExitCode, Is.Zero, pcpUnmap.Combined);
            Assert.That(natPmpUnmap.ExitCode, Is.Zero, natPmpUnmap.Combined);
            Assert.That(after.Trim(), Is.EqualTo("[]"));
        });
    }

    [TestCase("pcp", "map", "--internal-port", "80", "--gateway", "router", ExpectedResult = "--gateway must be an IP address with an optional :PORT")]
    [TestCase("pcp", "unmap", "--internal-port", "80", "--gateway", "127.0.0.1", ExpectedResult = "--nonce is required to unmap by PCP")]
    [TestCase("natpmp", "map", "--internal-port", "80", "--gateway", "127.0.0.1", "--lifetime", "0", ExpectedResult = "--lifetime must be at least 1")]
    public async Task<string> BadInput_ExitsWith2AndSaysWhy(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. arguments], Timeout);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        return Regex.Match(result.StandardError, "(--[a-z-]+ (must|is required)[^(,']*)").Groups[1].Value.Trim();
    }

    [TestCase("pcq", null, ExpectedResult = "igdlab device: --mapping: unknown method 'pcq'; did you mean 'pcp'? (upnp, natpmp, pcp or auto)")]
    [TestCase("natpmp", null, ExpectedResult = "igdlab device: --mapping natpmp needs --pcp-gateway IP[:PORT]")]
    [TestCase("pcp", "gateway", ExpectedResult = "igdlab device: --pcp-gateway must be an IP address with an optional :PORT, such as 192.168.1.1, not 'gateway'")]
    public async Task<string> Device_BadMapping_ExitsWith2AndSaysWhy(string mapping, string? gateway)
    {
        string[] arguments = ["device", "--id", "d1", "--key", "k", "--prober", "http://127.0.0.1:9/", "--service-port", "24000", "--mapping", mapping];
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, .. arguments, .. gateway is null ? Array.Empty<string>() : ["--pcp-gateway", gateway]], Timeout);
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        return result.StandardError.Trim();
    }

    [GeneratedRegex("nonce ([0-9a-f]{24})")]
    private static partial Regex NonceText();
}
