using IgdLab.Prober.Cluster;
using IgdLab.Prober.Registry;
using IgdLab.TestUtilities;
using Npgsql;

namespace IgdLab.Prober.Tests.Cluster;

/// <summary>The claims of instances sharing one real PostgreSQL registry (the tests' private cluster), raced for real.</summary>
[Category("Loopback")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PostgresClusterStoreTests
{
    private const int Devices = 2000;
    private const int Rounds = 40;

    /// <summary>
    /// Two survivors claim a dead instance's devices at the same moment, round after round. One claims a few, the
    /// other all it can; no device may end up claimed by both (each would then probe and instruct it).
    /// </summary>
    [Test]
    public async Task TwoInstancesClaimingADeadOnesDevicesAtOnce_NeverBothClaimOne()
    {
        var database = new NpgsqlConnectionStringBuilder(await PostgresTestServer.CreateDatabaseAsync()) { Pooling = true }.ConnectionString;
        using (RegistryStores.Open(database, 10))
        {
            // The schema, made by the registry as the prober makes it.
        }

        await using var source = NpgsqlDataSource.Create(database);
        await using (var seed = source.CreateCommand($"INSERT INTO devices (id, key) SELECT 'd' || lpad(n::text, 5, '0'), '\\x00' FROM generate_series(1, {Devices}) n"))
        {
            await seed.ExecuteNonQueryAsync();
        }

        var now = TimeProvider.System.GetUtcNow();
        var few = new PostgresClusterStore(source, "few");
        var many = new PostgresClusterStore(source, "many");
        few.Join("few", now, now.AddHours(1));
        many.Join("many", now, now.AddHours(1));
        new PostgresClusterStore(source, "dead").Join("dead", now.AddHours(-2), now.AddHours(-1));

        var both = new List<string>();
        for (var round = 0; round < Rounds && both.Count == 0; round++)
        {
            await using (var orphan = source.CreateCommand("UPDATE devices SET owner = 'dead'"))
            {
                await orphan.ExecuteNonQueryAsync();
            }

            using var start = new Barrier(2);
            var byFew = Task.Run(() =>
            {
                start.SignalAndWait();
                return few.Claim(5, now);
            });
            var byMany = Task.Run(() =>
            {
                start.SignalAndWait();
                return many.Claim(Devices, now);
            });
            var claimed = await Task.WhenAll(byFew, byMany);
            both.AddRange(claimed[0].Select(c => c.Device.Id).Intersect(claimed[1].Select(c => c.Device.Id)));
        }

        Assert.That(both, Is.Empty, "devices claimed by both instances in one round");
    }
}
