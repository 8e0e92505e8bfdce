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

    private static async Task<string> ReadAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Limit, TimeProvider.System);
        return Encoding.ASCII.GetString(buffer);
    }
}
