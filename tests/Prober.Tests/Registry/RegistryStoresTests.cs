using IgdLab.Prober.Registry;
using IgdLab.TestUtilities;
using Npgsql;

namespace IgdLab.Prober.Tests.Registry;

public sealed class RegistryStoresTests
{
    [TestCase("postgres://watchdog@127.0.0.1/registry", true)]
    [TestCase("postgresql://127.0.0.1:5433/registry", true)]
    [TestCase("Host=127.0.0.1;Database=registry", true)]
    [TestCase("Username=w; host=127.0.0.1", true)]
    [TestCase("registry.db", false)]
    [TestCase("/var/lib/igdlab/Host=1.db", false)]
    [TestCase(null, false)]
    public void IsPostgres_TellsAConnectionStringFromAFileName(string? database, bool postgres) =>
        Assert.That(RegistryStores.IsPostgres(database), Is.EqualTo(postgres));

    [Test]
    public void ToConnectionString_TakesAnAddressApart()
    {
        var builder = new NpgsqlConnectionStringBuilder(
            RegistryStores.ToConnectionString("postgres://watch%40dog:p%3Ass@127.0.0.1:5433/fleet%2D1?sslmode=disable&Timeout=7"));

        Assert.That(builder.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(builder.Port, Is.EqualTo(5433));
        Assert.That(builder.Username, Is.EqualTo("watch@dog"));
        Assert.That(builder.Password, Is.EqualTo("p:ss"));
        Assert.That(builder.Database, Is.EqualTo("fleet-1"));
        Assert.That(builder.SslMode, Is.EqualTo(SslMode.Disable));
        Assert.That(builder.Timeout, Is.EqualTo(7));
    }

    [Test]
    public void ToConnectionString_KeywordForm_IsLeftAsGiven() =>
        Assert.That(RegistryStores.ToConnectionString("Host=127.0.0.1;Database=registry"), Is.EqualTo("Host=127.0.0.1;Database=registry"));

    [TestCase("postgres://127.0.0.1/registry?nosuchsetting=1", "nosuchsetting")]
    [TestCase("postgres:///registry", "not a PostgreSQL address")]
    public void ToConnectionString_BadAddress_SaysWhatIsWrong(string database, string expected) =>
        Assert.That(() => RegistryStores.ToConnectionString(database), Throws.ArgumentException.With.Message.Contains(expected));

    [Test]
    public async Task Postgres_InstancesStartingTogether_CreateTheSchemaOnce()
    {
        var database = await PostgresTestServer.CreateDatabaseAsync();

        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RegistryStores.Open(database, 10))));
        try
        {
            stores[0].SaveKey("nas", [1]);
            Assert.That(stores.Select(store => store.Load().Single().Id), Is.All.EqualTo("nas"));
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM igdlab_schema", connection);
            Assert.That(await count.ExecuteScalarAsync(), Is.EqualTo(1L), "one version row");
        }
        finally
        {
            foreach (var store in stores)
            {
                store.Dispose();
            }
        }
    }

    [Test]
    public async Task Postgres_ANewerSchema_IsRefusedWithTheVersions()
    {
        var database = await PostgresTestServer.CreateDatabaseAsync();
        RegistryStores.Open(database, 10).Dispose();
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var newer = new NpgsqlCommand($"UPDATE igdlab_schema SET version = {PostgresRegistryStore.SchemaVersion + 1}", connection);
            await newer.ExecuteNonQueryAsync();
        }

        Assert.That(
            () => RegistryStores.Open(database, 10),
            Throws.InvalidOperationException.With.Message.Contains($"schema version {PostgresRegistryStore.SchemaVersion + 1}, newer than this prober's {PostgresRegistryStore.SchemaVersion}"));
    }
}
