using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using IgdLab.Emulator.Text;
using IgdLab.Prober;
using Microsoft.Extensions.Logging;

namespace IgdLab.Emulator.Cli;

/// <summary><c>igdlab prober</c>: the watchdog server as its own process, until Ctrl+C or SIGTERM.</summary>
internal static class ProberCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "URL to serve the control channel and API on, http://IP:PORT (PORT 0 = any free port; https:// with --tls-cert)", DefaultValueFactory = _ => "http://127.0.0.1:0" };
        var tlsCertificate = new Option<string?>("--tls-cert") { Description = "A PEM certificate to serve TLS with (https://, wss://); needs --tls-key" };
        var tlsKey = new Option<string?>("--tls-key") { Description = "The PEM private key of --tls-cert (unencrypted; keep it chmod 600)" };
        var probeInterval = OptionValues.Duration("--probe-interval", "How often every device is probed (e.g. 1s, 500ms)", ProberDefaults.ProbeInterval);
        var probeTimeout = OptionValues.Duration("--probe-timeout", "How long one probe may take", ProberDefaults.ProbeTimeout);
        var confirmations = new Option<int>("--confirmations") { Description = "Extra probes that must also time out before a timeout counts", DefaultValueFactory = _ => ProberDefaults.TimeoutConfirmations };
        var deviceKeys = new Option<string[]>("--device-key") { Description = "A device allowed to connect, as ID=KEY (KEY is UTF-8 text); repeat for more", AllowMultipleArgumentsPerToken = false };
        var keysFile = new Option<string?>("--device-keys")
        {
            Description = "A file of device keys, one 'ID KEY' a line (# starts a comment); read again on SIGHUP, where a device whose line is gone is revoked. Keep it chmod 600",
        };
        var database = new Option<string?>("--db") { Description = "The registry (kept across restarts): an SQLite file, or a PostgreSQL database (postgres://user@host:port/db or Host=…;Database=…); in memory when absent" };
        var probeFrom = OptionValues.Address("--probe-from", "Local address to send probes from");
        var instanceName = new Option<string?>("--instance-name")
        {
            Description = "This instance's name among the probers sharing one PostgreSQL registry (default: the machine's name); a random suffix makes its id",
        };
        var lease = OptionValues.Duration(
            "--lease",
            "Sharing a PostgreSQL registry: how long this instance owns its devices without renewing (renewed every quarter); the others take a dead one's devices over within a lease and a quarter (default: the probe interval)",
            null);
        var verbose = new Option<bool>("--verbose") { Description = "Log every report, verdict and instruction" };

        var command = new Command("prober", "Run the port-mapping watchdog server until Ctrl+C")
        {
            listen, tlsCertificate, tlsKey, probeInterval, probeTimeout, confirmations, deviceKeys, keysFile, database, instanceName, lease, probeFrom, verbose,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var problems = new List<string>();
            var (address, port, https) = ParseListen(result.GetValue(listen)!, problems);
            var tlsProblems = new List<string>();
            using var certificate = PemFiles.ServerCertificate(result.GetValue(tlsCertificate), result.GetValue(tlsKey), tlsProblems);
            problems.AddRange(tlsProblems);
            if (https && certificate is null && tlsProblems.Count == 0)
            {
                problems.Add("--listen: https:// needs --tls-cert and --tls-key");
            }

            var options = new ProberOptions
            {
                ListenAddress = address,
                ListenPort = port,
                TlsCertificate = certificate,
                ProbeInterval = result.GetValue(probeInterval) ?? ProberDefaults.ProbeInterval,
                ProbeTimeout = result.GetValue(probeTimeout) ?? ProberDefaults.ProbeTimeout,
                TimeoutConfirmations = result.GetValue(confirmations),
                DatabasePath = result.GetValue(database),
                ProbeFrom = result.GetValue(probeFrom),
                DeviceKeys = ParseKeys(result.GetValue(deviceKeys) ?? [], problems),
                InstanceName = result.GetValue(instanceName) ?? Environment.MachineName,
                OwnershipLease = result.GetValue(lease),
            };
            var keys = result.GetValue(keysFile) is { } keysPath ? new KeysFileWatch(keysPath) : null;
            if (keys is not null)
            {
                var (fileKeys, fileProblems) = DeviceKeysFile.Read(keys.Path);
                problems.AddRange(fileProblems);
                problems.AddRange(fileKeys.Keys.Where(options.DeviceKeys.ContainsKey).Select(id => $"--device-keys: '{id}' is given by --device-key too"));
                keys.Current = fileKeys;
                var merged = new Dictionary<string, byte[]>(options.DeviceKeys, StringComparer.Ordinal);
                foreach (var (id, key) in fileKeys)
                {
                    merged.TryAdd(id, key);
                }

                options = options with { DeviceKeys = merged };
            }

            if (problems.Count == 0)
            {
                problems.AddRange(options.Validate());
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync($"igdlab prober: {problem}");
                }

                return ExitCodes.InvalidInput;
            }

            if (keys is not null && DeviceKeysFile.ReadableByOthers(keys.Path))
            {
                await Console.Error.WriteLineAsync($"igdlab prober: warning: {keys.Path} can be read by other users than its owner; the keys in it are secrets (chmod 600 {keys.Path})");
            }

            return await RunAsync(options, keys, result.GetValue(verbose), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(ProberOptions options, KeysFileWatch? keys, bool verbose, CancellationToken cancellationToken)
    {
        using var loggerFactory = LoggerFactory.Create(logging =>
        {
            logging.AddSimpleConsole(console => console.SingleLine = true);
            logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        ProberServer? server = null;
        using var sighup = keys is null ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            if (Volatile.Read(ref server) is { } running)
            {
                keys.Reload(running);
            }
        });
        try
        {
            // The registry's database is opened here, so a database that cannot be reached is an error like a port in use.
            server = new ProberServer(options, TimeProvider.System, loggerFactory);
            await server.StartAsync(stop.Token);
            var devices = server.Devices;
            Console.WriteLine($"listen: {server.BaseUrl}");
            Console.WriteLine($"control: {server.ControlUrl}");
            Console.WriteLine($"devices: {devices.Count} registered, {devices.Count(device => device.Endpoint is not null)} with a mapping");
            Console.WriteLine($"database: {options.DatabaseDescription}");
            if (server.InstanceId is { } instance)
            {
                Console.WriteLine($"instance: {instance}, sharing the registry: probes {server.OwnedDeviceCount} of {devices.Count} devices, lease {DurationText.Format(options.OwnershipLease ?? options.ProbeInterval)}");
            }

            Console.WriteLine($"probe: every {DurationText.Format(options.ProbeInterval)}, timeout {DurationText.Format(options.ProbeTimeout)}, from {options.ProbeFrom?.ToString() ?? "any address"}; Ctrl+C stops");
            await Console.Out.FlushAsync(CancellationToken.None);
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return ExitCodes.Success;
        }
        catch (System.Data.Common.DbException ex)
        {
            await Console.Error.WriteLineAsync($"igdlab prober: the registry database {options.DatabaseDescription}: {ex.Message}");
            return ExitCodes.TestbedError;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"igdlab prober: {ex.Message}");
            return ExitCodes.TestbedError;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <returns>The address and port, and whether the URL asked for https (the certificate's options give TLS either way).</returns>
    private static (IPAddress Address, int Port, bool Https) ParseListen(string text, List<string> problems)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            && IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && url.AbsolutePath == "/")
        {
            return (address, url.Port, url.Scheme == Uri.UriSchemeHttps);
        }

        problems.Add($"--listen: '{text}' is not http://IP:PORT");
        return (IPAddress.Loopback, 0, false);
    }

    private static Dictionary<string, byte[]> ParseKeys(string[] pairs, List<string> problems)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                problems.Add($"--device-key: '{pair}' is not ID=KEY");
                continue;
            }

            if (!keys.TryAdd(pair[..equals], Encoding.UTF8.GetBytes(pair[(equals + 1)..])))
            {
                problems.Add($"--device-key: '{pair[..equals]}' is given twice");
            }
        }

        return keys;
    }

    /// <summary>The keys file given with --device-keys and the keys last read from it; SIGHUP reads it again.</summary>
    private sealed class KeysFileWatch(string path)
    {
        private readonly Lock _gate = new();

        public string Path { get; } = path;

        public IReadOnlyDictionary<string, byte[]> Current { get; set; } = new Dictionary<string, byte[]>();

        /// <summary>
        /// Reads the file again and applies what changed: new and changed keys are registered, devices whose line is
        /// gone are revoked. A file with problems changes nothing: the problems go to stderr and the old keys stay.
        /// </summary>
        public void Reload(ProberServer server)
        {
            lock (_gate)
            {
                var (next, problems) = DeviceKeysFile.Read(Path);
                if (problems.Count > 0)
                {
                    Console.Error.WriteLine($"igdlab prober: {Path} not reloaded; the keys read before stay:");
                    foreach (var problem in problems)
                    {
                        Console.Error.WriteLine($"igdlab prober: {problem}");
                    }

                    return;
                }

                var changes = DeviceKeysFile.Compare(Current, next);
                try
                {
                    foreach (var id in changes.Added.Concat(changes.Changed))
                    {
                        server.RegisterDevice(id, next[id]);
                    }

                    foreach (var id in changes.Removed)
                    {
                        server.RevokeDevice(id);
                    }
                }
                catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or System.Data.Common.DbException)
                {
                    // A signal during the stop, or a registry that went away: say so rather than end the process here.
                    Console.Error.WriteLine($"igdlab prober: {Path} not applied in full: {ex.Message}");
                    return;
                }

                Current = next;
                Console.WriteLine($"keys: {Path} reloaded: {changes.Added.Count} added, {changes.Changed.Count} changed, {changes.Removed.Count} revoked");
                Console.Out.Flush();
            }
        }
    }
}
