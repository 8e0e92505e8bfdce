using System.CommandLine;
using System.Globalization;
using IgdLab.Device.Upnp.Discovery;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Emulator.Cli;

/// <summary><c>igdlab upnp discover|status|list|add|delete|fingerprint</c>: the UPnP IGD client from the command line, like upnpc.</summary>
internal static class UpnpCommand
{
    public static Command Create()
    {
        var command = new Command("upnp", "The UPnP IGD client: discover, status, list, add, delete, fingerprint");
        command.Add(Discover());
        command.Add(Status());
        command.Add(List());
        command.Add(AddMapping());
        command.Add(DeleteMapping());
        command.Add(FingerprintCommand.Create(RunAsync));
        return command;
    }

    private static Command Discover()
    {
        var first = new Option<bool>("--first") { Description = "Stop at the first IGD instead of waiting out the timeout; prints how long it took" };
        var command = IgdTarget.WithOptions(new Command("discover", "Print the description URL of every IGD that answers (multicast unless --gateway)"));
        command.Add(first);
        command.SetAction((result, token) => RunAsync(result, token, async (context, ct) =>
        {
            var stopAtFirst = result.GetValue(first);
            var locator = new IgdLocator(context.Discoverer(), context.Fetcher, new IgdLocatorOptions { StopAtFirstIgd = stopAtFirst });
            var started = TimeProvider.System.GetTimestamp();
            var located = await locator.LocateAsync(ct);
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            var igds = located.Candidates.Where(c => c.IsIgd).ToList();
            foreach (var candidate in igds)
            {
                Console.WriteLine(candidate.Location);
            }

            if (stopAtFirst && igds.Count > 0)
            {
                // On standard error, so that standard output stays a plain list of URLs.
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"found in {elapsed.TotalMilliseconds:F1} ms (search and description fetch)"));
            }

            if (igds.Count == 0)
            {
                await Console.Error.WriteLineAsync($"igdlab upnp discover: no IGD found ({located.Outcome}, {CountText.Of(located.Candidates.Count, "device")} answered)");
                return ExitCodes.ExpectationFailed;
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Status()
    {
        var command = IgdTarget.WithOptions(new Command("status", "Print the IGD's external address, connection status and version"));
        command.SetAction((result, token) => RunAsync(result, token, async (context, ct) =>
        {
            var (igd, client) = await context.ConnectAsync(ct);
            using (client)
            {
                var status = await client.GetStatusInfoAsync(ct);
                var external = await client.GetExternalIPAddressAsync(ct);
                Console.WriteLine($"igd: {igd.DescriptionUrl}");
                Console.WriteLine($"service: {client.ServiceType} (IGD:{client.ServiceVersion})");
                Console.WriteLine($"external: {external?.ToString() ?? "(none)"}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status: {status.ConnectionStatus}, uptime {(long)status.Uptime.TotalSeconds} s"));
                return ExitCodes.Success;
            }
        }));
        return command;
    }

    private static Command List()
    {
        var command = IgdTarget.WithOptions(new Command("list", "List the IGD's port mappings"));
        command.SetAction((result, token) => RunAsync(result, token, async (context, ct) =>
        {
            var (_, client) = await context.ConnectAsync(ct);
            using (client)
            {
                foreach (var m in await client.GetAllPortMappingsAsync(ct))
                {
                    var lease = m.LeaseSeconds == 0 ? "permanent" : $"lease {m.LeaseSeconds}";
                    Console.WriteLine($"{m.Protocol.ToUpnp()} {m.ExternalPort} -> {m.InternalClient}:{m.InternalPort} '{m.Description}' {lease}{(m.Enabled ? "" : " (disabled)")}");
                }

                return ExitCodes.Success;
            }
        }));
        return command;
    }

    private static Command AddMapping()
    {
        var internalPort = new Option<int>("--internal-port") { Description = "LAN port to map", Required = true };
        var externalPort = new Option<int>("--external-port") { Description = "External port (default: the internal port; another if taken)" };
        var protocol = OptionValues.Protocol("--protocol", "TCP or UDP", MappingProtocol.Tcp);
        var internalClient = OptionValues.Address("--internal-client", "LAN address to map to (default: this host's address towards the IGD)");
        var lease = new Option<uint>("--lease") { Description = "Lease in seconds (0 = permanent)", DefaultValueFactory = _ => 3600 };
        var description = new Option<string>("--description") { Description = "Mapping description", DefaultValueFactory = _ => "igdlab" };
        var command = IgdTarget.WithOptions(new Command("add", "Add a port mapping and print what the IGD granted"));
        command.Add(internalPort);
        command.Add(externalPort);
        command.Add(protocol);
        command.Add(internalClient);
        command.Add(lease);
        command.Add(description);
        command.SetAction((result, token) => RunAsync(result, token, async (context, ct) =>
        {
            var (_, client) = await context.ConnectAsync(ct);
            using (client)
            {
                var request = new MappingRequest
                {
                    Protocol = result.GetValue(protocol) ?? MappingProtocol.Tcp,
                    InternalPort = result.GetValue(internalPort),
                    ExternalPort = result.GetValue(externalPort),
                    InternalClient = result.GetValue(internalClient) ?? context.LocalAddressTowards(client.ControlUrl),
                    LeaseSeconds = result.GetValue(lease),
                    Description = result.GetValue(description)!,
                };

                // The mapper is not disposed: disposing deletes its mappings, and this command's job is to leave one behind.
                var mapper = new PortMapper(client);
                var mapped = await mapper.MapAsync(request, ct);
                var granted = mapped.IsPermanent ? "permanent" : $"lease {mapped.LeaseSeconds}";
                Console.WriteLine($"mapped {mapped.ExternalAddress}:{mapped.ExternalPort} -> {mapped.InternalEndPoint} {mapped.Protocol.ToUpnp()} {granted}");
                if (mapped.FellBack)
                {
                    Console.WriteLine($"fallbacks: {mapped.Fallbacks}");
                }

                return ExitCodes.Success;
            }
        }));
        return command;
    }

    private static Command DeleteMapping()
    {
        var externalPort = new Option<int>("--external-port") { Description = "External port of the mapping", Required = true };
        var protocol = OptionValues.Protocol("--protocol", "TCP or UDP", MappingProtocol.Tcp);
        var command = IgdTarget.WithOptions(new Command("delete", "Delete a port mapping"));
        command.Add(externalPort);
        command.Add(protocol);
        command.SetAction((result, token) => RunAsync(result, token, async (context, ct) =>
        {
            var (_, client) = await context.ConnectAsync(ct);
            using (client)
            {
                var port = result.GetValue(externalPort);
                var proto = result.GetValue(protocol) ?? MappingProtocol.Tcp;
                if (!await client.DeletePortMappingAsync(port, proto, cancellationToken: ct))
                {
                    await Console.Error.WriteLineAsync(
                        $"igdlab upnp delete: UPnP error {UpnpErrorCode.NoSuchEntryInArray} {UpnpErrorCode.NameOf(UpnpErrorCode.NoSuchEntryInArray)}: no mapping {port}/{proto.ToUpnp()}");
                    return ExitCodes.ExpectationFailed;
                }

                Console.WriteLine($"deleted {port}/{proto.ToUpnp()}");
                return ExitCodes.Success;
            }
        }));
        return command;
    }

    internal static async Task<int> RunAsync(ParseResult result, CancellationToken token, Func<IgdTarget, CancellationToken, Task<int>> body)
    {
        var name = $"igdlab upnp {result.CommandResult.Command.Name}";
        IgdTarget context;
        try
        {
            context = IgdTarget.From(result);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"{name}: {ex.Message}");
            return ExitCodes.InvalidInput;
        }

        using (context)
        {
            try
            {
                return await body(context, token);
            }
            catch (Exception ex) when (IgdTarget.TryDescribe(ex, out var exitCode, out var message))
            {
                await Console.Error.WriteLineAsync($"{name}: {message}");
                return exitCode;
            }
        }
    }
}
