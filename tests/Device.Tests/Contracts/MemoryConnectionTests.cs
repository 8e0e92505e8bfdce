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
    public async Task AWaitingRead_TakesTheNextWrite_AndWhatDoesNotFitWaitsForTheNextRead()
    {
        var (client, server) = MemoryConnection.CreatePair();
        var buffer = new byte[4];
        var reading = server.ReadAsync(buffer).AsTask();
        Assert.That(reading.IsCompleted, Is.False, "nothing written yet");

        await client.WriteAsync("abcdefgh"u8.ToArray());

        Assert.That(await reading.WaitAsync(Limit, TimeProvider.System), Is.EqualTo(4));
        Assert.That(Encoding.ASCII.GetString(buffer), Is.EqualTo("abcd"));
        Assert.That(await ReadAsync(server, 4), Is.EqualTo("efgh"));
    }

    [Test]
    public async Task AZeroByteRead_WaitsForBytes_AndLeavesThemForTheNextRead()
    {
        var (client, server) = MemoryConnection.CreatePair();
        var waiting = server.ReadAsync(Memory<byte>.Empty).AsTask();
        Assert.That(waiting.IsCompleted, Is.False, "nothing to read yet");

        await client.WriteAsync("ping"u8.ToArray());

        Assert.That(await waiting.WaitAsync(Limit, TimeProvider.System), Is.Zero);
        Assert.That(await ReadAsync(server, 4), Is.EqualTo("ping"));
    }

    [Test]
    public async Task CancellingAWaitingRead_ThrowsThere_AndTheConnectionGoesOn()
    {
        var (client, server) = MemoryConnection.CreatePair();
        using var cancel = new CancellationTokenSource();
        var reading = server.ReadAsync(new byte[8], cancel.Token).AsTask();

        await cancel.CancelAsync();

        Assert.That(async () => await reading.WaitAsync(Limit, TimeProvider.System), Throws.InstanceOf<OperationCanceledException>());
        await client.WriteAsync("still here"u8.ToArray());
        Assert.That(await ReadAsync(server, 10), Is.EqualTo("still here"), "the bytes went to the next read, not the cancelled one");
    }

    [Test]
    public async Task ManyWritesAndReadsAtOnce_ArriveWholeAndInOrder()
    {
        var (client, server) = MemoryConnection.CreatePair();
        var sent = Enumerable.Range(0, 20_000).Select(i => (byte)i).ToArray();

        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < sent.Length; offset += 37)
            {
                await client.WriteAsync(sent.AsMemory(offset, Math.Min(37, sent.Length - offset)));
            }

            await client.DisposeAsync();
        });
        var received = new List<byte>();
        var buffer = new byte[101];
        int read;
        while ((read = await server.ReadAsync(buffer).AsTask().WaitAsync(Limit, TimeProvider.System)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }

        await writing;
        Assert.That(received, Is.EqualTo(sent));
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
