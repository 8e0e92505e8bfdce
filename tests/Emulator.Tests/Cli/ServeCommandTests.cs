using System.Text.RegularExpressions;
using IgdLab.CliTestUtilities;
using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests.Cli;

[Category("Loopback")]
public sealed class ServeCommandTests
{
    [Test]
    public async Task Serve_PrintsDescriptionSsdpControlAndWanLines()
    {
        var lan = LoopbackAddresses.Next();
        var wan = LoopbackAddresses.Next();
        await using var serve = await IgdlabProcess.StartAsync(
            ["serve", "--lan-ip", lan.ToString(), "--wan-ip", wan.ToString(), "--pcp-port", "0"], ["description", "ssdp", "pcp", "control", "wan"], TimeSpan.FromSeconds(60));

        Assert.That(serve.StartLines["description"], Does.Match($@"^http://{Regex.Escape(lan.ToString())}:\d+/rootDesc\.xml$"));
        Assert.That(serve.StartLines["ssdp"], Does.Match($@"^{Regex.Escape(lan.ToString())}:\d+$"));
        Assert.That(serve.StartLines["control"], Does.Match($@"^http://{Regex.Escape(lan.ToString())}:\d+/$"));
        Assert.That(serve.StartLines["wan"], Is.EqualTo(wan.ToString()));
        Assert.That(serve.StartLines["pcp"], Does.Match($@"^{Regex.Escape(lan.ToString())}:\d+ \(NAT-PMP on, PCP on\)$"));

        using var http = new HttpClient();
        Assert.That(await http.GetStringAsync(serve.StartLines["description"]), Does.Contain("InternetGatewayDevice"));
    }

    [TestCase("--profile", "no-such-router", "unknown router profile")]
    [TestCase("--lan-ip", "banana", "--lan-ip must be an IP address")]
    public async Task Serve_InvalidOption_ExitsWith2AndSaysWhy(string option, string value, string message)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "serve", option, value], TimeSpan.FromSeconds(60));
        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardError, Does.Contain(message));
    }

    [Test]
    public async Task Serve_Ipv6WanAddress_ExitsWith2AndSaysWhy()
    {
        // The IPv6 loopback address, so the test names nothing outside the host.
        var result = await ProcessRunner.RunAsync(
            "dotnet", [IgdlabProcess.DllPath, "serve", "--lan-ip", LoopbackAddresses.Next().ToString(), "--wan-ip", "::1"], TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Combined);
        Assert.That(result.StandardError, Does.Contain("WanAddress ::1 must be an IPv4 address"));
    }

    [Test]
    public async Task Profiles_ListsBuiltInProfiles()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [IgdlabProcess.DllPath, "profiles"], TimeSpan.FromSeconds(60));
        Assert.That(result.ExitCode, Is.Zero, result.Combined);
        Assert.That(result.StandardOutput, Does.Contain("standard").And.Contain("miniupnpd"));
    }
}
