using System.CommandLine;
using System.Net;
using IgdLab.Emulator.Control;
using IgdLab.Igd;
using IgdLab.Igd.Profiles;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Cli;

/// <summary><c>igdlab serve</c>: one virtual router on loopback for any UPnP client, until Ctrl+C.</summary>
internal static class ServeCommand
{
    private static readonly IPAddress DefaultLan = IPAddress.Loopback;
    private static readonly IPAddress DefaultWan = IPAddress.Parse("127.0.0.2");

    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "Router profile name or profile file (see 'igdlab profiles')", DefaultValueFactory = _ => "standard" };
        var lanIp = OptionValues.Address("--lan-ip", "LAN address for SSDP, description and SOAP", DefaultLan);
        var wanIp = OptionValues.Address("--wan-ip", "WAN address for forwarded ports", DefaultWan);
        var httpPort = new Option<int>("--http-port") { Description = "HTTP port (0 = any free port)" };
        var ssdpPort = new Option<int>("--ssdp-port") { Description = "SSDP port (0 = any free port; 1900 with --multicast)" };
        var pcpPort = new Option<int>("--pcp-port")
        {
            Description = "UDP port of the NAT-PMP and PCP server on the LAN address (0 = any free port)",
            DefaultValueFactory = _ => PortControlWire.ServerPort,
        };
        var controlPort = new Option<int>("--control-port") { Description = "Port of the control API on the LAN address (0 = any free port)" };
        var multicast = new Option<bool>("--multicast") { Description = "Join 239.255.255.250:1900 on the LAN address and send NOTIFY" };
        var seed = new Option<int>("--seed") { Description = "Seed for UDN and random choices", DefaultValueFactory = _ => 1 };
        var verbose = new Option<bool>("--verbose") { Description = "Log every request and fault" };

        var command = new Command("serve", "Run a standalone virtual router on loopback until Ctrl+C")
        {
            profile, lanIp, wanIp, httpPort, ssdpPort, pcpPort, controlPort, multicast, seed, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            RouterProfile routerProfile;
            try
            {
                routerProfile = RouterProfileCatalog.Resolve(result.GetValue(profile)!);
            }
            catch (RouterProfileException ex)
            {
                await Console.Error.WriteLineAsync($"igdlab serve: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            var options = new VirtualGatewayOptions
            {
                Profile = routerProfile,
                LanAddress = result.GetValue(lanIp) ?? DefaultLan,
                WanAddress = result.GetValue(wanIp) ?? DefaultWan,
                HttpPort = result.GetValue(httpPort),
                SsdpPort = result.GetValue(ssdpPort),
                PortControlPort = result.GetValue(pcpPort),
                Multicast = result.GetValue(multicast),
                Seed = result.GetValue(seed),
            };
            var problems = options.Validate();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync($"igdlab serve: {string.Join("; ", problems)}");
                return ExitCodes.InvalidInput;
            }

            return await RunAsync(options, result.GetValue(controlPort), result.GetValue(verbose), cancellationToken);
        });
        return command;
    }

    private static string OnOff(bool on) => on ? "on" : "off";

    private static async Task<int> RunAsync(VirtualGatewayOptions options, int controlPort, bool verbose, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.AddSimpleConsole(console => console.SingleLine = true);
            logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
        });
        using var stop = new ShutdownSignal(cancellationToken);

        var gateway = new VirtualGateway(options, TimeProvider.System, loggerFactory);
        var control = new ControlApi(gateway);
        try
        {
            await gateway.StartAsync(stop.Token);
            await control.StartAsync(options.LanAddress, controlPort, stop.Token);
            Console.WriteLine($"description: {gateway.DescriptionUrl}");
            Console.WriteLine($"ssdp: {gateway.SsdpEndPoint}");
            Console.WriteLine($"pcp: {gateway.PortControlEndPoint} (NAT-PMP {OnOff(gateway.NatPmpEnabled)}, PCP {OnOff(gateway.PcpEnabled)})");
            Console.WriteLine($"control: {control.BaseUrl}");
            Console.WriteLine($"wan: {gateway.WanAddress}");
            Console.WriteLine($"profile: {gateway.Profile.Name} (IGD:{gateway.Profile.IgdVersion}); Ctrl+C stops");
            await Console.Out.FlushAsync(CancellationToken.None);
            await stop.WaitAsync();
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"igdlab serve: {ex.Message}");
            return ExitCodes.TestbedError;
        }
        finally
        {
            await control.DisposeAsync();
            await gateway.DisposeAsync();
        }
    }
}
