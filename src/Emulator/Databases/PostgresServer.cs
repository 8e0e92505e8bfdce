using System.Net;
using System.Net.Sockets;
using IgdLab.Emulator.World.Namespaces;
using Npgsql;

namespace IgdLab.Emulator.Databases;

/// <summary>
/// A PostgreSQL server that hands out throwaway databases: one given by a connection string (a user that may create
/// databases), or a private cluster of Debian's <c>postgresql</c> started for this process — <c>initdb</c> as the
/// postgres user in a folder of its own, on a free port of 127.0.0.1, without durability (its data lives as long as
/// the process) — and stopped, its folder deleted, when disposed.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable <c>igdlab run</c> reads a server's connection string from.</summary>
    public const string EnvironmentVariable = "IGDLAB_POSTGRES";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly PrivateCluster? _cluster;

    private PostgresServer(string admin, PrivateCluster? cluster)
    {
        AdminConnectionString = new NpgsqlConnectionStringBuilder(admin) { Pooling = false }.ConnectionString;
        _cluster = cluster;
    }

    /// <summary>A connection string of a user that may create databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the databases live, for people: the host, port and user, or "a private cluster".</summary>
    public string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString);
            return _cluster is null ? $"{builder.Username}@{builder.Host}:{builder.Port}" : $"a private cluster on {builder.Host}:{builder.Port}";
        }
    }

    /// <summary>The server <paramref name="connectionString"/> names.</summary>
    /// <exception cref="ArgumentException">It is not a connection string Npgsql can read.</exception>
    public static PostgresServer Given(string connectionString) => new(connectionString, null);

    /// <summary>Why no private cluster can be started here (not installed, not root); null when one can.</summary>
    public static string? PrivateClusterUnavailable() =>
        PrivateCluster.FindBin() is null ? "PostgreSQL is not installed (Debian package postgresql)"
        : !Environment.IsPrivilegedProcess ? "starting a private PostgreSQL cluster needs root (to run it as the postgres user)"
        : null;

    /// <summary>Starts a private cluster.</summary>
    /// <exception cref="InvalidOperationException">It cannot be started here (<see cref="PrivateClusterUnavailable"/>), or a step failed (with the server's log).</exception>
    public static async Task<PostgresServer> StartPrivateAsync()
    {
        if (PrivateClusterUnavailable() is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var cluster = await PrivateCluster.StartAsync(PrivateCluster.FindBin()!);
        return new PostgresServer(cluster.AdminConnectionString, cluster);
    }

    /// <summary>Creates an empty database of its own; returns its connection string (pooling off: each prober instance opens its own connections).</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE {name}", cancellationToken);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>Drops the database <paramref name="connectionString"/> names, closing what is still connected to it.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", cancellationToken);
    }

    /// <summary>Stops the private cluster, if this is one, and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class PrivateCluster(string folder, string bin, int port)
    {
        private const string FolderPrefix = "igdlab-pg-";

        // The process that started the cluster, as ProcessIdentity writes it.
        private const string OwnerFile = "owner";

        public string AdminConnectionString { get; } =
            new NpgsqlConnectionStringBuilder { Host = IPAddress.Loopback.ToString(), Port = port, Username = "postgres", Database = "postgres" }.ConnectionString;

        private string Data => Path.Combine(folder, "data");

        public static async Task<PrivateCluster> StartAsync(string bin)
        {
            var runuser = ExternalPrograms.FindOnPath("runuser") ?? throw new InvalidOperationException("runuser is not installed (Debian package util-linux)");
            await ReapOrphansAsync(bin);
            var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
            await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), ProcessIdentity.Current);
            var port = FreePort();
            var cluster = new PrivateCluster(folder, bin, port);
            try
            {
                await cluster.RunAsync("chown", ["postgres:", folder]);
                await cluster.RunAsync(runuser, ["-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", cluster.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]);
                await cluster.RunAsync(runuser, [
                    "-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", cluster.Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "30",
                    "-o", $"-p {port} -k {folder} -c listen_addresses={IPAddress.Loopback} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start"]);
                return cluster;
            }
            catch
            {
                await cluster.StopAsync();
                throw;
            }
        }

        public Task StopAsync() => StopAsync(folder, bin);

        private static async Task StopAsync(string folder, string bin)
        {
            var data = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                await ExternalPrograms.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"], CommandTimeout);
            }

            // Gone already when another process found this one's owner dead (this process's id read wrongly) and reaped it.
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        /// <summary>
        /// Stops and deletes the clusters whose process is gone: a process killed, or ended by an unhandled exception,
        /// never stops its cluster, and the postgres processes keep every descriptor they inherited from it (a lock
        /// file of the shell that started it, for one). A folder without an owner file is left alone: its process may
        /// be writing it now.
        /// </summary>
        private static async Task ReapOrphansAsync(string bin)
        {
            foreach (var orphan in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
            {
                var owner = Path.Combine(orphan, OwnerFile);
                try
                {
                    if (File.Exists(owner) && !ProcessIdentity.IsRunning(await File.ReadAllTextAsync(owner)))
                    {
                        await StopAsync(orphan, bin);
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    // Another process reaps it at the same moment, or it cannot be stopped: it is not ours to fail on.
                }
            }
        }

        // Debian's versioned folders, the newest first.
        public static string? FindBin() =>
            Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(folder => (Folder: folder, Version: int.TryParse(Path.GetFileName(folder), out var version) ? version : 0))
                    .OrderByDescending(entry => entry.Version)
                    .Select(entry => Path.Combine(entry.Folder, "bin"))
                    .FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")))
                : null;

        private async Task RunAsync(string program, IEnumerable<string> arguments)
        {
            var result = await ExternalPrograms.RunAsync(program, arguments, CommandTimeout);
            if (result.ExitCode != 0)
            {
                var log = Path.Combine(folder, "server.log");
                throw new InvalidOperationException(
                    $"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}{result.StandardOutput}"
                    + (File.Exists(log) ? $"\nserver log:\n{File.ReadAllText(log)}" : string.Empty));
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
