using IgdLab.Emulator.Databases;
using Npgsql;

namespace IgdLab.TestUtilities;

/// <summary>
/// A PostgreSQL server for the tests: the one named by <c>IGDLAB_TEST_POSTGRES</c> (a connection string of a user
/// that may create databases), or else a private cluster of Debian's <c>postgresql</c> (<see cref="PostgresServer"/>)
/// started once per test process. Each test gets a database of its own. Without either, the test is skipped, saying
/// what is missing.
/// </summary>
public static class PostgresTestServer
{
    private const string EnvironmentVariable = "IGDLAB_TEST_POSTGRES";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _server;

    /// <summary>A connection string to a new, empty database; skips the test when no server can be had.</summary>
    public static async Task<string> CreateDatabaseAsync() => await (await ServerAsync()).CreateDatabaseAsync("igdlab_test");

    /// <summary>The server; skips the test when none can be had.</summary>
    public static async Task<PostgresServer> ServerAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return PostgresServer.Given(new NpgsqlConnectionStringBuilder(given) { Pooling = false }.ConnectionString);
        }

        await Gate.WaitAsync();
        try
        {
            if (_server is null)
            {
                if (PostgresServer.PrivateClusterUnavailable() is { } reason)
                {
                    Assert.Ignore($"{reason}; .ci/run installs it and runs as root, and {EnvironmentVariable} names no server");
                }

                _server = await PostgresServer.StartPrivateAsync();
            }

            return _server;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the private cluster, if this process started one, and deletes its folder.</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is { } server)
            {
                _server = null;
                await server.DisposeAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
