using IgdLab.TestUtilities;

namespace IgdLab.Prober.Tests;

/// <summary>Stops the private PostgreSQL cluster the registry tests started, once they have all run.</summary>
[SetUpFixture]
public sealed class PostgresTeardown
{
    [OneTimeTearDown]
    public Task StopAsync() => PostgresTestServer.StopAsync();
}
