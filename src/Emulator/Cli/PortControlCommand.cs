using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using IgdLab.Device.PortControl;
using IgdLab.Protocols.Pcp;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>igdlab natpmp</c> and <c>igdlab pcp</c>: the NAT-PMP and PCP clients by hand, like Debian's natpmpc —
/// external address, map, unmap — against any gateway's UDP 5351.
/// </summary>
internal static class PortControlCommand
{
    public static Command CreateNatPmp() => Create(MappingMethod.NatPmp, "natpmp", "The NAT-PMP client (RFC 6886): external-address, map, unmap");

    public static Command CreatePcp() => Create(MappingMethod.Pcp, "pcp", "The PCP client (RFC 6887): external-address, map, unmap");

    private static Command Create(MappingMethod method, string name, string description)
    {
        var command = new Command(name, description);
        command.Add(ExternalAddress(method, name));
        command.Add(Map(method, name, unmap: false));
        command.Add(Map(method, name, unmap: true));
        return command;
    }

    private static (Option<string> Gateway, Option<IPAddress?> Local) TargetOptions(Command command)
    {
        var gateway = new Option<string>("--gateway") { Description = "The gateway's LAN address, with :PORT when not 5351", Required = true };
        var local = OptionValues.Address("--local-ip", "The address to send from (default: this host's address towards the gateway)");
        command.Add(gateway);
        command.Add(local);
        return (gateway, local);
    }

    private static Command ExternalAddress(MappingMethod method, string name)
    {
        var command = new Command(
            "external-address",
            method == MappingMethod.Pcp ? "Print the gateway's epoch (ANNOUNCE) and external address (a MAP probe of lifetime 0)" : "Print the gateway's external address and epoch");
        var (gateway, local) = TargetOptions(command);
        command.SetAction((result, token) => RunAsync(result, name, gateway, local, token, async (target, from, ct) =>
        {
            if (method == MappingMethod.NatPmp)
            {
                using var client = new NatPmpClient(from, target);
                var answer = await client.GetExternalAddressAsync(ct);
                Console.WriteLine($"external address {answer.ExternalAddress}; epoch {answer.EpochSeconds} s");
            }
            else
            {
                using var client = new PcpClient(from, target);
                var announce = await client.AnnounceAsync(ct);

                // PCP has no address query: a MAP of lifetime 0 for a port nobody maps answers with the external address.
                var probe = await client.MapAsync(PcpNonce.Next(new Random()), MappingProtocol.Udp, 9, 0, 0, ct);
                Console.WriteLine($"external address {probe.Mapping?.ExternalAddress}; epoch {announce.EpochSeconds} s");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Map(MappingMethod method, string name, bool unmap)
    {
        var command = new Command(
            unmap ? "unmap" : "map",
            unmap ? "Delete a mapping (lifetime 0); with PCP, --nonce must be the one map printed" : "Map a LAN port and print what the gateway granted");
        var (gateway, local) = TargetOptions(command);
        var internalPort = new Option<int>("--internal-port") { Description = "LAN port to map", Required = true };
        var externalPort = new Option<int>("--external-port") { Description = "External port suggested (default: the internal port; another if taken)" };
        var protocol = OptionValues.Protocol("--protocol", "TCP or UDP", MappingProtocol.Tcp);
        var lifetime = new Option<uint>("--lifetime") { Description = "Lifetime in seconds", DefaultValueFactory = _ => 7200 };
        var nonce = new Option<string?>("--nonce") { Description = "PCP only: the mapping nonce, 24 hex digits (default: a new random one)" };
        command.Add(internalPort);
        command.Add(protocol);
        if (!unmap)
        {
            command.Add(externalPort);
            command.Add(lifetime);
        }

        if (method == MappingMethod.Pcp)
        {
            command.Add(nonce);
        }

        command.SetAction((result, token) => RunAsync(result, name, gateway, local, token, async (target, from, ct) =>
        {
            var port = result.GetValue(internalPort);
            if (port is < 1 or > 65535 || result.GetValue(externalPort) is < 0 or > 65535)
            {
                throw new FormatException("--internal-port and --external-port must be ports (1 to 65535)");
            }

            var seconds = unmap ? 0u : result.GetValue(lifetime);
            if (!unmap && seconds == 0)
            {
                throw new FormatException("--lifetime must be at least 1 (use unmap to delete)");
            }

            var suggested = (ushort)(result.GetValue(externalPort) is > 0 and var wanted ? wanted : port);
            var transport = result.GetValue(protocol) ?? MappingProtocol.Tcp;
            if (method == MappingMethod.NatPmp)
            {
                using var client = new NatPmpClient(from, target);
                var answer = await client.MapAsync(transport, (ushort)port, unmap ? (ushort)0 : suggested, seconds, ct);
                Console.WriteLine(unmap
                    ? $"unmapped {transport.ToUpnp()} {from}:{port}"
                    : $"mapped external port {answer.ExternalPort} -> {from}:{port} {transport.ToUpnp()} lifetime {answer.LifetimeSeconds}");
            }
            else
            {
                var owner = ParseNonce(result.GetValue(nonce)) ?? (unmap ? throw new FormatException("--nonce is required to unmap by PCP") : PcpNonce.Next(new Random()));
                using var client = new PcpClient(from, target);
                var answer = await client.MapAsync(owner, transport, (ushort)port, unmap ? (ushort)0 : suggested, seconds, ct);
                Console.WriteLine(unmap
                    ? $"unmapped {transport.ToUpnp()} {from}:{port}"
                    : $"mapped {answer.Mapping!.ExternalAddress}:{answer.Mapping.ExternalPort} -> {from}:{port} {transport.ToUpnp()} lifetime {answer.LifetimeSeconds} nonce {owner}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static PcpNonce? ParseNonce(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return PcpNonce.TryParse(text, out var nonce)
            ? nonce
            : throw new FormatException($"--nonce must be 24 hex digits, not '{text}'");
    }

    private static async Task<int> RunAsync(
        ParseResult result,
        string name,
        Option<string> gatewayOption,
        Option<IPAddress?> localOption,
        CancellationToken token,
        Func<IPEndPoint, IPAddress, CancellationToken, Task<int>> body)
    {
        var command = $"igdlab {name} {result.CommandResult.Command.Name}";
        try
        {
            var text = result.GetValue(gatewayOption)!;
            var gateway = IPAddress.TryParse(text, out var address) ? new IPEndPoint(address, PortControlWire.ServerPort)
                : IPEndPoint.TryParse(text, out var endPoint) ? endPoint
                : throw new FormatException($"--gateway must be an IP address with an optional :PORT, such as 192.168.1.1 or 127.0.0.1:5351, not '{text}'");
            if (gateway.AddressFamily != AddressFamily.InterNetwork)
            {
                throw new FormatException("--gateway must be an IPv4 address");
            }

            var local = result.GetValue(localOption) ?? LocalAddressTowards(gateway);
            return await body(gateway, local, token);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"{command}: {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (PortControlException ex)
        {
            await Console.Error.WriteLineAsync($"{command}: {ex.Message}");
            return ExitCodes.TestbedError;
        }
        catch (SocketException ex)
        {
            await Console.Error.WriteLineAsync($"{command}: {ex.Message}");
            return ExitCodes.TestbedError;
        }
    }

    // The kernel's choice of source address for the gateway, found by connecting a UDP socket (nothing is sent).
    internal static IPAddress LocalAddressTowards(IPEndPoint gateway)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(gateway);
        return ((IPEndPoint)socket.LocalEndPoint!).Address;
    }
}
