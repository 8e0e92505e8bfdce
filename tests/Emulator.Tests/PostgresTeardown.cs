using IgdLab.TestUtilities;

namespace IgdLab.Emulator.Tests;

/// <summary>Stops the private PostgreSQL cluster the tests of shared registries started, once they have all run.</summary>
[SetUpFixture]
public sealed class PostgresTeardown
{
    [OneTimeTearDown]
    public Task StopAsync() => PostgresTestServer.StopAsync();
}
