using IgdLab.Contracts.InProcess;
using Microsoft.AspNetCore.Connections;

namespace IgdLab.Prober.Tests.Contracts;

public sealed class InProcessListenerFactoryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Abort_CancelsConnectionClosed_OnTheThreadPool()
    {
        await using var served = await ServeOneAsync();

        var closed = WhenCancelledAsync(served.Connection.ConnectionClosed);
        served.Connection.Abort(new ConnectionAbortedException("test"));

        await closed.WaitAsync(Patience, TimeProvider.System);
        Assert.That(served.Connection.ConnectionClosed.IsCancellationRequested, Is.True);
    }

    [Test]
    public async Task AbortThenDispose_AtOnce_DoesNotThrowOnTheThreadPool()
    {
        // Kestrel stopping, or a connection middleware that aborts and returns, aborts a connection and disposes it at
        // once. Before the fix the queued cancel then found its source disposed and the exception, thrown on a
        // thread-pool thread, ended the test host.
        var aborted = new List<Task>();
        for (var i = 0; i < 200; i++)
        {
            await using var served = await ServeOneAsync();
            aborted.Add(WhenCancelledAsync(served.Connection.ConnectionClosed));
            served.Connection.Abort(new ConnectionAbortedException("test"));
            await served.Connection.DisposeAsync();
            await served.Serving.WaitAsync(Patience, TimeProvider.System);
        }

        await Task.WhenAll(aborted).WaitAsync(Patience, TimeProvider.System);
        await DrainThreadPoolAsync();
        Assert.That(aborted.All(task => task.IsCompletedSuccessfully), Is.True, "every abort reached ConnectionClosed, though the connection was disposed first");
    }

    [Test]
    public async Task Dispose_EndsServeAsync()
    {
        await using var served = await ServeOneAsync();
        Assert.That(served.Serving.IsCompleted, Is.False, "Kestrel still holds the connection");

        await served.Connection.DisposeAsync();

        await served.Serving.WaitAsync(Patience, TimeProvider.System);
    }

    private static async Task<Served> ServeOneAsync()
    {
        var factory = new InProcessListenerFactory();
        var listener = await factory.BindAsync(factory.EndPoint);
        var stream = new MemoryStream();
        var serving = factory.ServeAsync(stream, CancellationToken.None);
        var connection = await listener.AcceptAsync().AsTask().WaitAsync(Patience, TimeProvider.System);
        return new Served(listener, connection!, serving);
    }

    // Work items queued before this one (not preferring the local queue) have been taken by the time all of these ran.
    private static async Task DrainThreadPoolAsync()
    {
        var drained = new Task[Environment.ProcessorCount * 4];
        for (var i = 0; i < drained.Length; i++)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ThreadPool.UnsafeQueueUserWorkItem(static done => done.TrySetResult(), done, preferLocal: false);
            drained[i] = done.Task;
        }

        await Task.WhenAll(drained).WaitAsync(Patience, TimeProvider.System);
    }

    private static Task WhenCancelledAsync(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => cancelled.TrySetResult());
        return cancelled.Task;
    }

    private sealed record Served(IConnectionListener Listener, ConnectionContext Connection, Task Serving) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            await Listener.DisposeAsync();
        }
    }
}
