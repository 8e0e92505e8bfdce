using System.CommandLine;
using System.Globalization;
using System.Net;
using IgdLab.Emulator.Fingerprinting;

namespace IgdLab.Emulator.Cli;

/// <summary><c>igdlab upnp fingerprint</c>: probes an IGD and prints a router-profile draft of what it does.</summary>
internal static class FingerprintCommand
{
    public static Command Create(Func<ParseResult, CancellationToken, Func<IgdTarget, CancellationToken, Task<int>>, Task<int>> run)
    {
        var portBase = new Option<int>("--port-base")
        {
            Description = "First of the ten external ports used for probe mappings",
            DefaultValueFactory = _ => FingerprintDefaults.PortBase,
        };
        var internalClient = OptionValues.Address("--internal-client", "Own LAN address that probes are sent from and mappings point at (default: this host's address towards the IGD)");
        var pcpPort = new Option<int>("--pcp-port") { Description = "NAT-PMP/PCP port of the router", DefaultValueFactory = _ => FingerprintDefaults.PortControlPort };
        var multicast = new Option<bool>("--multicast") { Description = "Also send the probe searches to the SSDP multicast group" };
        var output = new Option<FileInfo?>("--output") { Description = "Write the profile YAML here instead of standard output" };
        var command = IgdTarget.WithOptions(new Command("fingerprint", "Probe an IGD with safe requests and print a router-profile draft (deletes every probe mapping)"));
        command.Add(portBase);
        command.Add(internalClient);
        command.Add(pcpPort);
        command.Add(multicast);
        command.Add(output);
        command.SetAction((result, token) => run(result, token, async (context, ct) =>
        {
            var port = result.GetValue(portBase);
            if (port is < 1 or > 65535 - FingerprintDefaults.PortCount)
            {
                await Console.Error.WriteLineAsync($"igdlab upnp fingerprint: --port-base {port} leaves no room for {FingerprintDefaults.PortCount} ports");
                return ExitCodes.InvalidInput;
            }

            var igd = await context.LocateAsync(ct);
            var location = igd.DescriptionUrl;
            var host = IPAddress.TryParse(location.Host, out var literal) ? literal : context.GatewayEndPoint?.Address;
            var options = new IgdFingerprinterOptions
            {
                DescriptionUrl = location,
                InternalClient = result.GetValue(internalClient) ?? context.LocalAddressTowards(location),
                SsdpEndPoint = context.GatewayEndPoint ?? (host is null ? null : new IPEndPoint(host, 1900)),
                PortControlEndPoint = host is null ? null : new IPEndPoint(host, result.GetValue(pcpPort)),
                PortBase = port,
                Timeout = context.Timeout,
                // A multicast search may be answered up to MX (3 s) later.
                SearchWindow = result.GetValue(multicast) && context.Timeout < TimeSpan.FromSeconds(4) ? TimeSpan.FromSeconds(4) : context.Timeout,
                Multicast = result.GetValue(multicast),
            };
            Fingerprint fingerprint;
            try
            {
                fingerprint = await new IgdFingerprinter(options).RunAsync(ct);
            }
            catch (FingerprintException ex)
            {
                await Console.Error.WriteLineAsync($"igdlab upnp fingerprint: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            var yaml = FingerprintYaml.Write(fingerprint);
            if (result.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, yaml, ct);
            }
            else
            {
                Console.Out.Write(yaml);
            }

            await WriteSummaryAsync(fingerprint);
            return fingerprint.Leftovers.Count == 0 ? ExitCodes.Success : ExitCodes.ExpectationFailed;
        }));
        return command;
    }

    private static async Task WriteSummaryAsync(Fingerprint fingerprint)
    {
        var error = Console.Error;
        await error.WriteLineAsync($"fingerprint of {fingerprint.DescriptionUrl} -> profile '{fingerprint.Profile.Name}'");
        foreach (var probe in fingerprint.Probes)
        {
            await error.WriteLineAsync($"  probed: {probe}");
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  inferred {fingerprint.Detected.Count} keys: {string.Join(", ", fingerprint.Detected.Order(StringComparer.Ordinal))}"));
        foreach (var (key, reason) in fingerprint.Unknown.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            await error.WriteLineAsync($"  unknown: {key} ({reason})");
        }

        foreach (var leftover in fingerprint.Leftovers)
        {
            await error.WriteLineAsync($"  NOT CLEANED UP: {leftover}");
        }
    }
}
