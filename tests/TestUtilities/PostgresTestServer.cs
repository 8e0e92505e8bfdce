using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace IgdLab.TestUtilities;

/// <summary>
/// A PostgreSQL server for the tests: the one named by <c>IGDLAB_TEST_POSTGRES</c> (a connection string of a user
/// that may create databases), or else a private cluster of Debian's <c>postgresql</c> that this class creates
/// (<c>initdb</c> as the postgres user, in a folder of its own) and starts on a free port of 127.0.0.1, once per test
/// process. Each test gets a database of its own. Without either, the test is skipped, saying what is missing.
/// </summary>
public static class PostgresTestServer
{
    private const string EnvironmentVariable = "IGDLAB_TEST_POSTGRES";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Cluster? _cluster;
    private static string? _admin;

    /// <summary>A connection string to a new, empty database; skips the test when no server can be had.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await AdminConnectionStringAsync();
        var name = $"igdlab_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>Stops the private cluster, if this process started one, and deletes its folder.</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_cluster is { } cluster)
            {
                _cluster = null;
                _admin = null;
                await cluster.StopAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> AdminConnectionStringAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return new NpgsqlConnectionStringBuilder(given) { Pooling = false }.ConnectionString;
        }

        await Gate.WaitAsync();
        try
        {
            if (_admin is null)
            {
                _cluster = await Cluster.StartAsync();
                _admin = _cluster.AdminConnectionString;
            }

            return _admin;
        }
        finally
        {
            Gate.Release();
        }
    }

    private sealed class Cluster(string folder, string bin, int port)
    {
        public string AdminConnectionString { get; } =
            new NpgsqlConnectionStringBuilder { Host = IPAddress.Loopback.ToString(), Port = port, Username = "postgres", Database = "postgres", Pooling = false }.ConnectionString;

        private string Data => Path.Combine(folder, "data");

        public static async Task<Cluster> StartAsync()
        {
            if (FindBin() is not { } bin)
            {
                Assert.Ignore($"PostgreSQL is not installed (Debian package postgresql; .ci/run installs it), and {EnvironmentVariable} names no server");
                return null!;
            }

            if (!Environment.IsPrivilegedProcess)
            {
                Assert.Ignore($"starting a private PostgreSQL cluster needs root (to run it as the postgres user), and {EnvironmentVariable} names no server");
            }

            var runuser = ProcessRunner.Require("runuser", "util-linux");
            var folder = Directory.CreateTempSubdirectory("igdlab-pg-").FullName;
            var port = FreePort();
            var cluster = new Cluster(folder, bin, port);
            try
            {
                await cluster.RunAsync("chown", ["postgres:", folder]);
                await cluster.RunAsync(runuser, ["-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", cluster.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]);
                await cluster.RunAsync(runuser, [
                    "-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", cluster.Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "30",
                    "-o", $"-p {port} -k {folder} -c listen_addresses={IPAddress.Loopback} -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start"]);
                return cluster;
            }
            catch
            {
                await cluster.StopAsync();
                throw;
            }
        }

        public async Task StopAsync()
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            {
                await ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", Data, "-m", "immediate", "-w", "stop"], CommandTimeout);
            }

            Directory.Delete(folder, recursive: true);
        }

        private async Task RunAsync(string program, IEnumerable<string> arguments)
        {
            var result = await ProcessRunner.RunAsync(program, arguments, CommandTimeout);
            if (result.ExitCode != 0)
            {
                var log = Path.Combine(folder, "server.log");
                throw new InvalidOperationException(
                    $"{ProcessRunner.Describe(program, arguments)} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}"
                    + (File.Exists(log) ? $"\nserver log:\n{File.ReadAllText(log)}" : string.Empty));
            }
        }

        // Debian's versioned folders, the newest first.
        private static string? FindBin() =>
            Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(folder => (Folder: folder, Version: int.TryParse(Path.GetFileName(folder), out var version) ? version : 0))
                    .OrderByDescending(entry => entry.Version)
                    .Select(entry => Path.Combine(entry.Folder, "bin"))
                    .FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")))
                : null;

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
