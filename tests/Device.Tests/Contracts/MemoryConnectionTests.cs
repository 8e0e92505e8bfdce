using System.Text;
using IgdLab.Contracts.InProcess;

namespace IgdLab.Device.Tests.Contracts;

public sealed class MemoryConnectionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    [Test]
    public async Task BytesWrittenOnOneSide_AreReadOnTheOther_BothWays()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await using (client)
        await using (server)
        {
            await client.WriteAsync("hello"u8.ToArray());
            await server.WriteAsync("world!"u8.ToArray());

            Assert.That(await ReadAsync(server, 5), Is.EqualTo("hello"));
            Assert.That(await ReadAsync(client, 6), Is.EqualTo("world!"));
        }
    }

    [Test]
    public async Task ASmallReadBuffer_TakesTheBytesInOrderOverSeveralReads()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await client.WriteAsync("abcdefg"u8.ToArray());

        var parts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var buffer = new byte[3];
            var read = await server.ReadAsync(buffer).AsTask().WaitAsync(Limit, TimeProvider.System);
            parts.Add(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.That(parts, Is.EqualTo(new[] { "abc", "def", "g" }));
    }

    [Test]
    public async Task DisposingOneSide_EndsTheOthersReadingAfterTheBytesAlreadyWritten()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await client.WriteAsync("last words"u8.ToArray());

        await client.DisposeAsync();

        Assert.That(await ReadAsync(server, 10), Is.EqualTo("last words"));
        Assert.That(await server.ReadAsync(new byte[8]).AsTask().WaitAsync(Limit, TimeProvider.System), Is.Zero, "end of stream");
    }

    [Test]
    public async Task WritingAfterThePeerClosed_Fails()
    {
        var (client, server) = MemoryConnection.CreatePair();
        await server.DisposeAsync();

        Assert.That(async () => await client.WriteAsync("anyone?"u8.ToArray()), Throws.InstanceOf<IOException>());
    }

    [Test]
    public async Task Reset_OthersReadThrowsInsteadOfEndingQuietly()
    {
        var (client, server) = MemoryConnection.CreatePair();
        var reading = client.ReadAsync(new byte[8]).AsTask();

        MemoryConnection.Reset(server);

        Assert.That(
            async () => await reading.WaitAsync(Limit, TimeProvider.System),
            Throws.InstanceOf<IOException>().With.InnerException.InstanceOf<System.Net.Sockets.SocketException>());
        Assert.That(async () => await client.WriteAsync("anyone?"u8.ToArray()), Throws.InstanceOf<IOException>());
    }

    [Test]
    public void CreatePair_WithEndPoints_EachSideSeesTheOtherAsRemote()
    {
        var caller = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.7"), 40000);
        var service = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("127.0.0.8"), 80);

        var (client, server) = MemoryConnection.CreatePair(client: caller, server: service);

        Assert.Multiple(() =>
        {
            Assert.That(((IConnectionEndPoints)server).RemoteEndPoint, Is.EqualTo(caller));
            Assert.That(((IConnectionEndPoints)server).LocalEndPoint, Is.EqualTo(service));
            Assert.That(((IConnectionEndPoints)client).RemoteEndPoint, Is.EqualTo(service));
        });
    }

    private static async Task<string> ReadAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Limit, TimeProvider.System);
        return Encoding.ASCII.GetString(buffer);
    }
}
