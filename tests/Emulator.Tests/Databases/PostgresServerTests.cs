using IgdLab.Emulator.Databases;
using Npgsql;

namespace IgdLab.Emulator.Tests.Databases;

public sealed class PostgresServerTests
{
    [Test]
    public async Task StartPrivate_StopsAndDeletesClustersWhoseProcessIsGone_AndLeavesLiveOnesAlone()
    {
        if (PostgresServer.PrivateClusterUnavailable() is { } reason)
        {
            Assert.Ignore($"{reason}; .ci/run installs it and runs as root");
        }

        await using var orphan = await PostgresServer.StartPrivateAsync();
        await using var live = await PostgresServer.StartPrivateAsync();
        var orphanFolder = await FolderOfAsync(orphan);
        // As a process killed with its cluster running leaves it: the owner file names a process that no longer runs.
        await File.WriteAllTextAsync(Path.Combine(orphanFolder, "owner"), "2147483647 1");

        await using var next = await PostgresServer.StartPrivateAsync();

        Assert.That(Directory.Exists(orphanFolder), Is.False, "the orphan's folder is deleted");
        Assert.That(async () => await FolderOfAsync(orphan), Throws.InstanceOf<NpgsqlException>(), "the orphan's server is stopped");
        Assert.That(Directory.Exists(await FolderOfAsync(live)), Is.True, "a cluster whose process runs stays");
    }

    [Test]
    public void ProcessIdentity_ThisProcess_IsRunning_AnotherStartTime_IsNot()
    {
        var current = ProcessIdentity.Current;
        var pid = current.Split(' ')[0];

        Assert.That(ProcessIdentity.IsRunning(current), Is.True);
        Assert.That(ProcessIdentity.IsRunning($"{pid} 1"), Is.False, "the same id, started at another time: the id was handed out again");
        Assert.That(ProcessIdentity.IsRunning("2147483647 1"), Is.False);
        Assert.That(ProcessIdentity.IsRunning("not an identity"), Is.True, "what it cannot read it leaves alone");
    }

    private static async Task<string> FolderOfAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW data_directory", connection);
        return Path.GetDirectoryName((string)(await command.ExecuteScalarAsync())!)!;
    }
}
