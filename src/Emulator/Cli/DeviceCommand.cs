using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using IgdLab.Device.Devices;
using IgdLab.Device.PortControl;
using IgdLab.Device.Probe;
using IgdLab.Device.Upnp.Gena;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Scenarios;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Cli;

/// <summary>
/// <c>igdlab device</c>: a device agent on a real LAN — serves its identity handshake, maps its port through the IGD,
/// reports to the watchdog server and obeys its remap instructions until Ctrl+C or SIGTERM, then deletes its mapping.
/// A key the prober rejects before ever accepting it ends the agent with exit code 2.
/// </summary>
internal static class DeviceCommand
{
    private const string Name = "igdlab device";

    public static Command Create()
    {
        var id = new Option<string>("--id") { Description = "The device id registered with the prober", Required = true };
        var key = new Option<string>("--key") { Description = "The device key (its UTF-8 text)", Required = true };
        var prober = new Option<string[]>("--prober")
        {
            Description = "The prober's URL (http://IP:PORT, or https:// for TLS; ws:// and wss:// too; /control is appended); repeat for the other instances sharing its registry, tried in turn when a channel fails or drops",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var proberCa = new Option<string?>("--prober-ca") { Description = "A PEM file of the CA (or the self-signed certificate) an https:// prober's certificate must chain to, instead of the system's trust store" };
        var servicePort = new Option<int>("--service-port") { Description = "Port of the identity-handshake service (the mapped port)", Required = true };
        var externalPort = new Option<int?>("--external-port") { Description = "External port wanted (default: the service port; another if taken)" };
        var strategy = new Option<string>("--strategy") { Description = "How the mapping is kept: watchdog, events, renew, poll or none, joined by + as in scenario files (watchdog+events; a comma works too)", DefaultValueFactory = _ => "watchdog" };
        var mapping = new Option<string>("--mapping") { Description = "The protocol to map with: upnp, natpmp, pcp or auto (PCP, then NAT-PMP, then UPnP)", DefaultValueFactory = _ => "upnp" };
        var pcpGateway = new Option<string?>("--pcp-gateway") { Description = "The gateway's NAT-PMP/PCP endpoint, IP[:PORT] (port 5351 by default); needed by natpmp, pcp and auto" };
        var verbose = new Option<bool>("--verbose") { Description = "Log the control channel and UPnP client in detail" };
        var command = IgdTarget.WithOptions(new Command("device", "Run a device agent: map the service port through the IGD, report to the prober, obey its instructions"));
        command.Add(id);
        command.Add(key);
        command.Add(prober);
        command.Add(proberCa);
        command.Add(servicePort);
        command.Add(externalPort);
        command.Add(strategy);
        command.Add(mapping);
        command.Add(pcpGateway);
        command.Add(verbose);
        command.SetAction(async (result, cancellationToken) =>
        {
            IgdTarget target;
            DeviceSettings settings;
            try
            {
                target = IgdTarget.From(result);
                settings = DeviceSettings.From(
                    result.GetValue(id)!, result.GetValue(key)!, result.GetValue(prober) ?? [], result.GetValue(proberCa), result.GetValue(servicePort), result.GetValue(externalPort), result.GetValue(strategy)!)
                    .WithMapping(result.GetValue(mapping)!, result.GetValue(pcpGateway));
            }
            catch (FormatException ex)
            {
                await Console.Error.WriteLineAsync($"{Name}: {ex.Message}");
                return ExitCodes.InvalidInput;
            }

            using (target)
            {
                return await RunAsync(target, settings, result.GetValue(verbose), cancellationToken);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(IgdTarget target, DeviceSettings settings, bool verbose, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            // Logs go to standard error: standard output is the line protocol (device:, service:, mapped:, prober:).
            logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).AddSimpleConsole(console => console.SingleLine = true);
            logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
        });
        using var stop = new ShutdownSignal(cancellationToken);
        DeviceAgent? agent = null;
        try
        {
            if (settings.Mapping != MappingMethod.Upnp && settings.PortControlGateway is { } portControl)
            {
                return await RunPortControlAsync(target, settings, portControl, loggerFactory, stop);
            }

            var igd = await target.LocateAsync(stop.Token);
            var service = GatewayService.From(igd);
            if (settings.Strategies.HasFlag(MappingStrategyKinds.Events) && service.EventUrl is null)
            {
                await Console.Error.WriteLineAsync($"{Name}: the IGD at {igd.DescriptionUrl} publishes no event URL; the events strategy cannot run");
                return ExitCodes.TestbedError;
            }

            var local = target.LocalAddressTowards(service.ControlUrl);
            agent = new DeviceAgent(settings.Device(local, target.Timeout), TimeProvider.System);
            var device = agent.Device;
            Exception? mapFailure = null;
            device.MappingFailed += e =>
            {
                mapFailure = e;
                Console.Error.WriteLine($"{Name}: mapping failed: {Describe(e)}");
            };
            Console.WriteLine($"device: {settings.Id}");
            var mapped = await agent.StartAsync(service, stop.Token);
            Console.WriteLine($"service: {device.ServiceEndPoint}");
            if (!mapped)
            {
                await Console.Error.WriteLineAsync($"{Name}: could not map port {settings.ServicePort} through {igd.DescriptionUrl}");
                return mapFailure is not null && IgdTarget.TryDescribe(mapFailure, out var exitCode, out _) ? exitCode : ExitCodes.TestbedError;
            }

            PrintMapping(device.CurrentMapping!);
            device.MappingChanged += PrintMapping;
            // A key the prober never accepted is a mistake in --id or --key: say so once and end. A rejection after the
            // key was accepted (rotated on the prober) is retried slowly; the unit's log line says when.
            var options = settings.ProbeUnit(device.Options) with { StopIfKeyNeverAccepted = true };
            var binding = agent.ReportTo(options, loggerFactory.CreateLogger<ProbeUnit>());
            var keyRejected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            binding.Unit.Connected += () => Console.WriteLine("prober: connected");
            binding.Unit.Disconnected += reason => Console.WriteLine($"prober: disconnected ({reason})");
            binding.Unit.AuthenticationFailed += reason =>
            {
                Console.WriteLine("prober: authentication failed");
                if (binding.Unit.State == ProbeUnitState.KeyRejected)
                {
                    keyRejected.TrySetResult(reason);
                }
            };
            binding.Unit.InstructionReceived += i => Console.WriteLine($"instruction: {i.InstructionId} ({i.Reason})");
            agent.StartProbeUnit();
            if (await Task.WhenAny(stop.WaitAsync(), keyRejected.Task) == keyRejected.Task)
            {
                await Console.Error.WriteLineAsync($"{Name}: {await keyRejected.Task}; check --id and --key");
                return ExitCodes.InvalidInput;
            }

            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (Exception ex) when (IgdTarget.TryDescribe(ex, out var exitCode, out var message))
        {
            await Console.Error.WriteLineAsync($"{Name}: {message}");
            return exitCode;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            await Console.Error.WriteLineAsync($"{Name}: the service cannot listen on port {settings.ServicePort}: it is in use");
            return ExitCodes.TestbedError;
        }
        catch (Exception ex) when (ex is SocketException or GenaException or IOException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"{Name}: {ex.Message}");
            return ExitCodes.TestbedError;
        }
        finally
        {
            if (agent is not null)
            {
                // Disposing deletes the mapping: a stopped agent leaves nothing behind in the router's table.
                var last = agent.Device.CurrentMapping;
                await agent.DisposeAsync();
                if (last is not null)
                {
                    Console.WriteLine($"unmapped: {last.ExternalPort}/{last.Protocol.ToUpnp()}");
                }
            }
        }
    }

    private static void PrintMapping(MappingResult mapping) =>
        Console.WriteLine($"mapped: {mapping.ExternalAddress}:{mapping.ExternalPort} -> {mapping.InternalEndPoint} {mapping.Protocol.ToUpnp()}");

    // NAT-PMP, PCP or auto: no IGD to locate; the device talks to the gateway's UDP 5351 and reports to the prober.
    private static async Task<int> RunPortControlAsync(
        IgdTarget target, DeviceSettings settings, IPEndPoint gateway, ILoggerFactory loggerFactory, ShutdownSignal stop)
    {
        var local = target.Local ?? PortControlCommand.LocalAddressTowards(gateway);
        await using var agent = new DeviceAgent(settings.Device(local, target.Timeout), TimeProvider.System);
        var device = agent.Device;
        device.MappingFailed += e => Console.Error.WriteLine($"{Name}: mapping failed: {Describe(e)}");
        Console.WriteLine($"device: {settings.Id}");
        var mapped = await device.StartAsync(stop.Token);
        Console.WriteLine($"service: {device.ServiceEndPoint}");
        if (!mapped)
        {
            await Console.Error.WriteLineAsync($"{Name}: could not map port {settings.ServicePort} by {device.ActiveMapping?.ToText()} at {gateway}");
            return ExitCodes.TestbedError;
        }

        Console.WriteLine($"mapping: {device.ActiveMapping?.ToText()}");
        PrintMapping(device.CurrentMapping!);
        device.MappingChanged += PrintMapping;
        var binding = agent.ReportTo(settings.ProbeUnit(device.Options) with { StopIfKeyNeverAccepted = true }, loggerFactory.CreateLogger<ProbeUnit>());
        binding.Unit.Connected += () => Console.WriteLine("prober: connected");
        binding.Unit.Disconnected += reason => Console.WriteLine($"prober: disconnected ({reason})");
        binding.Unit.InstructionReceived += i => Console.WriteLine($"instruction: {i.InstructionId} ({i.Reason})");
        agent.StartProbeUnit();
        await stop.WaitAsync();
        return ExitCodes.Success;
    }

    private static string Describe(Exception exception) =>
        IgdTarget.TryDescribe(exception, out _, out var message) ? message : exception.Message;

    /// <summary>The command's options, checked together.</summary>
    private sealed record DeviceSettings(string Id, byte[] Key, IReadOnlyList<Uri> Probers, int ServicePort, int? ExternalPort, MappingStrategyKinds Strategies)
    {
        /// <summary>The roots of --prober-ca, or null for the system's trust store.</summary>
        public X509Certificate2Collection? ProberRoots { get; init; }

        public MappingMethod Mapping { get; init; } = MappingMethod.Upnp;

        public IPEndPoint? PortControlGateway { get; init; }

        /// <exception cref="FormatException">The method is unknown, or needs a gateway that is not given or not an endpoint.</exception>
        public DeviceSettings WithMapping(string mapping, string? gateway)
        {
            if (!MappingMethodText.TryParse(mapping, out var method))
            {
                throw new FormatException($"--mapping: unknown method '{mapping}'{NameSuggester.Hint(mapping, MappingMethodText.Names)} (upnp, natpmp, pcp or auto)");
            }

            IPEndPoint? endPoint = null;
            if (gateway is not null)
            {
                endPoint = IPAddress.TryParse(gateway, out var address) ? new IPEndPoint(address, PortControlWire.ServerPort)
                    : IPEndPoint.TryParse(gateway, out var parsed) ? parsed
                    : throw new FormatException($"--pcp-gateway must be an IP address with an optional :PORT, such as 192.168.1.1, not '{gateway}'");
            }

            if (method is MappingMethod.NatPmp or MappingMethod.Pcp && endPoint is null)
            {
                throw new FormatException($"--mapping {method.ToText()} needs --pcp-gateway IP[:PORT]");
            }

            return this with { Mapping = method, PortControlGateway = endPoint };
        }

        /// <exception cref="FormatException">Every problem, joined.</exception>
        public static DeviceSettings From(string id, string key, IReadOnlyList<string> probers, string? proberCa, int servicePort, int? externalPort, string strategy)
        {
            var problems = new List<string>();
            if (string.IsNullOrEmpty(key))
            {
                problems.Add("--key: the key must not be empty");
            }

            if (servicePort is < 1 or > 65535)
            {
                problems.Add($"--service-port: {servicePort} is not 1-65535");
            }

            if (externalPort is < 1 or > 65535)
            {
                problems.Add($"--external-port: {externalPort} is not 1-65535");
            }

            var strategies = ParseStrategies(strategy, problems);
            var proberUris = new List<Uri>();
            foreach (var prober in probers)
            {
                if (Uri.TryCreate(prober, UriKind.Absolute, out var proberUri))
                {
                    proberUris.Add(proberUri);
                }
                else
                {
                    problems.Add($"--prober: '{prober}' is not an absolute URL");
                }
            }

            if (proberUris.Count == 0)
            {
                proberUris.Add(new Uri("http://127.0.0.1/"));
            }

            var roots = proberCa is null ? null : PemFiles.TrustedRoots(proberCa, problems);
            var settings = new DeviceSettings(id, Encoding.UTF8.GetBytes(key), proberUris, servicePort, externalPort, strategies) { ProberRoots = roots };

            // The unit's own validation covers the id's and the URL's rules; only the local address is not known yet.
            problems.AddRange(settings.ProbeUnit(settings.Device(IPAddress.Loopback, TimeSpan.FromSeconds(1))).Validate().Select(p => p.Replace("Server", "--prober", StringComparison.Ordinal).Replace("DeviceId", "--id", StringComparison.Ordinal).Replace("TrustedRoots", "--prober-ca", StringComparison.Ordinal)));
            if (problems.Count > 0)
            {
                throw new FormatException(string.Join("; ", problems.Distinct()));
            }

            return settings;
        }

        public VirtualDeviceOptions Device(IPAddress local, TimeSpan timeout) => new()
        {
            Id = Id,
            Key = Key,
            Address = local,
            ServicePort = ServicePort,
            ExternalPort = ExternalPort,
            Strategies = Strategies,
            Client = new UpnpClientOptions { Timeout = timeout },
            Mapping = Mapping,
            PortControlGateway = PortControlGateway,
        };

        public ProbeUnitOptions ProbeUnit(VirtualDeviceOptions device) =>
            ProbeUnitBinding.OptionsFor(device, Probers[0]) with { AlternateServers = [.. Probers.Skip(1)], TrustedRoots = ProberRoots };

        private static MappingStrategyKinds ParseStrategies(string text, List<string> problems)
        {
            if (!ScenarioVocabulary.TryParseStrategy(text, out var kinds, out var problem, commandLine: true))
            {
                problems.Add($"--strategy: {problem}");
            }

            return kinds;
        }
    }
}
